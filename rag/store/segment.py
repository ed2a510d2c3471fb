"""A BM25 segment: bm25s's sparse scores over the chunks a journal held at one point, with the columns
filters need as numpy arrays (a filtered query masks in a vector operation, not a Python loop), saved
to disk whole or not at all so another process or a restart loads it instead of building it."""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

import bm25s
import numpy as np

logging.getLogger("bm25s").setLevel(logging.WARNING)  # its per-build debug lines are noise to users
K1, B = 1.5, 0.75  # bm25s's defaults ("lucene"), which the delta's scores must match


class Segment:
    """The chunks of ``rows`` (journal rows, up to ``marks``) as one bm25s index."""

    def __init__(self, rows: list[tuple], marks: tuple[int, int], epoch: str) -> None:
        self.marks, self.epoch = marks, epoch
        self.ids = [r[1] for r in rows]
        self.position = {cid: i for i, cid in enumerate(self.ids)}
        self.article_ids = np.array([r[2] for r in rows], dtype=object)
        self.sources = np.array([r[4] or "" for r in rows], dtype=object)
        self.dates = np.array([[r[5] or 0, r[6] or 0, r[7] or 0] for r in rows], dtype=np.int64).reshape(
            -1, 3
        )
        self.titles = [r[3] or "" for r in rows]
        corpus = [r[8].split() for r in rows]
        self.df: dict[str, int] = {}
        for doc in corpus:
            for t in set(doc):
                self.df[t] = self.df.get(t, 0) + 1
        self.lengths = sum(len(d) for d in corpus)
        self.bm25 = None
        if corpus:
            self.bm25 = bm25s.BM25(k1=K1, b=B)
            self.bm25.index(corpus, show_progress=False)

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
