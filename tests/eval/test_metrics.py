"""Eval metric functions on hand-computed cases."""

import pytest

from eval import metrics
from eval.judge import parse_score
from eval.runner import totals

PASSAGE = "On Wednesday the European Commission announced a €90 billion loan based on Russia’s frozen assets."


def test_normalize_strips_unicode_punctuation_articles_and_case():
    assert metrics.normalize("The “Kremlin’s” — view!") == "kremlin s view"
    assert metrics.normalize("€90 billion") == "90 billion"


def test_exact_match_and_f1_hand_computed():
    assert metrics.exact_match("the Kremlin.", ["Kremlin"]) == 1.0
    assert metrics.exact_match("in the Kremlin", ["Kremlin"]) == 0.0
    # prediction "kremlin on tuesday" (3 tokens) vs gold "kremlin" (1): P = 1/3, R = 1, F1 = 0.5
    assert metrics.token_f1("the Kremlin on Tuesday", ["Kremlin"]) == pytest.approx(0.5)
    # best gold wins: vs "kremlin on tuesday" F1 = 1
    assert metrics.token_f1("the Kremlin on Tuesday", ["Kremlin", "Kremlin on Tuesday"]) == 1.0
    assert metrics.token_f1("Moscow", ["Kremlin"]) == 0.0
    assert metrics.token_f1("", ["Kremlin"]) == 0.0


def test_contains_respects_word_boundaries():
    assert metrics.contains("A loan of €90 billion [1].", ["€90 billion"])
    assert not metrics.contains("It cost €190 billion.", ["€90 billion"])
    assert not metrics.contains("anything", [""])


def test_ranks_hits_and_mrr():
    texts = ["nothing here", "a loan of €90 billion", "€90 billion again"]
    rank = metrics.first_relevant_rank(texts, ["€90 billion"], "")
    assert rank == 2
    assert metrics.hit_at(rank, 1) == 0.0 and metrics.hit_at(rank, 5) == 1.0
    assert metrics.reciprocal_rank(rank) == 0.5
    assert metrics.reciprocal_rank(None) == 0.0
    assert metrics.first_relevant_rank(["x", "support sentence here"], ["zzz"], "support sentence") == 2


def test_answer_words_excludes_markers():
    assert metrics.answer_words("A €90 billion loan [1]. Based on assets [2].") == 7


def test_invented_citation_is_invalid():
    cited = {1: PASSAGE}
    assert metrics.citation_validity("A €90 billion loan [1].", cited) == 1.0
    assert metrics.citation_validity("A €90 billion loan [1]. Belgium objects [3].", cited) == 0.5


def test_citation_support():
    assert metrics.citation_support([PASSAGE], ["€90 billion"], "") == 1.0
    assert metrics.citation_support(["unrelated text"], ["€90 billion"], "") == 0.0


def test_alce_wrong_number_is_unsupported():
    cited = {1: PASSAGE}
    assert metrics.alce("The Commission announced a €90 billion loan [1].", cited) == (1.0, 1.0)
    recall, precision = metrics.alce("The Commission announced a $1.2 billion loan [1].", cited)
    assert recall == 0.0 and precision == 0.0


def test_alce_precision_flags_irrelevant_citation():
    cited = {1: PASSAGE, 2: "Belgium hosts most of the assets."}
    recall, precision = metrics.alce("The Commission announced a €90 billion loan [1][2].", cited)
    assert recall == 1.0
    assert precision == 0.5  # [2] alone does not support it, and [1] suffices without it


def test_percentile_interpolates():
    assert metrics.percentile([1, 2, 3, 4], 50) == 2.5
    assert metrics.percentile([10], 95) == 10
    assert metrics.percentile([], 50) == 0.0


def test_judge_score_parsing():
    assert parse_score("0.75") == 0.75
    assert parse_score("Score: 80") == 0.8
    assert parse_score("no idea") is None


def _record(answerable, abstained, contains=0.0, rank=None):
    return {
        "answerable": answerable, "abstained": abstained, "contains": contains, "rank": rank,
        "latency_ms": 10.0, "unsupported": [], "in_context_512": 1.0, "em": 0.0, "f1": 0.0,
        "words": None if abstained else 5, "citation_valid": 1.0, "citation_support": 1.0,
        "alce_recall": 1.0, "alce_precision": 1.0,
    }  # fmt: skip


def test_totals_refusal_and_false_refusal():
    records = [
        _record(False, True),  # refused an unanswerable question: right
        _record(False, False),  # answered an unanswerable question: wrong
        _record(True, True, rank=1),  # refused an answerable question: false refusal
        _record(True, False, 1.0, rank=3),
    ]
    t = totals(records)
    assert t["refusal_rate"] == 0.5
    assert t["false_refusal_rate"] == 0.5
    assert t["hit@1"] == 0.5 and t["hit@5"] == 1.0
    assert t["mrr@10"] == pytest.approx((1 + 1 / 3) / 2, abs=1e-4)
    assert t["contains"] == 0.5
