"""The indexer's write queue: chunked articles wait here for the embedder and are written to the
store together, since the model runs far faster on full batches than on an article's two or three
chunks at a time."""

from __future__ import annotations

from collections.abc import Callable

from rag.core.types import Chunk
from rag.embed.embedder import Embedder
from rag.store.chroma import Store

# Chunks embedded per batch during ingest: batches are cut from these sorted by length, and 1024
# pads 1.0% (256: 3.8%); ingest ran 3.5% faster at 3k chunks.
FLUSH_CHUNKS = 1024


class WriteQueue:
    """Articles waiting for the embedder: their chunks, texts to embed, metadata of each chunk, the
    stale chunk ids to delete, and whether they replace a stored article."""

    def __init__(self, store: Store, embedder: Callable[[], Embedder]) -> None:
        self.store, self._embedder = store, embedder
        self._pending: list[tuple[list[Chunk], list[str], list[dict], list[str], bool]] = []
        self._pending_chunks = 0

    def put(self, chunks: list[Chunk], texts: list[str], extras: list[dict], stale: list[str], replace: bool):
        """Queue one article's chunks; a full batch (``FLUSH_CHUNKS``) is written at once."""
        self._pending.append((chunks, texts, extras, stale, replace))
        self._pending_chunks += len(chunks)
        if self._pending_chunks >= FLUSH_CHUNKS:
            self.flush()

    def metadata(self, article_id: str) -> list[dict]:
        """The metadata of a queued article's chunks (changes to them are written with them); [] when
        the article is not queued."""
        queued = (extras for chunks, _, extras, _, _ in self._pending if chunks[0].article_id == article_id)
        return [m for extras in queued for m in extras]

    def clear(self) -> None:
        """Forget the queue (after a failed write, the next run must not re-send this run's queue)."""
        self._pending, self._pending_chunks = [], 0

    def flush(self) -> None:
        """Embed and store every queued chunk in one batch, each article's chunk 0 last.

        Chunk 0 carries the article's metadata (``Store.articles`` reads it) and is what makes an
        article count as stored, so it is the completion record: an ingest stopped between two writes
        (a crash, kill -9, a full disk) leaves articles without it, which the next run re-does, first
        deleting the chunks they left behind.
        """
        if not self._pending:
            return
        chunks = [c for p in self._pending for c in p[0]]
        vectors = self._embedder().encode([t for p in self._pending for t in p[1]])
        extras = [e for p in self._pending for e in p[2]]
        ids = {c.id for c in chunks}
        # Chunks of articles not stored before: none, unless an earlier run stopped midway.
        leftovers = self.store.chunk_ids_of([p[0][0].article_id for p in self._pending if not p[4]])
        stale = [i for p in self._pending for i in p[3]] + [i for i in leftovers if i not in ids]
        # Chroma's cheaper add when nothing here was stored before (every first ingest); else upsert.
        new = not leftovers and not any(p[4] for p in self._pending)
        for last in (False, True):  # chunks 1.. first, then the chunks 0
            part = [i for i, c in enumerate(chunks) if (c.n == 0) == last]
            if part:
                rows = [chunks[i] for i in part]
                self.store.upsert(rows, vectors[part], [extras[i] for i in part], new=new)
            if not last:
                self.store.delete_chunks(stale)
        self._pending, self._pending_chunks = [], 0
