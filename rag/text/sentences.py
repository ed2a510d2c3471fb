"""Sentence splitting with character offsets, so every sentence maps back into its text."""

from __future__ import annotations

import re

# Words whose trailing period does not end a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st jr sr vs etc e.g i.e u.s u.k u.n gen gov sen rep rev inc ltd co corp no fig
    jan feb mar apr jun jul aug sep sept oct nov dec approx dept est lt col capt sgt mt ft""".split()
)
# A candidate end: terminal punctuation, optional closing quotes/brackets, then white space.
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)|\n\s*")
_NEXT_START = re.compile(r"\s*[\"'“‘(\[]?[A-Z0-9À-Ý€$£]")


# A sentence opening by pointing back ("He said ...", "It was ...") needs the one before it.
POINTING = re.compile(
    r"^\W*(?:he|she|it|they|his|her|its|their|this|these|those|the latter|the former)\b", re.I
)

CONTINUES = re.compile(r"^[^\"“”]*\w[,.!?]?[\"”]")  # closes a quotation it did not open


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return (start, end) character spans of the sentences in ``text[start:end]``, white space trimmed."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    begin = start
    for m in _END.finditer(text, start, end):
        if m.group().startswith("\n") or _is_boundary(text, m.start(), m.end(), end):
            _add(text, begin, m.end(), spans)
            begin = m.end()
    _add(text, begin, end, spans)
    return spans


def _is_boundary(text: str, dot: int, after: int, end: int) -> bool:
    """A period ends a sentence unless it closes an abbreviation or initial, or lower case follows."""
    if not _NEXT_START.match(text, after, end):
        return False
    if text[dot] != ".":
        return True
    word = re.search(r"[\w.]*$", text[max(0, dot - 12) : dot]).group().lower()
    if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return False
    return True


def _add(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a and any(c.isalnum() for c in text[a:b]):
        spans.append((a, b))
