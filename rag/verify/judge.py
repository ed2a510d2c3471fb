"""One claim against its cited text: each check in turn; the first that fails gives the graded reason.

Order matters only for the reason shown: exact facts first (numbers, amounts, dates), then names,
time expressions, roles, polarity, who-did-what, and last how much of the wording the text carries.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from rag.terms import STOPWORDS, amounts, facts, stems, words
from rag.verify import names, order, polarity, times
from rag.verify.align import Span, aligned, counterpart, span
from rag.verify.lexicon import is_demonym, is_person, lemmas, synonyms

MIN_CONTENT = 0.6  # share of a claim's content words its cited text must carry (synonyms count)


@functools.lru_cache(maxsize=1024)
def _source(source: str) -> tuple[frozenset[str], frozenset[str], str]:
    """(facts and words, stems, lower-case text with spaces around) of a cited text, computed once."""
    tokens = words(source)
    return (
        frozenset(tokens) | facts(source, skip_first=False),
        frozenset(stems(tokens)),
        f" {' '.join(tokens)} ",
    )


def covered(word: str, source: str) -> bool:
    """True when ``source`` has ``word``, a form of it or a synonym (resigned ~ stepped down)."""
    _, stemmed, text = _source(source)
    if stems([word])[0] in stemmed:
        return True
    for other in synonyms(word) | lemmas(word):
        if (" " in other and f" {other} " in text) or stems([other])[0] in stemmed:
            return True
    return False


def _changed(new: list[str], claim: Span, old: list[str], cited: Span) -> str:
    """ "changed: old → new" naming what the first new phrase replaced, else "not in the cited text: ..." """
    was = counterpart(new[0], claim, old, cited)
    return f"changed: {was} → {new[0]}" if was else f"not in the cited text: {', '.join(new)}"


def _quantities(claim: Span, source: str, cited: Span) -> str:
    known = _source(source)[0]
    new = [text for text, fs in amounts(claim.text) if fs - known]
    mine = {f for _, fs in amounts(claim.text) for f in fs}
    old = [text for text, fs in amounts(cited.text) if fs - mine]
    return _changed(new, claim, old, cited) if new else ""


def _names(claim: Span, source: str, cited: Span) -> str:
    new = names.missing(claim.text, source)
    old = [n for n in names.names(cited.text, source) if not names.supported(n, claim.text)]
    if new:  # a nationality replaces a nationality, a name a name
        old = [n for n in old if is_demonym(n) == is_demonym(new[0])] or old
    return _changed(new, claim, old, cited) if new else ""


def _roles(claim: Span, source: str, cited: Span) -> str:
    named = {w for n in names.names(f"{claim.text} {cited.text}", source) for w in words(n)}  # Americans
    new = [t for t in dict.fromkeys(claim.tokens) if _role(t, named) and not covered(t, source)]
    old = [t for t in cited.tokens if _role(t, named) and not covered(t, claim.text)]
    return _changed(new, claim, old, cited) if new else ""


def _role(token: str, named: set[str]) -> bool:
    return token not in STOPWORDS and token not in named and is_person(token)


def _coverage(claim: Span, source: str) -> str:
    content = [t for t in dict.fromkeys(claim.tokens) if t not in STOPWORDS]
    if not content:
        return ""
    known = names.known_forms(source)
    share = sum(t in known or covered(t, source) for t in content) / len(content)
    return f"only {share:.0%} of its words are in the cited text" if share < MIN_CONTENT else ""


def judge(claim: str, source: str) -> str:
    """Why ``claim`` is not supported by ``source`` (its cited text), or "" when it is."""
    mine = span(claim)
    cited = aligned(mine, source)
    checks: list[Callable[[], str]] = [
        lambda: _quantities(mine, source, cited),
        lambda: _names(mine, source, cited),
        lambda: times.check(claim, cited.text, source),
        lambda: _roles(mine, source, cited),
        lambda: polarity.check(mine, cited),
        lambda: order.check(mine, names.names(claim, source), cited),
        lambda: _coverage(mine, source),
    ]
    return next((reason for check in checks if (reason := check())), "")
