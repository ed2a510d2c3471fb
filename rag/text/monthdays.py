"""A day of a month named in text ("29 December", "the 3rd of March", "Dec 3"): a date, so not a figure
counting anything (rag/answer/figures.py)."""

from __future__ import annotations

import re

from rag.text.dates import WEEKDAYS
from rag.text.terms import MONTHS

# the month by its name or its abbreviation
_MONTH = (
    "(?:"
    + "|".join(sorted(MONTHS - set(WEEKDAYS), key=lambda m: (-len(m), m)))
    + "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\.?"
)
DAY_OF_MONTH = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?!\w)|\b{_MONTH}\s+\d{{1,2}}\b", re.I
)
