"""Relative time expressions ("this month", "next year", "yesterday") in a claim and its cited text
(rag/text/dates.py normalises them for comparison).

Dates, years, months and weekdays are checked as facts elsewhere; these are the expressions that
have no number or name in them, so a change from "this month" to "next year" would otherwise pass.
"""

from __future__ import annotations

from rag.text.dates import expressions


def check(claim: str, cited: str, whole: str) -> str:
    """A reason when the claim has a time expression the cited text does not ("changed: ..."), else "".

    ``cited`` is the sentence the claim covers (to name what changed), ``whole`` all its cited text.
    """
    have = expressions(whole)
    extra = {k: v for k, v in expressions(claim).items() if k not in have}
    if not extra:
        return ""
    said = next(iter(extra.values()))
    before = [v for k, v in expressions(cited).items() if k not in expressions(claim)]
    return f"changed: {before[0]} → {said}" if before else f"not in the cited text: {said}"
