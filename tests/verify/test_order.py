from rag.verify.align import span
from rag.verify.order import check

CITED = span("In 1990 Iraq invaded Kuwait after talks collapsed")


def test_two_names_that_traded_places_are_swapped():
    assert (
        check(span("Kuwait invaded Iraq after talks collapsed"), ["Kuwait", "Iraq"], CITED)
        == "swapped: Kuwait ↔ Iraq"
    )


def test_a_moved_phrase_or_a_passive_is_not_a_swap():
    assert check(span("Iraq invaded Kuwait in 1990 after talks collapsed"), ["Iraq", "Kuwait"], CITED) == ""
    assert check(span("Kuwait was invaded by Iraq after talks collapsed"), ["Kuwait", "Iraq"], CITED) == ""
