"""How much of a claim its cited text carries: a word counts when the text has it, a form of it or a
synonym; names count in any of their forms. Also the shared wording of "changed: old → new" reasons."""

from __future__ import annotations

import functools

from rag.text import names
from rag.text.lexicon import lemmas, synonyms
from rag.text.terms import STOPWORDS, facts, stems, words
from rag.verify.align import Span, counterpart

MIN_CONTENT = 0.6  # share of a claim's content words its cited text must carry (synonyms count)


@functools.lru_cache(maxsize=1024)
def _source(source: str) -> tuple[frozenset[str], frozenset[str], str, frozenset[str]]:
    """(facts and words, stems, lower-case text with spaces around, synonyms of its content words) of
    a cited text, computed once."""
    tokens = words(source)
    content = {t for t in tokens if t not in STOPWORDS}
    return (
        frozenset(tokens) | facts(source, skip_first=False),
        frozenset(stems(tokens)),
        f" {' '.join(tokens)} ",
        frozenset(s for t in content for s in synonyms(t)),
    )


def covered(word: str, source: str) -> bool:
    """True when ``source`` has ``word``, a form of it or a synonym either way (resigned ~ stepped down,
    significant ~ major)."""
    _, stemmed, text, theirs = _source(source)
    if stems([word])[0] in stemmed or lemmas(word) & theirs:
        return True
    for other in synonyms(word) | lemmas(word):
        if (" " in other and f" {other} " in text) or stems([other])[0] in stemmed:
            return True
    return False


def known(source: str) -> frozenset[str]:
    """The words and facts (numbers, currencies, dates, names) of a cited text, lower-case."""
    return _source(source)[0]


def changed(new: list[str], claim: Span, old: list[str], cited: Span) -> str:
    """ "changed: old → new" naming what the first new phrase replaced, else "not in the cited text: ..." """
    was = counterpart(new[0], claim, old, cited)
    return f"changed: {was} → {new[0]}" if was else f"not in the cited text: {', '.join(new)}"


def check(claim: Span, source: str) -> str:
    content = [t for t in dict.fromkeys(claim.tokens) if t not in STOPWORDS]
    if not content:
        return ""
    known = names.known_forms(source)
    share = sum(t in known or covered(t, source) for t in content) / len(content)
    return f"only {share:.0%} of its words are in the cited text" if share < MIN_CONTENT else ""
