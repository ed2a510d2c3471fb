"""Date filters against a passage's mention span, shared by the Chroma ``where`` clause test
(tests/store/test_chroma.py) and the BM25 ``allows`` predicate test (tests/retrieve/test_hybrid.py).

The passage is dated Thursday 4 Dec 2025 and says "next week": it speaks of 8-14 Dec 2025. A filter
range finds it when it holds the date or overlaps the span on either side, touching included.
"""

import pytest

DATED = 20251204
SPOKEN = {"mention_from": 20251208, "mention_to": 20251214}


def _case(name: str, first: int, last: int | None, found: bool):
    filters = {"date_from": first} if last is None else {"date_from": first, "date_to": last}
    return pytest.param(filters, found, id=name)


# (normalised filters, found): the range against the span 8-14 Dec and the date 4 Dec
OVERLAPS = [
    _case("overlaps-its-start-on-its-first-day", 20251205, 20251208, True),
    _case("overlaps-its-end-on-its-last-day", 20251214, 20251220, True),
    _case("contains-it", 20251207, 20251215, True),
    _case("inside-it", 20251210, 20251211, True),
    _case("between-the-date-and-the-span", 20251205, 20251207, False),
    _case("after-it", 20251215, 20251231, False),
    _case("open-ended-from-its-last-day", 20251214, None, True),
    _case("open-ended-after-it", 20251215, None, False),
    _case("the-article-date-alone", 20251204, 20251204, True),
    _case("before-the-date-and-the-span", 1, 20251203, False),
]
