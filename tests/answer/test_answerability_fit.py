"""The fitted answerability model's held-out numbers, recomputed from the data through the real pipeline."""

from pathlib import Path

import numpy as np
import pytest

import rag
from eval import datasets
from eval.train_answerability import rates
from rag.answer import answerability
from rag.answer.rank import rank_sentences
from tests.support.ci import require_file


@pytest.fixture(scope="module")
def held_out(tmp_path_factory, embedder):
    """Features and labels of every question about a held-out article (all 8 articles are indexed)."""
    squad = require_file(datasets.SQUAD_PATHS, "the SQuAD 2.0 dev-8 benchmark")
    work = tmp_path_factory.mktemp("squad")
    articles, cases = datasets.load(squad, work)
    kb = rag.open(home=work / "home", collection="eval", embedder=embedder)
    kb.ingest(articles)
    names = sorted({c.article for c in cases})
    held = {Path(n).stem for n in names[1::2]}  # as eval/train_answerability.py splits them
    rows, labels = [], []
    for case in (c for c in cases if Path(c.article).stem in held):
        hits = kb.search(case.question, k=kb.settings.k)
        ranked = rank_sentences(case.question, hits, kb.lexical.idf)
        rows.append(answerability.features(case.question, ranked, kb.lexical.idf, [h.text for h in hits]))
        labels.append(int(case.answerable))
    return held, np.array(rows), np.array(labels)


def test_held_out_articles_are_not_the_training_ones(held_out):
    held, _, _ = held_out
    model = answerability.load()
    assert set(model["held_out"]["articles"]) == held and held.isdisjoint(model["trained_on"])


def test_held_out_rates_match_what_the_model_file_says(held_out):
    """The committed numbers are what the committed coefficients do on the held-out questions today."""
    _, x, y = held_out
    model = answerability.load()
    measured = rates(model, x, y)
    stored = model["held_out"]
    assert measured["questions"] == stored["questions"]
    assert measured["false_refusal_rate"] == pytest.approx(stored["false_refusal_rate"], abs=0.01)
    assert measured["refusal_rate"] == pytest.approx(stored["refusal_rate"], abs=0.01)
    assert measured["false_refusal_rate"] <= 0.10
