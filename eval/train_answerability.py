"""Fit rag/answer/answerability.json: a logistic answerability model, trained and checked on different
articles.

    python -m eval.train_answerability [--squad ../shared/benchmarks/squad2-dev-8.json]

The SQuAD articles are split by article (sorted titles; even positions train, odd ones are held
out), so the held-out numbers show how the model does on articles it never saw. The threshold is
the highest one keeping false refusals on the training articles at or under --max-false-refusal.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

import rag
from eval import datasets
from rag.answer.answerability import FEATURES, MODEL_FILE, confidence, features
from rag.answer.rank import rank_sentences

ROOT = Path(__file__).resolve().parent.parent


def collect(squad: Path, home: Path) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Features, labels (1 = answerable) and article of every SQuAD question, through the real pipeline."""
    articles, cases = datasets.load(squad, home)
    kb = rag.open(home=home, collection="eval")
    kb.ingest(articles)
    rows, labels, groups = [], [], []
    for case in cases:
        hits = kb.search(case.question, k=kb.settings.k)
        ranked = rank_sentences(case.question, hits, kb.lexical.idf)
        rows.append(features(case.question, ranked, kb.lexical.idf, [h.text for h in hits]))
        labels.append(int(case.answerable))
        groups.append(case.article)
    return np.array(rows), np.array(labels), groups


def fit(x: np.ndarray, y: np.ndarray, max_false_refusal: float) -> dict:
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1.0, max_iter=2000).fit(x, y)
    model = {
        "features": FEATURES,
        "coef": lr.coef_[0].round(5).tolist(),
        "intercept": round(float(lr.intercept_[0]), 5),
    }
    p = np.array([confidence(list(row), model) for row in x])
    ok = [t for t in np.linspace(0, 1, 401) if (p[y == 1] < t).mean() <= max_false_refusal]
    model["threshold"] = round(float(max(ok)), 4)
    return model


def rates(model: dict, x: np.ndarray, y: np.ndarray) -> dict:
    p = np.array([confidence(list(row), model) for row in x])
    refused = p < model["threshold"]
    return {
        "refusal_rate": round(float(refused[y == 0].mean()), 4),
        "false_refusal_rate": round(float(refused[y == 1].mean()), 4),
        "questions": int(len(y)),
    }


def coverage_baseline(x: np.ndarray, y: np.ndarray, train: np.ndarray, max_false_refusal: float) -> dict:
    """The simpler rule for comparison: refuse when the best sentence's coverage is under a floor."""
    cov = x[:, 0]
    ok = [t for t in np.linspace(0, 1, 401) if (cov[train & (y == 1)] < t).mean() <= max_false_refusal]
    floor = float(max(ok))
    held = ~train
    return {
        "floor": round(floor, 4),
        "held_out_refusal_rate": round(float((cov[held & (y == 0)] < floor).mean()), 4),
        "held_out_false_refusal_rate": round(float((cov[held & (y == 1)] < floor).mean()), 4),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--squad", default=str(ROOT.parent / "shared" / "benchmarks" / "squad2-dev-8.json"))
    p.add_argument("--home", default=".rag/eval-squad2-dev-8")
    p.add_argument("--max-false-refusal", type=float, default=0.08)
    p.add_argument("--out", default=str(MODEL_FILE))
    args = p.parse_args(argv)
    x, y, groups = collect(Path(args.squad), Path(args.home))
    names = sorted(set(groups))
    train = np.isin(groups, names[::2])
    model = fit(x[train], y[train], args.max_false_refusal)
    model["trained_on"] = [Path(n).stem for n in names[::2]]
    model["train"] = rates(model, x[train], y[train])
    model["held_out"] = {
        **rates(model, x[~train], y[~train]),
        "articles": [Path(n).stem for n in names[1::2]],
    }
    model["baseline_coverage_floor"] = coverage_baseline(x, y, train, args.max_false_refusal)
    Path(args.out).write_text(json.dumps(model, indent=1) + "\n")
    keys = ("threshold", "train", "held_out", "baseline_coverage_floor")
    print(json.dumps({k: model[k] for k in keys}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
