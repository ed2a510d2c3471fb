"""The answer phrase: the words of an answer that answer its question — a number for "how many", a
date for "when", a person for "who", a place for "where", a name for "which official" — shown in
bold in the chat and printed first by ``rag ask``; for a question of no such type, the phrase
rag/answer/phrase_untyped.py singles out. None when the answer holds none that the question does not
already name. (The ``shorten`` LLM job, rag/answer/phrase_llm.py, has a model cut the phrase instead.)
"""

from __future__ import annotations

import re

from rag.answer.phrase_untyped import untyped
from rag.text import names
from rag.text.dates import YEAR
from rag.text.lexicon import is_demonym, is_place, lemmas
from rag.text.terms import MONTHS, STOPWORDS, stems, words

_MONTH = "(?:" + "|".join(m.capitalize() for m in MONTHS) + ")"
_NUMBER = re.compile(
    r"(?:[€$£¥]\s?)?\b\d[\d,.]*\d?(?:\s?(?:%|per ?cent\b))?(?:\s(?:thousand|million|billion|trillion)\b)?"
    r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred"
    r"|dozen)(?:\s(?:thousand|million|billion))?\b"
)
_ORDINAL = (
    "(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth"
    "|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first)"
)
_DATE = re.compile(
    rf"\b\d{{1,2}}\s{_MONTH}(?:\s\d{{3,4}})?\b|\b{_MONTH}\s\d{{1,2}}(?:,\s\d{{3,4}})?\b|\b{_MONTH}\s\d{{3,4}}\b"
    r"|\b(?:(?:early|late|mid)[- ])?(?:the\s)?(?:\d{1,2}(?:st|nd|rd|th)|"
    + _ORDINAL
    + r")[- ]centur(?:y|ies)\b"
    r"|(?<![\d,.])\b\d{3,4}s?\b(?![,.]\d)"
    rf"|\b{_MONTH}\b|\b(?:yesterday|today|tomorrow|(?:this|next|last) (?:week|month|year))\b"
)
_DATE_WORD = re.compile(rf"\b(?:in|since|until|by|during|from|before|after|{_MONTH})\s+$", re.I)
_WANTS = (
    (
        "number",
        re.compile(r"\bhow (?:many|much|long|old|far|big|large)\b|\bwhat (?:percentage|number|amount)\b"),
    ),
    ("date", re.compile(r"\bwhen\b|\b(?:what|which) (?:year|date|day|month|century|decade|time)\b")),
    ("person", re.compile(r"^\s*(?:who|whom|whose)\b|\bwho (?:is|was|were|did)\b")),
    ("place", re.compile(r"\bwhere\b|\b(?:what|which) (?:country|city|town|region|state|continent|place)\b")),
    (
        "name",
        re.compile(r"\b(?:what|which) (?:official|company|organi[sz]ation|group|party|team|king|leader)\b"),
    ),
)


def kind(question: str) -> str | None:
    """number, date, person, place or name when the question's form asks for one, else None."""
    q = question.lower()
    # the wh-word asked first decides: "Who was the leader when ...?" asks for a person
    found = [(m.start(), k) for k, pattern in _WANTS if (m := pattern.search(q))]
    return min(found)[1] if found else None


def phrase(question: str, answer: str) -> str | None:
    """The phrase of ``answer`` that answers ``question``: of the kind it asks for, not named in the
    question, and nearest the question's own words; None when there is none."""
    wanted = kind(question)
    if wanted is None:
        return untyped(question, answer)
    candidates = [c for c in _candidates(wanted, answer, question) if not _asked(c, question)]
    if not candidates:
        return None
    near = _anchors(answer, question)
    return min(candidates, key=lambda c: _distance(answer, c, near))


def _candidates(wanted: str, text: str, question: str) -> list[str]:
    if wanted == "number":  # a year is no quantity: "how many" is not answered by "in 2024"
        found = [(m.group().strip().rstrip(",."), m.start()) for m in _NUMBER.finditer(text)]
        plain = [n for n, _ in found if not YEAR.fullmatch(n)]
        return plain or [n for n, at in found if _counts(text[:at], text[at + len(n) :])]
    if wanted == "date":
        return [m.group() for m in _DATE.finditer(text)]
    found = names.names(text, text)
    if wanted == "place":
        return [n for n in found if is_place(n)] or [n for n in found if not is_demonym(n)]
    if wanted == "person":
        return [n for n in found if not is_place(n) and not is_demonym(n)] or found
    return found


def _counts(before: str, after: str) -> bool:
    """A year-shaped number counts something when a plural noun follows it ("1500 men", "1500
    people") and no date word comes before it ("in 1500", "since May 2019")."""
    noun = re.match(r"\s+([a-z]+)", after)
    plural = bool(noun) and (noun[1] == "people" or bool(lemmas(noun[1], "n") - {noun[1]}))
    return plural and not _DATE_WORD.search(before)


def _asked(candidate: str, question: str) -> bool:
    """True when every word of the candidate is in the question (it names what is asked about)."""
    mine = set(words(candidate)) - STOPWORDS
    return bool(mine) and mine <= set(words(question))


def _anchors(text: str, question: str) -> list[int]:
    """Token positions in ``text`` of the question's content words."""
    want = set(stems([w for w in words(question) if w not in STOPWORDS]))
    return [i for i, s in enumerate(stems(words(text))) if s in want]


def _distance(text: str, candidate: str, anchors: list[int]) -> tuple[int, int]:
    """(tokens to the nearest question word, position): nearer first, then earlier."""
    at = len(words(text[: text.find(candidate)])) if candidate in text else 0
    return (min((abs(at - a) for a in anchors), default=0), at)
