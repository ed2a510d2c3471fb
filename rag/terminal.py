"""Untrusted text (titles, file names, passages, questions, error messages) made safe for a terminal.

Article text and file names may hold escape sequences (``\\x1b[2J`` clears the screen, ``\\x1b]0;..\\x07``
sets the window title) or newlines that would split a one-line error. Everything the CLI prints from
them goes through ``safe`` (or ``one_line`` for errors).
"""

from __future__ import annotations

import json
import re
import unicodedata

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 and C1 controls, DEL, and the bidirectional overrides that can reorder what a terminal shows.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(m: re.Match) -> str:
    c = m.group()
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


def safe(text: object, newlines: bool = True) -> str:
    """``text`` with control characters shown as escapes (``\\x1b``); tabs kept, newlines kept only
    when ``newlines`` (else each line break becomes a space). Lone surrogates become U+FFFD."""
    text = _SURROGATE.sub("\ufffd", str(text))  # undecodable bytes (surrogateescape), lone halves
    if not newlines:
        text = re.sub(r"\s*[\r\n\u2028\u2029\x85]+\s*", " ", text)
    else:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(_visible, unicodedata.normalize("NFC", text))


def one_line(text: object) -> str:
    """``text`` on one line, controls escaped: for ``rag: error: ...`` messages."""
    return safe(text, newlines=False).strip()


_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_text(value: object) -> str:
    """``value`` as indented JSON for a terminal: json escapes C0 controls itself; C1 controls,
    bidirectional overrides and lone surrogates are escaped too (still valid JSON)."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
