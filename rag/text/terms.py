"""Word-level text analysis shared by BM25, sentence scoring and verification.

``terms`` gives stemmed content words; ``facts`` gives what must match exactly (numbers, money,
dates, names). Both normalise the same way so an answer and its source compare like for like.
"""

from __future__ import annotations

import functools
import re

import Stemmer

STOPWORDS = frozenset(
    """a about above after again against all am an and any are aren't as at be because been before
    being below between both but by can could did didn't do does doesn't doing don't down during
    each few for from further had has have having he her here hers herself him himself his how i if
    in into is isn't it its itself just let me more most my myself no nor not of off on once only or
    other our ours ourselves out over own same she should so some such than that the their theirs
    them themselves then there these they this those through to too under until up very was wasn't
    we were weren't what when where which while who whom why will with would you your yours yourself
    yourselves also many much said says say told tell according one ones s t mr mrs ms may might
    must shall upon via within without whose whether yet""".split()
)
NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty""".split()
    )
}
SCALES = {"thousand": "thousand", "million": "million", "billion": "billion", "trillion": "trillion",
          "bn": "billion", "m": "million", "k": "thousand", "tn": "trillion"}  # fmt: skip
MONTHS = frozenset(
    """january february march april may june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday""".split()
)
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_NUMBER = re.compile(
    r"([€$£¥])?\s?(?<![\w.])(\d+(?:[.,]\d+)*)\s?(bn|tn|m|k|thousand|million|billion|trillion)?\b", re.I
)
_POSSESSIVE = ("'s", "’s")
_PERCENT = re.compile(r"\s?(?:%|per ?cent\b)")
_NAME = re.compile(r"(?<![\w'’])[A-Z][\w'’-]*")
_OPENING = " \"'“‘([*"  # what may come before a sentence's first word


@functools.cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def words(text: str) -> list[str]:
    """Lower-cased word tokens, possessive 's removed."""
    # A plain suffix test, not re.sub per word: BM25 indexing runs this on every chunk.
    lowered = (w.lower() for w in _WORD.findall(text))
    return [w[:-2] if w.endswith(_POSSESSIVE) else w for w in lowered]


def terms(text: str) -> list[str]:
    """Stemmed content words of ``text`` (stopwords dropped, number words as digits), in order."""
    out = []
    for w in words(text):
        if w in STOPWORDS:
            continue
        out.append(NUMBER_WORDS.get(w) or _normal_number(w) or w)
    return _stemmer().stemWords(out)


def stems(tokens: list[str]) -> list[str]:
    """Stems of lower-case tokens, one per token (stopwords kept, so positions line up)."""
    return _stemmer().stemWords([NUMBER_WORDS.get(w) or _normal_number(w) or w for w in tokens])


def _normal_number(word: str) -> str | None:
    return word.replace(",", "") if word[:1].isdigit() else None


def amounts(text: str) -> list[tuple[str, set[str]]]:
    """Each number, amount or month/weekday of ``text`` as written, with the facts it stands for:
    [("€90 billion", {"€", "90", "billion"}), ("Tuesday", {"tuesday"}), ("three", {"3"})]."""
    out = []
    for m in _NUMBER.finditer(text):
        cur, num, scale = m.groups()
        percent = _PERCENT.match(text, m.end())
        facts = {cur or "", num.replace(",", "").rstrip("."), SCALES.get((scale or "").lower(), "")} - {""}
        out.append((m.group().strip() + (percent.group() if percent else ""), facts))
    for m in _WORD.finditer(text):
        w = m.group().lower()
        if w in MONTHS or (w in NUMBER_WORDS and w not in ("one", "zero")):
            out.append((m.group(), {NUMBER_WORDS.get(w, w)}))
    return out


def facts(sentence: str, skip_first: bool = True) -> set[str]:
    """Numbers, currencies, scales, months/weekdays and capitalised names in ``sentence``, normalised.

    With ``skip_first`` the sentence's first word is not taken as a name (it is capitalised anyway).
    """
    found: set[str] = set()
    for cur, num, scale in _NUMBER.findall(sentence):
        found.add(num.replace(",", "").rstrip("."))
        found.update(x for x in (cur, SCALES.get(scale.lower(), "")) if x)
    for w in words(sentence):
        if w in NUMBER_WORDS and w not in ("one", "zero"):
            found.add(NUMBER_WORDS[w])
        elif w in MONTHS or w in SCALES.values():
            found.add(w)
    # Where the first word starts, past opening quotes and brackets: computed once, since slicing the
    # prefix at every name made this quadratic in the text's length.
    first = len(sentence) - len(sentence.lstrip(_OPENING)) if skip_first else -1
    for m in _NAME.finditer(sentence):
        if m.start() == first:
            continue
        name = re.sub(r"['’]s$", "", m.group()).lower().strip("-")
        if name not in STOPWORDS and name not in MONTHS:
            found.add(name)
    return found
