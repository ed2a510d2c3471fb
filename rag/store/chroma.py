"""Vector store: the only module that talks to Chroma (local folder, or a server at RAG_CHROMA_URL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from urllib.parse import urlparse

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import chromadb  # noqa: E402  (telemetry must be off before import)
import httpx  # noqa: E402
from chromadb.config import Settings as ChromaSettings  # noqa: E402

from rag.core.config import Settings  # noqa: E402
from rag.core.errors import RagError, first_line  # noqa: E402
from rag.core.types import Chunk  # noqa: E402
from rag.store.failures import failure, guarded  # noqa: E402
from rag.store.rows import TEXT, metadata, split  # noqa: E402

BATCH = 1000
PAGE = 5000  # rows per collection.get; Chroma fails on one get of more than ~32k rows
GENERATION = "rag_generation"  # collection metadata key, changed on every write (see bm25.py)


class Store:
    """Chunks with their embeddings and metadata in one Chroma collection (cosine space)."""

    def __init__(self, settings: Settings) -> None:
        self.location = settings.chroma_url or str(settings.home / "chroma")
        self.local_home = None if settings.chroma_url else settings.home  # None: a Chroma server
        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        try:
            if settings.chroma_url:
                self.client = _http_client(settings.chroma_url, settings.chroma_timeout, chroma_settings)
                self.client.heartbeat()
            else:
                settings.home.mkdir(parents=True, exist_ok=True)
                self.client = chromadb.PersistentClient(path=self.location, settings=chroma_settings)
            self.name = settings.collection
            self.collection = self.client.get_or_create_collection(
                self.name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
            )
        except httpx.TimeoutException:
            raise RagError(
                f"cannot open Chroma at {self.location}: no reply within {settings.chroma_timeout:g} s"
            ) from None
        except Exception as e:  # Chroma raises many types; users need one line
            if self.local_home is not None:
                raise failure(e, self.location, self.local_home, write=False) from None
            raise RagError(f"cannot open Chroma at {self.location}: {first_line(e)}") from None

    @guarded(write=True)
    def upsert(self, chunks: list[Chunk], embeddings, extra: dict | list[dict], new: bool = False) -> None:
        """Write chunks with ``extra`` metadata (one dict for all, or one per chunk); mark the change.

        ``new``: none of these ids is stored yet, so Chroma's ``add`` does (~7% cheaper than upsert at
        100k chunks, measured side by side). An id stored meanwhile by another process stays as it is:
        ids hash the content.
        """
        extras = extra if isinstance(extra, list) else [extra] * len(chunks)
        write = self.collection.add if new else self.collection.upsert
        for i in range(0, len(chunks), BATCH):
            part = chunks[i : i + BATCH]
            write(
                ids=[c.id for c in part],
                embeddings=embeddings[i : i + BATCH],
                metadatas=[
                    {**metadata(c), **x, TEXT: c.text}
                    for c, x in zip(part, extras[i : i + BATCH], strict=True)
                ],
            )
        self.touch()

    @guarded(write=True)
    def delete_articles(self, article_ids: list[str]) -> None:
        for aid in article_ids:
            self.collection.delete(where={"article_id": aid})
        if article_ids:
            self.touch()

    @guarded(write=True)
    def delete_chunks(self, ids: list[str]) -> None:
        if ids:
            self.collection.delete(ids=ids)
            self.touch()

    @guarded(write=False)
    def articles(self, where: dict | None = None, page: int = PAGE) -> dict[str, dict]:
        """Metadata of every article (from its first chunk), by article id; ``where`` narrows it."""
        clause = {"n": 0} if not where else {"$and": [{"n": 0}, where]}
        pages = self._pages(["metadatas"], page, clause)
        return {m["article_id"]: split(None, m)[1] for r in pages for m in r["metadatas"]}

    @guarded(write=True)
    def set_origins(self, article_id: str, origins: list[str], outlets: str | None = None) -> None:
        """Record where an article comes from (files or URLs, and its outlets) on each of its chunks."""
        ids = self.chunk_ids(article_id)
        fields = {"origins": "\n".join(origins), **({"outlets": outlets} if outlets else {})}
        if ids:
            self.collection.update(ids=ids, metadatas=[fields] * len(ids))
            self.touch()

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

    def copy_into(self, other: Store, page: int = PAGE) -> Iterator[int]:
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

    @guarded(write=False)
    def generation(self) -> str:
        """A token that changes whenever any process writes to the collection."""
        meta = self.client.get_collection(self.name, embedding_function=None).metadata or {}
        return str(meta.get(GENERATION, "empty"))

    @guarded(write=True)
    def touch(self) -> None:
        self.collection.modify(metadata={GENERATION: uuid.uuid4().hex})

    @guarded(write=False)
    def names(self) -> list[str]:  # every collection in this Chroma (folder or server), sorted
        return sorted(getattr(c, "name", c) for c in self.client.list_collections())

    @guarded(write=True)
    def drop(self, name: str) -> None:
        """Delete collection ``name`` and every chunk in it."""
        self.client.delete_collection(name)


def forget_clients() -> None:
    """Drop Chroma's per-path client cache: after a folder is replaced on disk, a client opened on the
    same path again must read the new files."""
    chromadb.api.client.SharedSystemClient.clear_system_cache()


def _http_client(url: str, timeout: float, chroma_settings: ChromaSettings):
    """A Chroma client for the server at ``url`` whose every request gives up after ``timeout`` s.
    chromadb 1.5's httpx client has no timeout and HttpClient() makes a first request: a heartbeat with
    a timeout goes first, then the client's own session gets the timeout for every later call."""
    u = urlparse(url)
    limit = httpx.Timeout(timeout, connect=min(timeout, 10.0))
    httpx.get(url.rstrip("/") + "/api/v2/heartbeat", timeout=limit).raise_for_status()
    client = chromadb.HttpClient(
        host=u.hostname or "localhost",
        port=u.port or (443 if u.scheme == "https" else 8000),
        ssl=u.scheme == "https",
        settings=chroma_settings,
    )
    client._server._session.timeout = limit  # chromadb offers no setting for it
    return client
