"""Relative dates in news text ("on Thursday", "yesterday", "last week", "later this month") resolved
against the article's own date: shown beside the words in the sources panel ("on Thursday (4 Dec
2025)") and stored per passage so date filters also find a passage by the days it speaks of.

A bare weekday means the latest such day on or before the article's date (news reports what
happened); "next Thursday" the first after it. Weeks run Monday to Sunday.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_EXPRESSION = re.compile(
    r"\b(?:(?P<rel>last|next|this|coming)\s+(?P<day>" + "|".join(WEEKDAYS) + r")"
    r"|(?:on\s+)?(?P<bare>" + "|".join(WEEKDAYS) + r")"
    r"|(?P<word>yesterday|today|tonight|tomorrow)"
    r"|(?:(?:later|earlier)\s+)?(?P<which>last|this|next)\s+(?P<unit>week|month|year))\b",
    re.I,
)


def mentions(text: str, anchor: date | None) -> list[tuple[int, int, date, date]]:
    """(start, end, first day, last day) of each relative date expression in ``text`` (none without
    an article date to resolve them against)."""
    if anchor is None:
        return []
    out = []
    for m in _EXPRESSION.finditer(text):
        span = _resolve(m, anchor)
        if span:
            out.append((m.start(), m.end(), *span))
    return out


def label(first: date, last: date) -> str:
    """'4 Dec 2025', '1–7 Dec 2025', 'Dec 2025' or '2025'."""
    if first == last:
        return f"{first.day} {first:%b %Y}"
    if first.day == 1 and last == _month_end(first):
        return f"{first:%b %Y}"
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        return str(first.year)
    return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"


def span(text: str, anchor: date | None) -> tuple[date, date] | None:
    """The first and last day all of ``text``'s relative dates cover (for date filters), or None."""
    found = mentions(text, anchor)
    return (min(m[2] for m in found), max(m[3] for m in found)) if found else None


def _resolve(m: re.Match, anchor: date) -> tuple[date, date] | None:
    if m.group("word"):
        shift = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[m.group("word").lower()]
        day = anchor + timedelta(days=shift)
        return day, day
    if m.group("bare") or m.group("day"):
        target = WEEKDAYS.index((m.group("bare") or m.group("day")).lower())
        back = (anchor.weekday() - target) % 7
        if (m.group("rel") or "").lower() in ("next", "coming"):
            day = anchor + timedelta(days=(target - anchor.weekday()) % 7 or 7)
        elif (m.group("rel") or "").lower() == "last":
            day = anchor - timedelta(days=back or 7)
        else:  # "on Thursday", "this Thursday": the latest one, the article's own day included
            day = anchor - timedelta(days=back)
        return day, day
    return _period(m.group("which").lower(), m.group("unit").lower(), anchor)


def _period(which: str, unit: str, anchor: date) -> tuple[date, date]:
    step = {"last": -1, "this": 0, "next": 1}[which]
    if unit == "week":
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
        return monday, monday + timedelta(days=6)
    if unit == "month":
        month = anchor.month - 1 + step
        first = date(anchor.year + month // 12, month % 12 + 1, 1)
        return first, _month_end(first)
    return date(anchor.year + step, 1, 1), date(anchor.year + step, 12, 31)


def _month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])
