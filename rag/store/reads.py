"""Reading a Chroma collection (through the collection object rag/store/chroma.py opened): articles,
chunks by id or article, nearest neighbours, and every chunk a page at a time."""

from __future__ import annotations

from collections.abc import Iterator

from rag.store.failures import failure, guarded
from rag.store.rows import split

PAGE = 5000  # rows per collection.get; Chroma fails on one get of more than ~32k rows


class Reads:
    """The read side of ``Store``: needs ``self.collection``, ``self.location``, ``self.local_home``."""

    @guarded(write=False)
    def articles(self, where: dict | None = None, page: int = PAGE) -> dict[str, dict]:
        """Metadata of every article (from its first chunk), by article id; ``where`` narrows it.
        Unnarrowed, the BM25 journal answers, when there is one: a read of Chroma's every first chunk
        (metadata and text) took 7 s at 100k articles, and each ingest and removal starts with it."""
        if where is None and getattr(self, "lexicon", None) is not None:
            self.count()  # Chroma opened all the same: a damaged index is reported here, not later
            return self.lexicon.articles()
        clause = {"n": 0} if not where else {"$and": [{"n": 0}, where]}
        pages = self._pages(["metadatas"], page, clause)
        return {m["article_id"]: split(None, m)[1] for r in pages for m in r["metadatas"]}

    @guarded(write=False)
    def chunk_ids(self, article_id: str) -> list[str]:
        return self.collection.get(where={"article_id": article_id}, include=[])["ids"]

    @guarded(write=False)
    def chunk_ids_of(self, article_ids: list[str]) -> list[str]:
        """Ids of every stored chunk of these articles (one query per ``PAGE`` articles)."""
        found: list[str] = []
        for i in range(0, len(article_ids), PAGE):
            where = {"article_id": {"$in": article_ids[i : i + PAGE]}}
            found += [x for r in self._pages([], PAGE, where) for x in r["ids"]]
        return found

    @guarded(write=False)
    def query(self, embedding, n: int, where: dict | None) -> list[tuple[str, str, dict, float]]:
        """Nearest chunks as (id, text, metadata, cosine similarity), best first."""
        if n <= 0:  # Chroma 1.x returns what there is when n exceeds it; counting costs ~8 ms at 100k
            return []
        r = self.collection.query(
            query_embeddings=[embedding], n_results=n, where=where or None,
            include=["documents", "metadatas", "distances"],
        )  # fmt: skip
        rows = zip(r["ids"][0], r["documents"][0], r["metadatas"][0], r["distances"][0], strict=True)
        # A chunk another process deleted may still be in this process's vector index, without metadata
        return [(i, *split(d, m), 1.0 - dist) for i, d, m, dist in rows if m is not None]

    @guarded(write=False)
    def get(self, ids: list[str]) -> list[tuple[str, str, dict]]:
        r = self.collection.get(ids=ids, include=["documents", "metadatas"])
        rows = zip(r["ids"], r["documents"], r["metadatas"], strict=True)
        return [(i, *split(d, m)) for i, d, m in rows]

    def scan(self, page: int = PAGE) -> Iterator[tuple[list[str], list[str], list[dict]]]:
        """Every chunk, a page at a time: (ids, texts, metadatas)."""
        for r in self._pages(["documents", "metadatas"], page):
            texts, metas = zip(*map(split, r["documents"], r["metadatas"]), strict=True)
            yield r["ids"], list(texts), list(metas)

    def _pages(self, include: list[str], page: int, where: dict | None = None) -> Iterator[dict]:
        """``collection.get`` a page at a time: one get of over ~32k rows fails in Chroma's SQLite."""
        offset = 0
        while True:
            try:  # a generator: the method decorator would not see failures while it is iterated
                r = self.collection.get(where=where, include=include, limit=page, offset=offset)
            except Exception as e:
                raise failure(e, self.location, self.local_home, write=False) from None
            if not r["ids"]:
                return
            yield r
            offset += len(r["ids"])

    def copy_into(self, other: Reads, page: int = PAGE) -> Iterator[int]:
        """Write every chunk (vector and metadata, no history) into ``other``; yields the count so far."""
        done = 0
        for r in self._pages(["embeddings", "metadatas"], page):
            other.collection.add(ids=r["ids"], embeddings=r["embeddings"], metadatas=r["metadatas"])
            done += len(r["ids"])
            yield done
        other.touch()

    @guarded(write=False)
    def count(self) -> int:
        return self.collection.count()
