from dataclasses import replace

import pytest

from rag.answer.rank import rank_sentences
from rag.question.wants import has_type, wanted_type
from rag.question.weights import question_weights
from tests.support.passages import flat, hit


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How much would the EU loan be?", "number"),
        ("How many children were taken?", "number"),
        ("What is the interest rate on the loan?", "number"),
        ("What was the population of Warsaw?", "number"),
        ("When did the talks start?", "date"),
        ("What year was it?", "date"),
        ("Since when has he been chairman?", "date"),
        ("What is formed when the two cells fuse?", None),  # a clause's "when" asks for no date
        ("Who did Witkoff meet?", "name"),
        ("Where was he due to meet them?", "name"),
        ("Why did the talks fail?", "reason"),
        ("How did the talks fail?", None),
    ],
)
def test_wanted_type(question, kind):
    assert wanted_type(question) == kind


def test_has_type():
    assert has_type("It cost 90 billion.", "number") and not has_type("It cost a lot.", "number")
    assert has_type("It was in February.", "date") and not has_type("It was recently.", "date")
    assert has_type("Leaders decide later this month.", "date") and has_type("They meet today.", "date")
    assert has_type("It began in the late 1980s.", "date") and has_type("It fell in 430 BC.", "date")
    assert has_type("They met Umerov.", "name") and not has_type("they met him.", "name")
    assert has_type("anything", None)


def test_has_type_ignores_what_the_question_already_names():
    sentence = "The EU will fund Ukraine with a €90 billion loan from Russian assets."
    assert has_type(sentence, "number") and not has_type(
        sentence, "number", "What is the rate on the €90 billion loan?"
    )
    assert has_type(sentence, "name") and not has_type(
        sentence, "name", "Who will fund Ukraine from Russian EU assets?"
    )
    assert has_type("Talks resumed in 2025, in May.", "date", "When in 2025 did talks resume?")
    assert not has_type("Talks resumed in 2025.", "date", "When in 2025 did talks resume?")
    assert has_type(
        "It rose 5% in 1990.", "number", "How much did the 2025 budget rise?"
    )  # digits, not numbers
    assert has_type("They met in 2021.", "date", "When after 2012 did they meet?")


def test_best_covering_sentence_first():
    hits = [hit("The weather was cold. The EU loan would be worth €90 billion. Talks went on.")]
    ranked = rank_sentences("How much is the EU loan worth?", hits, flat)
    assert ranked[0].text == "The EU loan would be worth €90 billion."
    assert ranked[0].coverage == 1.0
    assert hits[0].text[ranked[0].start : ranked[0].end] == ranked[0].text


def test_sentence_lacking_the_wanted_type_is_penalised():
    hits = [hit("The loan amount was debated at length. The loan amount is 90 billion.")]
    ranked = rank_sentences("How much is the loan amount?", hits, flat)
    assert ranked[0].text == "The loan amount is 90 billion."


def test_rank_bonus_breaks_ties_toward_the_first_passage():
    hits = [hit("Kyiv asked for more air defence.", 0), hit("Kyiv asked for more air defence.", 1)]
    ranked = rank_sentences("What did Kyiv ask for?", hits, flat)
    assert ranked[0].hit_index == 0 and ranked[0].score > ranked[1].score


def test_idf_weights_decide_coverage():
    hits = [hit("The capital was busy. Paris hosted the summit.")]
    idf = {"capit": 0.1, "pari": 5.0}.get
    ranked = rank_sentences("capital Paris", hits, lambda t: idf(t, 1.0))
    assert ranked[0].text == "Paris hosted the summit."


def test_follow_up_context_weighs_less_than_the_question():
    w = question_weights("How many abstentions were there? (UN general assembly)", flat)
    assert w["abstent"] > w["assembl"] > 0
    assert sum(w.values()) == pytest.approx(1.0)
    hits = [hit("The UN general assembly met in New York."), hit("There were 57 abstentions in the vote.", 1)]
    ranked = rank_sentences("How many abstentions were there? (UN general assembly)", hits, flat)
    assert ranked[0].text == "There were 57 abstentions in the vote."


def test_borrowed_words_together_weigh_no_more_than_a_follow_ups_own():
    flat = lambda t: 1.0  # noqa: E731
    question = "Who financed it? (Telenet first FCC licensed public data network United States)"
    w = question_weights(question, flat)
    assert w["financ"] == pytest.approx(0.5)  # one own word: as much as all eight borrowed ones
    assert sum(w.values()) == pytest.approx(1.0)
    hits = [
        hit("Telenet was the first FCC-licensed public data network in the United States."),
        hit("Bolt, Beranek and Newman provided the financing.", 1),
    ]
    assert rank_sentences(question, hits, flat)[0].text.startswith("Bolt")


def test_words_naming_the_kind_of_answer_are_not_a_follow_ups_own():
    w = question_weights("In what year? (Algeria independence de Gaulle)", lambda t: 1.0)
    assert "year" not in w and w["algeria"] == pytest.approx(1 / 4)


def test_a_follow_up_prefers_the_sentence_next_to_the_previous_answer():
    text = ("Robert landed in Albania in 1081. He brought 300 ships. Later, in 1085, he brought 120 ships "
            "to Corfu.")  # fmt: skip
    question = "How many ships did he bring? (Robert Albania)"
    previous = "Robert landed in Albania in 1081."
    best = rank_sentences(question, [hit(text)], flat, previous=previous)[0]
    assert best.text == "He brought 300 ships."
    assert rank_sentences(question, [hit(text)], flat)[0].text != previous


def test_meaning_likeness_reorders_sentences():
    text = "The harbour is old. Ships dock there at night."
    liked = rank_sentences(
        "Where do vessels moor?", [hit(text)], flat, similar=lambda ss: [float("night" in s) for s in ss]
    )
    assert liked[0].text == "Ships dock there at night."


def test_other_forms_of_a_name_count_as_the_name():
    # "European" in the text covers the question's "Europe"
    hits = [hit("The war ended in the colonies first."), hit("The war in the European theatre ended.", 1)]
    ranked = rank_sentences("When did the war end in Europe?", hits, lambda t: 1.0)
    assert ranked[0].text == "The war in the European theatre ended."


SPEECH = (
    "Mayor Ines Calder opened the new library on Monday. "
    "Calder said the building had cost less than planned. "
    '"A town that reads is a town that votes. We will keep the doors open late for students," '
    "she said."
)


def test_what_someone_said_is_their_quotation_attributed_by_the_sentences_before():
    """ "What did Calder say about students?": the quotation naming students wins over a sentence that
    names Calder but quotes nothing, though the quotation itself never names her."""
    ranked = rank_sentences("What did Ines Calder say about students?", [hit(SPEECH)], flat)
    assert ranked[0].text.startswith("We will keep the doors open late")


def test_a_why_question_wants_a_sentence_giving_a_reason():
    assert has_type("Fares will rise to cover higher energy costs.", "reason")
    assert has_type("Boats blocked the harbour in protest at a quota cut.", "reason")
    assert not has_type("Fares will rise by 4.6% in January.", "reason")
    passage = ("Fares on the coast line will rise by 4.6% in January, the railway announced on Wednesday. "
               "Fares on the coast line will rise to cover higher energy costs, it said.")  # fmt: skip
    ranked = rank_sentences("Why will fares on the coast line rise?", [hit(passage)], flat)
    assert ranked[0].text.endswith("to cover higher energy costs, it said.")


def test_a_past_form_counts_as_its_verb():
    """ "When did the blockade begin?" is answered by "The blockade began late on Sunday"."""
    passage = ("The blockade of the harbour entered its third day on Tuesday as ships waited offshore. "
               "The blockade of the harbour began late on Sunday, when sixty boats sailed out.")  # fmt: skip
    ranked = rank_sentences("When did the blockade of the harbour begin?", [hit(passage)], flat)
    assert ranked[0].text.startswith("The blockade of the harbour began late on Sunday")


def test_what_someone_said_may_be_reported_speech():
    """ "What has Putin said Moscow is ready to do?" is answered by "Putin has said that Moscow is ready
    to fight on", which quotes nothing; another speaker's quotation does not win over it."""
    passage = (
        '"Moscow is ready for more talks," Kremlin aide Yuri Ushakov told reporters. '
        "Putin has said that Moscow is ready to fight on to seize the land it claims."
    )
    ranked = rank_sentences("What has Putin said Moscow is ready to do?", [hit(passage)], flat)
    assert ranked[0].text.startswith("Putin has said that Moscow is ready to fight on")


def test_a_when_question_prefers_the_sentence_dating_its_own_verb():
    text = (
        "The harbour master said on Monday that the blockade was costing millions. "
        "The blockade began late on Sunday."
    )
    ranked = rank_sentences("When did the blockade of the harbour begin?", [hit(text)], flat)
    assert ranked[0].text == "The blockade began late on Sunday."


def test_a_follow_ups_sentence_counts_what_its_passage_names():
    question = "How many staff does it have? (Harlow Biscuits Pendle)"
    named = hit("Pendle is buying Harlow Biscuits. It has 640 staff at two bakeries.")
    ranked = rank_sentences(question, [hit("It has 640 staff at two bakeries.", 1), named], flat)
    by_passage = {c.hit_index: c for c in ranked if c.text.startswith("It has")}
    assert by_passage[1].coverage > by_passage[0].coverage > 0


def test_a_follow_ups_sentence_from_a_passage_naming_none_of_its_subject_is_marked_down():
    question = "How many staff does it have? (Harlow Biscuits Pendle)"
    other = rank_sentences(question, [hit("The hospital has 900 staff.")], flat)[0]
    assert other.coverage > 0 and other.score < other.coverage


def test_a_speaker_named_before_a_sentence_pointing_back_still_counts():
    text = (
        'Mayor Ines Calder said on Monday that the library would stay open. "It matters," one reader said. '
        "Mayor Ines Calder said the roof repairs had been delayed by the storms. She now expects them done "
        'by spring. "We would rather wait than send workers up in a gale," she said.'
    )
    ranked = rank_sentences(
        "What did Ines Calder say about the roof repairs being delayed?", [hit(text)], flat
    )
    assert ranked[0].text.startswith('"We would rather wait')


def test_a_questions_names_count_half_when_only_the_passage_or_its_title_names_them():
    question = "How much debt is Brandmoor Athletic carrying?"
    plain = hit("The club's debts are £9.6m.", 0)
    titled = replace(hit("The club's debts are £9.6m.", 1), title="Brandmoor Athletic accounts")
    named = hit("Brandmoor Athletic filed its accounts. The club's debts are £9.6m.", 2)
    ranked = rank_sentences(question, [plain, titled, named], flat)
    cover = {c.hit_index: c.coverage for c in ranked if c.text.startswith("The club's")}
    assert cover[1] == cover[2] > cover[0] > 0
    assert cover[1] == pytest.approx(cover[0] + 0.5 * 0.5)  # the two names weigh half the question
