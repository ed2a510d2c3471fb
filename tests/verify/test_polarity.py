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


def test_a_curly_apostrophe_negation_counts_like_a_straight_one():
    assert negations(span("they didn’t and never will")) == ["didn’t", "never"]
    assert check(span("The council didn’t approve the plan"), CITED) == "negated: adds “didn’t”"
    assert check(span("The council approved the plan"), span("The council didn’t approve the plan")) == (
        "negated: drops “didn’t”"
    )
    assert check(span("The council didn’t reject the plan"), CITED) == ""  # negation + antonym


PLAN = span("The council approved the plan and prices rose")


def test_two_reversals_in_one_claim():
    """Two opposites are two reversed facts: they do not cancel. A negation undoes one opposite, and
    two negations undo each other; whatever is left over reverses the claim."""
    assert (
        check(span("The council rejected the plan and prices fell"), PLAN) == "reversed: approved → rejected"
    )
    assert check(span("The council did not fail to approve the plan and prices rose"), PLAN) == ""
    assert check(span("The council did not reject the plan and prices did not fall"), PLAN) == ""
    assert check(span("The council never failed to approve the plan and prices fell"), PLAN) == (
        "reversed: rose → fell"
    )


def test_a_negative_verb_opposite_its_antonym_counts_once():
    """ "failed" is a negation cue and the opposite of "succeeded": one reversal, not two that cancel."""
    assert check(span("The talks succeeded"), span("The talks failed")) == "reversed: failed → succeeded"
    assert check(span("The talks failed"), span("The talks succeeded")) == "reversed: succeeded → failed"
    assert check(span("The talks did not succeed"), span("The talks failed")) == ""


def test_a_negation_in_the_cited_sentence_undoes_the_claims_opposite():
    assert check(span("The council approved the plan"), span("The council didn’t reject the plan")) == ""
