"""Retrieve stage: hybrid search, dense (MiniLM in Chroma) plus BM25, score-fused with sentence coverage."""

from __future__ import annotations

from dataclasses import replace

from rag.core.config import Settings
from rag.core.errors import RagError
from rag.core.types import Hit
from rag.embed.embedder import Embedder
from rag.index.copies import one_copy
from rag.question.weights import best_coverage, question_weights
from rag.sources.documents import page_starts
from rag.store.bm25 import LexicalIndex
from rag.store.chroma import Store
from rag.store.rows import allows, date_number, where  # noqa: F401  (allows: read by tests)
from rag.text.dates import date_bounds
from rag.text.terms import terms

FILTER_KEYS = {"source", "date_from", "date_to", "article_id"}


def normalize_filters(filters: dict | None) -> dict:
    """Validate filters: ``source`` and ``article_id`` (str or list), ``date_from``/``date_to`` (dates)."""
    out: dict = {}
    for key, value in (filters or {}).items():
        if key not in FILTER_KEYS:
            raise RagError(f"unknown filter {key!r} (use {', '.join(sorted(FILTER_KEYS))})")
        if value in (None, "", []):
            continue
        if key in ("source", "article_id"):
            if not isinstance(value, str) and not (
                isinstance(value, list) and all(isinstance(v, str) for v in value)
            ):
                raise RagError(f"filter {key} must be text or a list of texts, got {value!r:.80}")
            out[key] = {value} if isinstance(value, str) else set(value)
        else:
            first, last = date_bounds(str(value))
            if not first:
                raise RagError(f"filter {key} is not a date: {value!r}")
            out[key] = date_number(first if key == "date_from" else last)
    if "date_to" in out:
        out.setdefault("date_from", 1)  # undated articles (stored as 0) match no date range
    return out


class Retriever:
    """Fuses the dense and BM25 rankings of the same chunks into one list of Hits."""

    def __init__(self, store: Store, lexical: LexicalIndex, embedder: Embedder, settings: Settings) -> None:
        self.store, self.lexical, self.embedder, self.settings = store, lexical, embedder, settings

    def search(self, question: str, k: int, filters: dict | None = None) -> list[Hit]:
        """The ``k`` best chunks for ``question``; Hit.score is the fused score (0..1)."""
        f = normalize_filters(filters)
        n = max(self.settings.candidates, k)
        vector = self.embedder.encode([question])[0].tolist()
        dense = self.store.query(vector, n, where(f))
        self.lexical.ensure()
        sparse = self.lexical.search(terms(question), n, f)
        rows = {d[0]: (d[1], d[2]) for d in dense}
        missing = [s[0] for s in sparse if s[0] not in rows]
        rows.update({i: (t, m) for i, t, m in self.store.get(missing)} if missing else {})
        scores = self.fuse({d[0]: d[3] for d in dense}, {s[0]: s[2] for s in sparse})
        weights = question_weights(question, self.lexical.idf)
        beta = self.settings.sentence_weight
        for cid in scores:  # the passage holding the sentence that best covers the question rises
            scores[cid] = (1 - beta) * scores[cid] + beta * best_coverage(rows[cid][0], weights)
        ranked = sorted(scores, key=lambda c: -scores[c])
        meta = {cid: rows[cid][1] for cid in ranked}
        best = one_copy(ranked, meta)[:k]  # a wire story once
        return self._also([_hit(cid, *rows[cid], scores[cid]) for cid in best], meta)

    def _also(self, hits: list[Hit], meta: dict[str, dict]) -> list[Hit]:
        """Each hit with the other outlets that published its story ("also published by")."""
        stories = {meta[h.chunk_id].get("story") for h in hits} - {None, ""}
        members = self.lexical.members(sorted(stories)) if stories else {}
        out = []
        for h in hits:
            story = meta[h.chunk_id].get("story")
            others = [m for aid, m in members.items() if m.get("story") == story and aid != h.article_id]
            copies = set(meta[h.chunk_id].get("outlets", "").split("\n"))  # the same text, other outlets
            names = sorted(({m.get("source") or m.get("title", "") for m in others} | copies) - {h.source})
            out.append(replace(h, also=tuple(n for n in names if n)) if names else h)
        return out

    def fuse(self, dense: dict[str, float], sparse: dict[str, float]) -> dict[str, float]:
        """Convex combination of min-max normalised dense and BM25 scores (0..1)."""
        a = self.settings.dense_weight
        dn, sn = _minmax(dense), _minmax(sparse)
        return {c: a * dn.get(c, 0.0) + (1 - a) * sn.get(c, 0.0) for c in dense.keys() | sparse.keys()}


def _minmax(scores: dict[str, float]) -> dict[str, float]:
    if not scores:
        return {}
    lo, hi = min(scores.values()), max(scores.values())
    return {c: (v - lo) / (hi - lo) if hi > lo else 1.0 for c, v in scores.items()}


def _hit(cid: str, text: str, m: dict, score: float) -> Hit:
    return Hit(
        chunk_id=cid, article_id=m["article_id"], title=m.get("title", ""), text=text, score=round(score, 6),
        source=m.get("source", ""), date=m.get("date", ""), start=int(m["start"]), end=int(m["end"]),
        url=m.get("url", ""), pages=page_starts(m.get("pages", "")), author=m.get("author", ""),
    )  # fmt: skip
