"""The passage ranking's last step: each candidate's fused score blended with how well its best
sentence covers the question, best-first, stopped once no later candidate can reach the top."""

from __future__ import annotations

from rag.index.copies import one_copy
from rag.question.weights import best_coverage


def rerank(
    fused: dict[str, float], texts: dict[str, str], meta: dict[str, dict], weights: dict[str, float],
    beta: float, k: int,
) -> list[tuple[str, float]]:  # fmt: skip
    """The top ``k`` candidates (one copy a story) by ``(1 - beta) * fused + beta * coverage`` (0..1), as
    (chunk id, score), best first.

    Coverage (splitting and stemming each candidate's sentences: most of a search's Python time, ~60
    candidates at a million chunks) is computed in order of fused score, and stops once the most a later
    candidate could reach (coverage 1) is below the ``k`` best found: the same top ``k`` as scoring all.
    """
    order = sorted(fused, key=lambda c: -fused[c])
    final: dict[str, float] = {}
    for i, cid in enumerate(order):
        final[cid] = (1 - beta) * fused[cid] + beta * best_coverage(texts[cid], weights)
        if i + 1 < len(order):
            reach = (1 - beta) * fused[order[i + 1]] + beta
            safe = [c for c in sorted(final, key=lambda c: -final[c]) if final[c] > reach]
            if len(one_copy(safe, meta)) >= k:
                break
    ranked = sorted(final, key=lambda c: -final[c])
    return [(c, final[c]) for c in one_copy(ranked, meta)[:k]]
