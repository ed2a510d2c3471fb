"""A BM25 segment: bm25s's sparse scores over the chunks a journal held at one point, with the columns
filters need as numpy arrays (a filtered query masks in a vector operation, not a Python loop), saved
to disk whole or not at all so another process or a restart loads it instead of building it."""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import bm25s
import numpy as np

logging.getLogger("bm25s").setLevel(logging.WARNING)  # its per-build debug lines are noise to users
K1, B = 1.5, 0.75  # bm25s's defaults ("lucene"), which the delta's scores must match
BATCH = 10_000  # documents whose term counts are taken in one numpy operation


class Segment:
    """The chunks of ``rows`` (journal rows, up to ``marks``) as one bm25s index."""

    def __init__(self, rows: Iterable[tuple], marks: tuple[int, int], epoch: str) -> None:
        self.marks, self.epoch = marks, epoch
        self.ids, self.titles, articles, sources, dates = [], [], [], [], []
        scores = Scores()
        for r in rows:  # a row at a time: at 1M chunks the rows and their token lists took 11.7 GB
            self.ids.append(r[1])
            articles.append(r[2])
            self.titles.append(r[3] or "")
            sources.append(r[4] or "")
            dates.append((r[5] or 0, r[6] or 0, r[7] or 0))
            scores.add(r[8].split())
        self.position = {cid: i for i, cid in enumerate(self.ids)}
        self.article_ids = np.array(articles, dtype=object)
        self.sources = np.array(sources, dtype=object)
        self.dates = np.array(dates, dtype=np.int64).reshape(-1, 3)
        self.bm25, self.df, self.lengths = scores.index()

    @property
    def size(self) -> int:
        return len(self.ids)

    def meta(self, at: int) -> dict:
        """What a hit carries of chunk number ``at``."""
        return {"article_id": self.article_ids[at], "title": self.titles[at], "source": self.sources[at]}

    def mask(self, filters: dict, gone: set[str]) -> np.ndarray | None:
        """1.0 for each chunk ``filters`` allow and not ``gone``, 0.0 else; None when all are allowed."""
        if not filters and not gone:
            return None
        keep = np.ones(self.size, dtype=bool)
        if "source" in filters:
            keep &= np.isin(self.sources, sorted(filters["source"]))
        if "article_id" in filters:
            keep &= np.isin(self.article_ids, sorted(filters["article_id"]))
        if "date_from" in filters or "date_to" in filters:
            first, last = filters.get("date_from", 0), filters.get("date_to", 99999999)
            dated, start, end = self.dates[:, 0], self.dates[:, 1], self.dates[:, 2]
            keep &= ((dated >= first) & (dated <= last)) | ((end >= first) & (start > 0) & (start <= last))
        for cid in gone:
            at = self.position.get(cid)
            if at is not None:
                keep[at] = False
        return keep.astype(np.float32)

    def scores(self, query: list[str], mask: np.ndarray | None) -> np.ndarray:
        return self.bm25.get_scores(query, weight_mask=mask) if self.bm25 is not None else np.zeros(0)

    def save(self, folder: Path) -> None:
        """Write to a temporary folder, flush, then swap in with one rename (readers see old or new)."""
        tmp = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
        try:
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir(parents=True)
            if self.bm25 is not None:
                self.bm25.save(str(tmp / "bm25"), show_progress=False)
            state = {"marks": list(self.marks), "epoch": self.epoch, "ids": self.ids, "titles": self.titles,
                     "df": self.df, "lengths": self.lengths, "article_ids": list(self.article_ids),
                     "sources": list(self.sources), "dates": self.dates.tolist()}  # fmt: skip
            (tmp / "state.json").write_text(json.dumps(state))
            for f in tmp.rglob("*"):
                if f.is_file():
                    with f.open("rb+") as fh:
                        os.fsync(fh.fileno())
            shutil.rmtree(folder, ignore_errors=True)
            tmp.rename(folder)
        except OSError:  # a full disk, or another process won the race: the cache only saves time
            shutil.rmtree(tmp, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> Segment | None:
        """The segment saved in ``folder``, or None if there is none or any part is damaged."""
        try:
            state = json.loads((folder / "state.json").read_text())
            seg = cls.__new__(cls)
            seg.marks, seg.epoch = tuple(state["marks"]), state["epoch"]
            seg.ids, seg.titles, seg.df, seg.lengths = (
                state["ids"],
                state["titles"],
                state["df"],
                state["lengths"],
            )
            seg.position = {cid: i for i, cid in enumerate(seg.ids)}
            seg.article_ids = np.array(state["article_ids"], dtype=object)
            seg.sources = np.array(state["sources"], dtype=object)
            seg.dates = np.array(state["dates"], dtype=np.int64).reshape(-1, 3)
            seg.bm25 = bm25s.BM25.load(str(folder / "bm25")) if seg.ids else None
            whole = len(seg.titles) == len(seg.article_ids) == len(seg.sources) == len(seg.dates) == seg.size
            if seg.bm25 is not None:
                whole = whole and seg.bm25.scores["num_docs"] == seg.size
            return seg if whole else None
        except Exception:  # noqa: BLE001  (a disposable cache: damage of any kind means rebuild)
            return None


class Scores:
    """bm25s's index built a document at a time: each document's (term id, count) pairs kept in numpy
    arrays, its score matrix made once at the end as bm25s makes it (Lucene idf, tf / (tf + k1 * norm)),
    instead of bm25s.index on every document's token list at once."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.pairs: list[np.ndarray] = []  # per batch: (document, term, count) rows
        self.batch: list[int] = []  # term ids of the batch being read, and where each document ends
        self.ends: list[int] = []
        self.lengths: list[int] = []

    def add(self, tokens: list[str]) -> None:
        vocab = self.vocab
        self.batch += [vocab.setdefault(t, len(vocab)) for t in tokens]
        self.ends.append(len(self.batch))
        self.lengths.append(len(tokens))
        if len(self.ends) == BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self.ends:
            return
        first = len(self.lengths) - len(self.ends)
        sizes = np.diff(np.array([0, *self.ends]))
        docs = np.repeat(np.arange(first, first + len(self.ends), dtype=np.int64), sizes)
        keys, counts = np.unique(docs << 32 | np.array(self.batch, dtype=np.int64), return_counts=True)
        self.pairs.append(np.stack([keys >> 32, keys & 0xFFFFFFFF, counts]).astype(np.int32))
        self.batch, self.ends = [], []

    def index(self) -> tuple[bm25s.BM25 | None, dict[str, int], int]:
        """(the bm25s index or None when empty, each term's document frequency, total terms)."""
        self._flush()
        total, n = sum(self.lengths), len(self.lengths)
        if not n:
            return None, {}, 0
        docs, terms, tf = np.concatenate(self.pairs, axis=1)
        self.pairs = []
        df = np.bincount(terms, minlength=len(self.vocab))
        idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
        norm = K1 * (1 - B + B * np.array(self.lengths, dtype=np.float64) / (total / n))
        data = (idf[terms] * tf / (tf + norm[docs])).astype(np.float32)
        order = np.argsort(terms, kind="stable")  # by term (column), documents ascending within one
        bm25 = bm25s.BM25(k1=K1, b=B)
        indptr = np.concatenate([[0], np.cumsum(df)]).astype(np.int64)
        bm25.scores = {"data": data[order], "indices": docs[order], "indptr": indptr, "num_docs": n}
        bm25.vocab_dict, bm25.nonoccurrence_array = self.vocab, None
        bm25.unique_token_ids_set = set(self.vocab.values())
        return bm25, dict(zip(self.vocab, df.tolist(), strict=True)), total
