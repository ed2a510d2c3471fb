"""Relative dates in news text ("on Thursday", "yesterday", "last week", "later this month") resolved
against the article's own date: shown beside the words in the sources panel ("on Thursday (4 Dec
2025)") and stored per passage so date filters also find a passage by the days it speaks of.

A bare weekday means the latest such day on or before the article's date (news reports what
happened); "next Thursday" the first after it. Weeks run Monday to Sunday.

Also the other date language every stage shares: a date string's first and last day (an article's
date, a filter's bound), the date words that answer "when" and the years in a sentence, and the
relative time expressions the verifier compares ("this month" is not "next year").
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from dateutil import parser as dateparser

from rag.text.terms import MONTHS

YEAR = re.compile(r"(?<![\d,.])\b(?:1\d{3}|20\d{2})\b(?![,.]\d)")
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# Absolute dates, and the relative ones news articles use ("later this month", "next week", "today").
DATE = re.compile(
    r"\b(1\d{3}|20\d{2}|\d{1,2}(st|nd|rd|th)|\d{2,3}0s|\d{1,4} (?:BC|BCE|AD|CE)|centur\w*|decade|"
    r"today|tonight|tomorrow|yesterday|last night|"
    + "|".join(WEEKDAYS)
    + r"|(this|next|last|coming|following) (week|month|year|spring|summer|autumn|fall|winter)|"
    + "|".join(MONTHS)
    + r")\b",
    re.I,
)

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


def normalize_date(raw: str) -> str:
    """ISO date (YYYY-MM-DD) from any common date string; '' when absent or unparseable.

    A partial date means its first day: '2024' is 2024-01-01, 'March 2024' is 2024-03-01.
    """
    return date_bounds(raw)[0]


def date_bounds(raw: str) -> tuple[str, str]:
    """First and last ISO day a date string covers ('2024' -> 2024-01-01, 2024-12-31); '' if none."""
    if not raw.strip():
        return "", ""
    try:  # parse with two defaults: fields that come out different were not in the string
        lo = dateparser.parse(raw, fuzzy=True, default=datetime(2000, 1, 1))
        hi = dateparser.parse(raw, fuzzy=True, default=datetime(2001, 12, 28))
    except (ValueError, OverflowError):
        return "", ""
    if lo.year != hi.year:
        return "", ""  # no year given: too vague to file or filter by
    month = lo.month if lo.month == hi.month else 12
    day = lo.day if lo.day == hi.day else calendar.monthrange(lo.year, month)[1]
    first = lo.replace(month=lo.month if lo.month == hi.month else 1, day=lo.day if lo.day == hi.day else 1)
    return first.date().isoformat(), date(lo.year, month, day).isoformat()


_EXPRESSION = re.compile(
    r"\b(?:(?P<rel>last|previous|next|this|coming)\s+(?P<day>" + "|".join(WEEKDAYS) + r")"
    r"|(?:on\s+)?(?P<bare>" + "|".join(WEEKDAYS) + r")"
    r"|(?P<word>yesterday|today|tonight|tomorrow|last\s+night)"
    r"|(?:(?:later|earlier)\s+)?(?P<which>last|previous|this|next|coming)\s+(?P<unit>week|month|year))\b",
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


# A label annotate() adds after an expression: " (4 Dec 2025)", " (1 Dec – 7 Dec 2025)", " (Dec 2025)".
_M = r"[A-Z][a-z]{2}"
LABELED = re.compile(rf" \((?:\d{{1,2}} {_M} (?:– \d{{1,2}} {_M} )?\d{{4}}|{_M} \d{{4}}|\d{{4}})\)")


def day_of(iso: str) -> date | None:
    """The day an ISO date string (an article's date) names; None when empty or not a date."""
    try:
        return date.fromisoformat(iso[:10]) if iso else None
    except ValueError:
        return None


def annotate(text: str, anchor: date | None) -> tuple[str, dict[str, str]]:
    """``text`` with each relative date followed by the date it means ("on Tuesday (2 Dec 2025)"),
    and wording -> ISO day or 'first/last' range. Expressions already labelled are left alone."""
    out, found, at = [], {}, 0
    for start, end, first, last in mentions(text, anchor):
        if LABELED.match(text, end):
            continue
        out.append(text[at:end] + f" ({label(first, last)})")
        found[text[start:end]] = first.isoformat() if first == last else f"{first}/{last}"
        at = end
    return "".join(out) + text[at:], found


AS_OF = re.compile(r"^\s*As of [^:]{3,30}: ")  # how a briefing starts: "As of 6 Dec 2025: ..."


def unlabel(text: str) -> str:
    """``text`` without the labels annotate() adds and a briefing's "As of <date>: " (the verifier
    checks the source's own words)."""
    return LABELED.sub("", AS_OF.sub("", text))


def span(text: str, anchor: date | None) -> tuple[date, date] | None:
    """The first and last day all of ``text``'s relative dates cover (for date filters), or None."""
    found = mentions(text, anchor)
    return (min(m[2] for m in found), max(m[3] for m in found)) if found else None


def _resolve(m: re.Match, anchor: date) -> tuple[date, date] | None:
    if m.group("word"):
        word = " ".join(m.group("word").lower().split())
        shift = {"yesterday": -1, "last night": -1, "today": 0, "tonight": 0, "tomorrow": 1}[word]
        day = anchor + timedelta(days=shift)
        return day, day
    if m.group("bare") or m.group("day"):
        target = WEEKDAYS.index((m.group("bare") or m.group("day")).lower())
        back = (anchor.weekday() - target) % 7
        if (m.group("rel") or "").lower() in ("next", "coming") or (not m.group("rel") and _ahead(m)):
            ahead = (target - anchor.weekday()) % 7  # a bare "by Tuesday" on a Tuesday is that day
            day = anchor + timedelta(days=ahead or (7 if m.group("rel") else 0))
        elif (m.group("rel") or "").lower() in ("last", "previous"):
            day = anchor - timedelta(days=back or 7)
        else:  # "on Thursday", "this Thursday": the latest one, the article's own day included
            day = anchor - timedelta(days=back)
        return day, day
    which = m.group("which").lower()  # "previous year" is "last year", "coming week" "next week"
    return _period(_SAME.get(which, which), m.group("unit").lower(), anchor)


# What puts a bare weekday ahead of the article's date: a preposition of a deadline or start ("by
# Monday", "from Monday") or, earlier in its clause, a word of the future ("will march ... on Saturday").
_DEADLINE = re.compile(r"\b(?:by|from|until|till|before)\s+$", re.I)
_FUTURE = re.compile(
    r"\b(?:will|would|shall|won't|expects?|expected|due|plans?|planned|scheduled|set to|going to"
    r"|warn(?:s|ed)? of|forecasts?)\b|'ll\b",
    re.I,
)


def _ahead(m: re.Match) -> bool:
    """Whether the bare weekday ``m`` speaks of a day to come: deadline words before it, or a future
    verb in its clause ("the union said on Wednesday" after a comma stays in the past)."""
    before = m.string[: m.start()]
    clause = before[max(before.rfind(c) for c in ",;:.!?\n") + 1 :]
    return bool(_DEADLINE.search(before) or _FUTURE.search(clause))


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
