import json

import pytest

from rag.answer import answerability
from rag.answer.rank import rank_sentences
from rag.core.types import Hit

PASSAGE = (
    "Estonian foreign minister Margus Tsahkna said Putin had not changed course. "
    "EU leaders will be asked to decide on the options later this month."
)


def hit(text):
    return Hit(chunk_id="a#0", article_id="a", title="T", text=text, score=1.0, source="", date="",
               start=0, end=len(text))  # fmt: skip


def flat(_term):
    return 1.0


def feats(question, text=PASSAGE):
    return dict(zip(answerability.FEATURES, answerability.features(
        question, rank_sentences(question, [hit(text)], flat), flat, [text]), strict=True))  # fmt: skip


@pytest.mark.parametrize(
    ("fact", "known"),
    [("estonia", True), ("ukraine", True), ("italy", True), ("france", False), ("2024", False), ("eu", True)],
)
def test_a_name_is_known_in_derived_form(fact, known):
    words = {"estonian", "ukrainian", "italian", "eu", "2025", "francis"}
    assert answerability._known(fact, words) is known


def test_missing_facts_counts_names_absent_from_every_passage():
    assert feats("Who is Estonia's foreign minister?")["missing_facts"] == 0
    assert feats("Who is Latvia's foreign minister?")["missing_facts"] == 1


def test_relative_date_matches_a_when_question():
    assert feats("When will EU leaders decide on the options?")["type_match"] == 1.0
    undated = "EU leaders will decide on the options."
    assert feats("When will EU leaders decide?", undated)["type_match"] == 0.0


def test_confidence_rises_with_coverage_and_falls_with_missing_facts():
    model = answerability.load()
    x = answerability.features("q", [], flat, [])  # no candidates: the least answerable case
    low = answerability.confidence(x, model)
    covered = answerability.confidence([1.0, 1.0, 0.0, 0.0, 0.0], model)
    missing = answerability.confidence([1.0, 1.0, 0.0, 0.0, 3.0], model)
    assert low < model["threshold"] < covered and missing < covered


def test_a_model_fitted_on_other_features_is_refused(tmp_path):
    """(The held-out numbers of the committed model are recomputed in test_answerability_fit.py.)"""
    model = answerability.load()
    bad = tmp_path / "m.json"
    bad.write_text(json.dumps({**model, "features": ["coverage"]}))
    with pytest.raises(ValueError, match="rerun eval/train_answerability.py"):
        answerability.load(bad)


def test_words_asking_for_the_latest_state_are_not_missing_from_the_answer():
    """ "How much are they offering now?" is answered by "...a firm offer of 480p": no article says "now"."""
    offer = "Brightwater announced a firm offer of 480p a share for Calloway Dairies yesterday."
    for question in ("How much is Brightwater offering for Calloway now?",
                     "What is Brightwater's latest offer for Calloway?",
                     "How much is Brightwater still offering for Calloway?"):  # fmt: skip
        asked = feats(question, offer)
        assert asked["missing_terms"] == 0 and asked["coverage"] == 1.0, question
