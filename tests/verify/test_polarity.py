from rag.verify.align import span
from rag.verify.polarity import check, negations

CITED = span("The council approved the plan and prices rose after talks failed to reach a deal")


def test_an_antonym_reverses():
    assert check(span("The council rejected the plan"), CITED) == "reversed: approved → rejected"
    assert check(span("prices fell after the talks"), CITED) == "reversed: rose → fell"


def test_a_negation_added_or_dropped_reverses():
    assert check(span("The council did not approve the plan"), CITED) == "negated: adds “not”"
    assert check(span("the talks reached a deal"), CITED) == "negated: drops “failed”"


def test_two_flips_cancel_and_paraphrases_pass():
    assert check(span("the talks reached no deal"), CITED) == ""
    assert check(span("The council did not reject the plan"), CITED) == ""
    assert check(span("The council approved the plan"), CITED) == ""


def test_not_only_is_not_a_negation():
    assert negations(span("not only the council but also the mayor")) == []
    assert negations(span("they didn't and never will")) == ["didn't", "never"]
