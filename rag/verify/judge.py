"""One claim against its cited text: each check in turn; the first that fails gives the graded reason.

Order matters only for the reason shown: exact facts first (numbers, amounts, dates), then names,
time expressions, roles, polarity, who-did-what, and last how much of the wording the text carries.
"""

from __future__ import annotations

from collections.abc import Callable

from rag.text import names
from rag.text.lexicon import is_demonym
from rag.text.terms import amounts
from rag.verify import attach, coverage, order, polarity, roles, times
from rag.verify.align import Span, aligned, span
from rag.verify.coverage import changed


def _quantities(claim: Span, source: str, cited: Span) -> str:
    known = coverage.known(source)
    new = [text for text, fs in amounts(claim.text) if fs - known]
    mine = {f for _, fs in amounts(claim.text) for f in fs}
    old = [text for text, fs in amounts(cited.text) if fs - mine]
    return changed(new, claim, old, cited) if new else ""


def _names(claim: Span, source: str, cited: Span) -> str:
    new = names.missing(claim.text, source)
    old = [n for n in names.names(cited.text, source) if not names.supported(n, claim.text)]
    if new:  # a nationality replaces a nationality, a name a name
        old = [n for n in old if is_demonym(n) == is_demonym(new[0])] or old
    return changed(new, claim, old, cited) if new else ""


def judge(claim: str, source: str) -> str:
    """Why ``claim`` is not supported by ``source`` (its cited text), or "" when it is."""
    mine = span(claim)
    cited = aligned(mine, source)
    checks: list[Callable[[], str]] = [
        lambda: _quantities(mine, source, cited),
        lambda: _names(mine, source, cited),
        lambda: attach.check(mine, source),
        lambda: times.check(claim, cited.text, source),
        lambda: roles.check(mine, source, cited),
        lambda: polarity.check(mine, cited),
        lambda: order.check(mine, names.names(claim, source), cited),
        lambda: coverage.check(mine, source),
    ]
    return next((reason for check in checks if (reason := check())), "")
