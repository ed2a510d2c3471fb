"""Look-alikes (issue 25): an answer about a sibling of what the question names is no answer. News
is full of them: two storms a year apart ("Storm Doreen", "Storm Elvira"), two bridges, two ministers
("Gareth Lowe", "Gareth Lowrie"), two models ("HP-9", "HP-12"), two years. When the answer's own
context (its article's title, its paragraph up to the answer) names a sibling of an asked name (the
same word beside a different one, a code with the same letters, another year) and not the asked one,
the answer is about the sibling."""

from __future__ import annotations

import re

from rag.answer.qualifiers import STEM
from rag.core.types import Hit
from rag.question.followup import split_context
from rag.text.dates import YEAR
from rag.text.terms import STOPWORDS

_PAIR = re.compile(r"(?=\b([A-Z][a-z]+)\s+([A-Z][a-z]+)\b)")
_CODE = re.compile(r"\b([A-Z]{1,4})-?(\d+)\b")
# Words that stand before a name without being one: "Mr Lowe" is Gareth Lowe, not his look-alike.
TITLES = frozenset(
    "mr mrs ms miss dr sir dame lord lady prof professor minister president chancellor secretary senator "
    "governor mayor chief judge justice king queen prince princess saint st general captain colonel rev "
    "father sister brother chair chairman chairwoman director inspector sergeant officer councillor".split()
)
_DECADE = re.compile(r"\d{4}['’]?s\b")  # "the 1950s" names no one year


def context(hits: list[Hit], hit_index: int, start: int, end: int) -> str:
    """The answer's own context: its article's title and its paragraph from the start to ``end``."""
    hit = hits[hit_index]
    begin = hit.text.rfind("\n", 0, start) + 1
    return f"{hit.title}\n{hit.text[begin:end]}"


def look_alike(question: str, text: str) -> str:
    """The sibling ``text`` names in place of a name, code or year of ``question`` ('' when none)."""
    question, _ = split_context(question)  # a follow-up rewrite's borrowed words are not asked
    asked = [(a, b) for a, b in _PAIR.findall(question) if _name(a) and _name(b)]
    for a, b in asked:  # a sibling the question names too is asked about ("Which cost more, A or B?")
        for x, y in _PAIR.findall(text):
            if (x, y) in asked or not (_name(x) and _name(y)):
                continue
            if x == a and not _has(b, text) or y == b and not _has(a, text):
                return f"{x} {y}"
    codes = _CODE.findall(question)
    for letters, number in codes:
        named = {n for code, n in _CODE.findall(text) if code == letters}
        others = named - {n for code, n in codes if code == letters}
        if others and number not in named:
            return f"{letters}-{min(others)}"
    years = {y for y in YEAR.findall(question) if not _DECADE.match(question, question.find(y))}
    found = set(YEAR.findall(text))
    if years and found and not years & found:
        return min(found)
    return ""


def _has(word: str, text: str) -> bool:
    """Whether ``text`` has ``word`` in some form: its first letters anywhere, any case ("Empires" in
    "Empire", "American" in "America", "Talk" in "AppleTalk"); "Lowe" is not in "Lowrie"."""
    return word[: max(STEM, len(word) - 2)].lower() in text.lower()


def _name(word: str) -> bool:
    """Whether a capitalised word can tell one named thing from another (not a title, not "The")."""
    return word.lower() not in TITLES and word.lower() not in STOPWORDS
