"""The last ranking step stops scoring candidates once no later one can reach the top k: its top k
(one copy a story) must be the one scoring every candidate gives, whatever the scores and stories."""

import random

import pytest

from rag.index.copies import one_copy
from rag.question.weights import best_coverage
from rag.retrieve.rerank import rerank

WORDS = "harbour ferry crane strike storm bridge council budget vote court fire river".split()


def _everything(fused, texts, meta, weights, beta, k):
    final = {c: (1 - beta) * fused[c] + beta * best_coverage(texts[c], weights) for c in fused}
    return [(c, final[c]) for c in one_copy(sorted(final, key=lambda c: -final[c]), meta)[:k]]


@pytest.mark.parametrize("seed", range(40))
def test_the_same_top_k_as_scoring_every_candidate(seed):
    rng = random.Random(seed)
    n = rng.randint(1, 60)
    fused = {f"c{i}": rng.random() for i in range(n)}
    texts = {
        c: ". ".join(" ".join(rng.sample(WORDS, 4)) for _ in range(rng.randint(1, 5))) + "." for c in fused
    }
    meta = {c: {"article_id": f"a{i % 20}", "story": f"s{i % 7}" if rng.random() < 0.3 else ""}
            for i, c in enumerate(fused)}  # fmt: skip
    weights = {w: rng.random() for w in rng.sample(WORDS, 3)}
    total = sum(weights.values())
    weights = {w: v / total for w, v in weights.items()}
    for k in (1, 5, 10):
        assert rerank(fused, texts, meta, weights, 0.5, k) == _everything(fused, texts, meta, weights, 0.5, k)


def test_it_stops_early_when_the_top_is_settled(monkeypatch):
    from rag.retrieve import rerank as module

    scored = []
    monkeypatch.setattr(module, "best_coverage", lambda text, w: scored.append(text) or 1.0)
    fused = {f"c{i}": 1 - i / 60 for i in range(60)}
    meta = {c: {"article_id": c} for c in fused}
    top = rerank(fused, {c: c for c in fused}, meta, {}, 0.5, 5)
    assert [c for c, _ in top] == ["c0", "c1", "c2", "c3", "c4"] and len(scored) < 60
