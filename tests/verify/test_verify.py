import pytest

from rag import REFUSAL
from rag.verify import (
    answer_sentences,
    answer_spans,
    best_quote,
    check_sentence,
    flag_spans,
    markers,
    restates,
    strip_markers,
    verify,
)
from tests.support.passages import FLORIDA, PASSAGE


def test_markers_and_strip():
    assert markers("A claim [2][1, 3] more [2].") == [2, 1, 3]
    assert strip_markers("A claim [1] here [2; 3].") == "A claim here."


def test_supported_sentence():
    check = check_sentence("The EU loan would be €90 billion [1].", {1: PASSAGE})
    assert check.supported, check.reason
    assert "€90 billion loan" in check.quote[1]


def test_scale_spelled_differently_is_supported():
    assert check_sentence("The Commission proposed a €90bn loan [1].", {1: PASSAGE}).supported


def test_wrong_amount_is_flagged():
    check = check_sentence("The EU would lend $1.2 billion [1].", {1: PASSAGE})
    assert not check.supported
    assert check.reason == "changed: €90 billion → $1.2 billion"


def test_wrong_name_is_flagged():
    check = check_sentence("Witkoff and Kushner were set to meet Boris Johnson in Florida [1].", {1: FLORIDA})
    assert not check.supported
    assert check.reason == "changed: Rustem Umerov → Boris Johnson"


def test_wrong_day_is_flagged():
    claim = "Witkoff was set to meet Umerov in Florida on {} [1]."
    assert not check_sentence(claim.format("Monday"), {1: FLORIDA}).supported
    assert check_sentence(claim.format("Thursday"), {1: FLORIDA}).supported


def test_unrelated_words_are_flagged():
    check = check_sentence("The loan will finance bridges, railways and schools [1].", {1: PASSAGE})
    assert not check.supported and "words" in check.reason


def test_missing_or_dangling_citation_is_unsupported():
    assert check_sentence("The EU loan would be €90 billion.", {1: PASSAGE}).reason == "no citation"
    assert not check_sentence("The EU loan would be €90 billion [4].", {1: PASSAGE}).supported


def test_citing_the_wrong_passage_is_flagged():
    assert not check_sentence("The EU loan would be €90 billion [2].", {1: PASSAGE, 2: FLORIDA}).supported


def test_answer_sentences_keep_their_markers():
    text = "The loan is €90 billion [1]. Umerov was in Florida [2]."
    assert answer_sentences(text) == ["The loan is €90 billion [1].", "Umerov was in Florida [2]."]
    assert answer_sentences("The loan is €90 billion. [1]") == ["The loan is €90 billion. [1]"]


def test_markers_after_the_period_belong_to_the_sentence_before():
    """LLMs often write 'Claim. [1] Next claim. [2]': each marker cites the sentence it follows."""
    text = "The EU loan would be €90 billion. [1] Rustem Umerov was due to meet them in Florida. [2]"
    checks = verify(text, {1: PASSAGE, 2: FLORIDA})
    assert [c.markers for c in checks] == [[1], [2]]
    assert all(c.supported for c in checks), [c.reason for c in checks]


def test_verify_checks_each_sentence_and_skips_exempt():
    checks = verify(
        f"The EU loan would be €90 billion [1]. The EU would lend $1.2 billion [1]. {REFUSAL}",
        {1: PASSAGE},
        exempt=(REFUSAL,),
    )
    assert [c.supported for c in checks] == [True, False]


def test_best_quote_picks_the_matching_sentence():
    assert best_quote("EU leaders decide options", PASSAGE).startswith("EU leaders will be asked")


@pytest.mark.parametrize("claim", ["Ukraine would get a €90 billion loan [1].", "A €90 billion loan [1, 2]."])
def test_supported_variants(claim):
    assert check_sentence(claim, {1: PASSAGE, 2: FLORIDA}).supported


def test_restates_rejects_additions_and_negations():
    """The local model's short phrase stands only when it says nothing the sentence and question do not."""
    sentence = "Ukraine’s foreign minister, Andrii Sybiha, took a stronger line."
    question = "Who is Ukraine's foreign minister?"
    assert restates("Andrii Sybiha is Ukraine's foreign minister.", sentence, question)
    assert not restates("Andrii Sybiha is a Russian citizen.", sentence, question)
    assert not restates("Andrii Sybiha is not Ukraine's foreign minister.", sentence, question)
    assert not restates("Andrii Sybiha was minister in 2019.", sentence, question)


BUDGET = "The minister said the council didn't approve the budget on Friday."


@pytest.mark.parametrize("source", [BUDGET, BUDGET.replace("'", "’")], ids=["straight", "curly"])
def test_a_curly_apostrophe_negation_is_checked_like_a_straight_one(source):
    for claim in ("The council didn’t approve the budget [1].", "The council didn't approve the budget [1]."):
        assert check_sentence(claim, {1: source}).supported, claim
    dropped = "negated: drops “didn’t”" if "’" in source else "negated: drops “didn't”"
    assert check_sentence("The council approved the budget [1].", {1: source}).reason == dropped
    claim = "Witkoff and Kushner didn’t meet Rustem Umerov in Florida on Thursday [1]."
    assert check_sentence(claim, {1: FLORIDA}).reason == "negated: adds “didn’t”"


@pytest.mark.parametrize("source", [BUDGET, BUDGET.replace("'", "’")], ids=["straight", "curly"])
def test_restates_reads_both_apostrophes_alike(source):
    question = "Did the council approve the budget?"
    assert restates("The council didn’t approve the budget.", source, question)
    assert restates("The council didn't approve the budget.", source, question)
    assert not restates(
        "The council didn’t approve the budget.", "The council approved the budget.", question
    )


def test_a_changed_time_expression_is_flagged():
    claim = "EU leaders will be asked to decide on the options {} [1]."
    check = check_sentence(claim.format("next month"), {1: PASSAGE})
    assert (check.supported, check.reason) == (False, "changed: later this month → next month")
    assert check_sentence(claim.format("this month"), {1: PASSAGE}).supported
    assert check_sentence("Prices rose 5% last year [1].", {1: "Prices rose 5% the previous year."}).supported


def test_answer_spans_keep_a_marker_after_a_line_break_with_its_sentence():
    text = "The loan is €90 billion.\n[1] Umerov was in Florida [2]."
    spans = answer_spans(text)
    assert [text[a:b] for a, b in spans] == ["The loan is €90 billion.\n[1]", "Umerov was in Florida [2]."]


def test_every_occurrence_of_a_rejected_sentence_is_flagged_where_it_stands():
    bad, good = "Lyon won [1].", "Paris won [1]."
    text = f"{bad} {good} {bad}"
    assert flag_spans(text, [bad]) == [(0, len(bad)), (len(bad) + len(good) + 2, len(text))]
    assert flag_spans(text, []) == []
