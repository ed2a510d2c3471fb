"""The kind of answer a question wants: a number for "how many", a date for "when", a name for "who"
or "where"; and whether a sentence holds one beyond what the question itself names."""

from __future__ import annotations

import functools
import re

from rag.text.dates import DATE, YEAR
from rag.text.terms import MONTHS, NUMBER_WORDS, SCALES, facts

_NUMBER_WORD = r"\b(" + "|".join(NUMBER_WORDS) + r"|hundred|thousand|million|billion|dozen)\b"
_NUMBER = re.compile(r"\d|" + _NUMBER_WORD, re.I)
_WHOLE_NUMBER = re.compile(r"\d+(?:[.,]\d+)*|" + _NUMBER_WORD, re.I)
_WANTS_NUMBER = re.compile(
    r"\bhow (many|much|long|old|far|big|large)\b|\bwhat (percentage|number|amount)\b"
    r"|\bwhat (is|was|are|were|will be) the (\w+ )?(rate|percentage|population|cost|price|amount|number"
    r"|total|size|value|budget|length|height|distance|speed|temperature)\b"
)
# "When did ...", "Since when ...", "... in what year": a "when" inside the question ("What is formed
# when a phagosome fuses ...") opens a clause and asks for no date
_WANTS_DATE = re.compile(
    r"^\W*(?:\w+\W+){0,2}?when\b|\b(?:since|by|until|till|from) when\b|\bwhen\W*$"
    r"|\bwhat (year|date|day|month|century|time)\b|\bwhich (year|century)\b"
)
_NOT_NAMES = MONTHS | set(SCALES.values())  # facts that are not names of people, places or bodies


_WANTS_REASON = re.compile(r"^\s*(?:why\b|what (?:caused|led to)\b|what(?:'s| is) behind\b)")
# What gives a reason: a cause, a protest's target, a purpose
_REASON = re.compile(
    r"\b(?:because|due to|owing to|as a result|thanks to|in protest|protest(?:ing|ed)? (?:at|against|over)"
    r"|in response to|in (?:a|the) (?:row|dispute|protest) over|(?:needed|used|meant|designed|aimed) to"
    r"|to (?:cover|pay for|fund|meet|make up for)|in order to|so that|blamed|citing|cited|caused by"
    r"|reason|undervalue[sd]?)\b",
    re.I,
)


def wanted_type(question: str) -> str | None:
    """'number', 'date', 'name' or 'reason' (why) when the question's form asks for one."""
    q = question.lower()
    if _WANTS_REASON.search(q):
        return "reason"
    if _WANTS_NUMBER.search(q):
        return "number"
    if _WANTS_DATE.search(q):
        return "date"
    if re.search(r"^\s*(who|whom|whose)\b|\bwho (is|was|were|did)\b|^\s*where\b", q):
        return "name"
    return None


def has_type(sentence: str, kind: str | None, question: str = "") -> bool:
    """Whether ``sentence`` holds what ``kind`` asks for, beyond what the question itself names."""
    if kind is None:
        return True
    if kind == "reason":
        return bool(_REASON.search(sentence))
    numbers, dates, names = _asked(question)
    if kind == "name":
        return any(w.isalpha() and w not in _NOT_NAMES and w not in names for w in facts(sentence))
    # "€90 billion" in the question does not answer "what is the rate on the €90 billion loan"
    for pattern, asked in ((_WHOLE_NUMBER, numbers), (DATE, dates)):
        if asked:
            sentence = pattern.sub(lambda m, a=asked: " " if m.group().lower() in a else m.group(), sentence)
    if kind == "number":  # "how many books" is not answered by "in 1639"
        sentence = YEAR.sub(" ", sentence)
    return bool((_NUMBER if kind == "number" else DATE).search(sentence))


@functools.lru_cache(maxsize=1024)
def _asked(question: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The numbers, dates and names a question itself contains (lower case); computed once per question,
    not once per candidate sentence."""
    numbers = frozenset(m.group().lower() for m in _WHOLE_NUMBER.finditer(question))
    dates = frozenset(m.group().lower() for m in DATE.finditer(question))
    names = frozenset(facts(question, skip_first=False)) if question else frozenset()
    return numbers, dates, names
