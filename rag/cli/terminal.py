"""Untrusted text (titles, file names, passages, questions, error messages) made safe for a terminal.

Article text and file names may hold escape sequences (``\\x1b[2J`` clears the screen, ``\\x1b]0;..\\x07``
sets the window title) or newlines that would split a one-line error. Everything the CLI prints from
them goes through ``safe`` (or ``one_line`` for errors). The CLI's answers, reports and progress
bar are printed here, through them.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

from rag.core.types import FIGURES
from rag.verify.reasons import readable

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


def with_progress(fn, target, total: int):
    """``fn(target, progress=...)`` with a progress bar on stderr over ``total`` files."""
    from tqdm import tqdm

    with tqdm(total=total, unit="file", desc="ingest", disable=None, file=sys.stderr) as bar:
        return fn(target, progress=lambda item: (bar.set_postfix_str(one_line(_label(item))), bar.update(1)))


def _label(item: str) -> str:
    """A file's name or a URL's end, for the progress bar."""
    return (item.rstrip("/").rsplit("/", 1)[-1] if "://" in item else Path(item).name)[:30]


def print_report(report) -> int:
    """An ingest report: the summary on stdout, one error line per failed file; 1 if any failed."""
    print(safe(report.summary()))
    for path, reason in report.failed:
        print(f"rag: error: {one_line(path)}: {one_line(reason)}", file=sys.stderr)
    return 1 if report.failed else 0


def stream_answer(kb, question: str, history: list[dict] | None, filters: dict | None = None):
    """Print the answer as it streams, then its sources; returns the final Answer. An extractive answer
    does not stream: it is printed whole, its answer phrase first."""
    from rag.core.types import Answer

    if kb.model == "extractive":
        answer = kb.ask(question, history=history, filters=filters)
        print(format_answer(answer))
        return answer
    shown = ""
    for item in kb.stream(question, history=history, filters=filters):
        if isinstance(item, Answer):
            if item.text.strip() != shown.strip():  # replaced after verification: show what stands
                print("\n  ⚠ not supported by the articles; replaced by:\n" + safe(item.text))
            else:
                print()
            print(format_answer(item, with_text=False))
            return item
        shown += item
        print(safe(item), end="", flush=True)
    raise AssertionError("stream ended without an Answer")


def format_answer(answer, with_text: bool = True) -> str:
    """An answer for the terminal: answer phrase, text, flagged unsupported sentences, then the sources."""
    lines = [f"→ {one_line(answer.short)}"] if answer.short and not answer.abstained else []
    lines += [safe(answer.text)] if with_text else []
    for s in answer.unsupported:
        why = readable(answer.reasons.get(s, ""))
        lines.append(f"  ⚠ not verified ({one_line(why)}): {one_line(s)}")
    if answer.figures:
        lines.append(f"  ⚖ {FIGURES[answer.figures]}")
    if answer.note:
        lines.append(f"  note: {one_line(answer.note)}")
    if answer.closest:  # under a refusal: what came nearest, for the reader to judge
        lines.append("  Closest passages (not an answer):")
        lines += [f"  - {one_line(f'{c.title}: “{c.quote}”')}" for c in answer.closest]
    for c in answer.citations:
        meta = ", ".join(c.details())
        cited = f"[{c.n}] {c.title}{f' ({meta})' if meta else ''}: “{c.quote or c.text[:200]}”"
        lines.append("  " + one_line(cited))
        if c.also:
            lines.append("      " + one_line("also published by " + ", ".join(c.also)))
    return "\n".join(lines)
