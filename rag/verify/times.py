"""Relative time expressions ("this month", "next year", "yesterday"), normalised for comparison.

Dates, years, months and weekdays are checked as facts elsewhere; these are the expressions that
have no number or name in them, so a change from "this month" to "next year" would otherwise pass.
"""

from __future__ import annotations

import re

_UNITS = "week|weekend|month|year|quarter|decade|century|season|spring|summer|autumn|winter|morning|afternoon|evening|night"  # noqa: E501
_RELATIVE = re.compile(
    rf"\b(?:(?:(earlier|later)\s+)?(this|next|last|past|previous|coming|following)\s+({_UNITS})s?"
    r"|(yesterday|today|tomorrow|tonight))\b",
    re.I,
)
_SAME = {"past": "last", "previous": "last", "coming": "next", "following": "next"}


def expressions(text: str) -> dict[str, str]:
    """Normalised time expression -> its wording in ``text``, e.g. {"last week": "previous week"}."""
    out: dict[str, str] = {}
    for m in _RELATIVE.finditer(text):
        if m.group(4):
            key = m.group(4).lower()
        else:
            key = f"{_SAME.get(m.group(2).lower(), m.group(2).lower())} {m.group(3).lower()}"
        out.setdefault(key, m.group().strip())
    return out


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
