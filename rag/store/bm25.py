"""BM25 side of retrieval, kept consistent with Chroma by the collection's generation token.

Chroma is the source of truth. Every write changes a token in the collection's metadata
(``Store.touch``, after the data is written). Before each search this index compares the token
with the one it was built from and rebuilds from Chroma when they differ, so several processes
sharing one Chroma server, or a re-ingest in another process, never leave BM25 stale for more than
one query. The built index is cached on disk under the token, so a restart does not rebuild.
"""

from __future__ import annotations

import gc
import json
import logging
import math
import os
import shutil
import threading
from collections import Counter
from pathlib import Path

import bm25s
import numpy as np

from rag.store.chroma import Store
from rag.text.terms import terms

logging.getLogger("bm25s").setLevel(logging.WARNING)  # its per-build debug lines are noise to users


class LexicalIndex:
    """BM25 over every chunk in the store, plus document frequencies for term weighting."""

    def __init__(self, store: Store, cache_dir: Path | None) -> None:
        self.store = store
        self.cache_dir = cache_dir
        self.generation: str | None = None
        self.ids: list[str] = []
        self.metas: list[dict] = []
        self.df: dict[str, int] = {}
        self.bm25: bm25s.BM25 | None = None
        self._lock = threading.Lock()

    def ensure(self) -> None:
        """Bring the index up to date with the store (no-op when the generation is unchanged)."""
        gen = self.store.generation()
        if gen == self.generation:
            return
        with self._lock:
            if gen != self.generation and not self._load(gen):
                self._build(gen)
            # The index's objects live as long as it does: frozen, Python's full collections stop
            # walking them (46 ms each at 100k chunks; `rag bench` saw a 274 ms pause in a search).
            # Reference counting still frees them when the index is replaced.
            gc.freeze()

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency of a stemmed term (unseen terms weigh most)."""
        n = max(len(self.ids), 1)
        return math.log(1 + (n + 1) / (self.df.get(term, 0) + 0.5))

    def search(self, query_terms: list[str], n: int, allowed=None) -> list[tuple[str, dict, float]]:
        """Top ``n`` chunks as (id, metadata, BM25 score); ``allowed(meta)`` filters."""
        if self.bm25 is None or not query_terms or not self.ids or n <= 0:
            return []
        mask = None
        if allowed is not None:
            mask = np.array([1.0 if allowed(m) else 0.0 for m in self.metas], dtype=np.float32)
        scores = self.bm25.get_scores(query_terms, weight_mask=mask)
        # Select among the chunks holding a query term: most score 0, and argpartition over that
        # many ties (what bm25s.retrieve does) takes ~11 ms at 100k chunks instead of ~1.
        found = np.flatnonzero(scores > 0)
        if len(found) > n:
            found = found[np.argpartition(scores[found], -n)[-n:]]
        found = found[np.argsort(-scores[found], kind="stable")]
        return [(self.ids[d], self.metas[d], float(scores[d])) for d in found]

    def _build(self, gen: str) -> None:
        ids, metas, corpus = [], [], []
        for page_ids, texts, page_metas in self.store.scan():
            ids += page_ids
            metas += page_metas
            corpus += [terms(m.get("title", "") + "\n" + t) for t, m in zip(texts, page_metas, strict=True)]
        self.df = dict(Counter(t for doc in corpus for t in set(doc)))
        self.bm25 = None
        if corpus:
            self.bm25 = bm25s.BM25()
            self.bm25.index(corpus, show_progress=False)
        self.ids, self.metas, self.generation = ids, metas, gen
        self._save(gen)

    def _save(self, gen: str) -> None:
        """Write the cache to a temporary folder, flush it to disk, then swap it in with one rename."""
        if self.cache_dir is None or self.bm25 is None:
            return
        tmp = self.cache_dir.with_name(f"{self.cache_dir.name}.{gen}.{os.getpid()}.tmp")
        try:
            self.bm25.save(str(tmp / "bm25"), show_progress=False)
            state = {"generation": gen, "ids": self.ids, "metas": self.metas, "df": self.df}
            (tmp / "state.json").write_text(json.dumps(state))
            for f in tmp.rglob("*"):  # on disk before the rename, so a crash cannot leave empty files
                if f.is_file():
                    with f.open("rb+") as fh:
                        os.fsync(fh.fileno())
            shutil.rmtree(self.cache_dir, ignore_errors=True)
            tmp.rename(self.cache_dir)  # a reader sees the old cache, the new one or none: never half
        except OSError:  # disk full, or another process won the race: the cache is only an optimisation
            shutil.rmtree(tmp, ignore_errors=True)

    def _load(self, gen: str) -> bool:
        """Use the cache on disk if it was built at ``gen`` and is whole; any damage means rebuild."""
        state_file = self.cache_dir / "state.json" if self.cache_dir else None
        try:
            state = json.loads(state_file.read_text()) if state_file and state_file.exists() else None
            if not isinstance(state, dict) or state.get("generation") != gen:
                return False
            bm25 = bm25s.BM25.load(str(self.cache_dir / "bm25"))
            ids, metas, df = state["ids"], state["metas"], state["df"]
            if not _whole(bm25, ids, metas, df):
                return False
        except Exception:  # a disposable cache: emptied arrays (EOFError), bad JSON, wrong types...
            return False
        self.bm25, self.ids, self.metas, self.df = bm25, ids, metas, df
        self.generation = gen
        return True


def _whole(bm25: bm25s.BM25, ids, metas, df) -> bool:
    """Do the loaded cache's parts fit together (a crash or an edit can break any of them)?"""
    if not (isinstance(ids, list) and isinstance(metas, list) and isinstance(df, dict)):
        return False
    if len(ids) != len(metas) or not all(isinstance(m, dict) for m in metas):
        return False
    if not all(isinstance(i, str) for i in ids) or not all(isinstance(n, int) for n in df.values()):
        return False
    sc = bm25.scores
    data, indices, indptr = sc["data"], sc["indices"], sc["indptr"]
    return (
        sc["num_docs"] == len(ids)
        and len(indptr) >= 1
        and int(indptr[-1]) == len(data) == len(indices)
        and bool(np.all(np.diff(indptr) >= 0))
        and (len(indices) == 0 or 0 <= int(indices.min()) <= int(indices.max()) < len(ids))
    )
