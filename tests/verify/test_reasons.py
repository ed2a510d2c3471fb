"""Issue 26: a flag's reason reads as what the source says, not as the checker's shorthand."""

import pytest

from rag.verify.reasons import readable


@pytest.mark.parametrize(
    ("reason", "wording"),
    [
        ("changed: Wednesday → Putin", "the source says “Wednesday”, not “Putin”"),
        ("reversed: approved → rejected", "the source says “approved”, not “rejected”"),
        ("negated: drops “unclear”", "the source says “unclear”, which this leaves out"),
        ("negated: adds “not”", "the source does not say “not”: it says the opposite"),
        ("not in the cited text: Tokyo, 1999", "the source does not mention “Tokyo, 1999”"),
        ("swapped: Kyiv ↔ Moscow", "the source has Kyiv and Moscow the other way round"),
        (
            "only 40% of its words are in the cited text",
            "most of it is not in the source (only 40% of its words are)",
        ),
        ("no citation", "it cites no source"),
        (
            "changed: 410p → 445p (the cited text gives 445p for something else)",
            "the source gives “445p” for something else, not for this",
        ),
        ("", "the source does not say this"),
        ("something new", "the source does not say this (something new)"),
    ],
)
def test_reasons_read_as_what_the_source_says(reason, wording):
    assert readable(reason) == wording
