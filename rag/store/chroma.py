"""Vector store: the only module that talks to Chroma (local folder, or a server at RAG_CHROMA_URL)."""

from __future__ import annotations

import contextlib
import os
import uuid
from urllib.parse import urlparse

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import chromadb  # noqa: E402  (telemetry must be off before import)
import httpx  # noqa: E402
from chromadb.config import Settings as ChromaSettings  # noqa: E402

from rag.core.config import Settings  # noqa: E402
from rag.core.errors import RagError, first_line  # noqa: E402
from rag.core.types import Chunk  # noqa: E402
from rag.store.failures import failure, guarded  # noqa: E402
from rag.store.reads import PAGE, Reads  # noqa: E402, F401  (PAGE: read by bench and tests)
from rag.store.rows import TEXT, metadata  # noqa: E402

BATCH = 1000
GENERATION = "rag_generation"  # collection metadata key, changed on every write (see bm25.py)


class Store(Reads):
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
            self.lexicon = None  # the BM25 index (rag/store/bm25.py) writes join, once it exists
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
        with self._journal():
            for i in range(0, len(chunks), BATCH):
                part = chunks[i : i + BATCH]
                metas = [{**metadata(c), **x} for c, x in zip(part, extras[i : i + BATCH], strict=True)]
                write(ids=[c.id for c in part], embeddings=embeddings[i : i + BATCH],
                      metadatas=[{**m, TEXT: c.text} for c, m in zip(part, metas, strict=True)])  # fmt: skip
                if self.lexicon:
                    self.lexicon.put([c.id for c in part], [c.text for c in part], metas)
            self.touch()

    @guarded(write=True)
    def delete_articles(self, article_ids: list[str]) -> None:
        with self._journal():
            for aid in article_ids:
                self.collection.delete(where={"article_id": aid})
            if article_ids:
                self.lexicon and self.lexicon.drop(article_ids=article_ids)
                self.touch()

    @guarded(write=True)
    def delete_chunks(self, ids: list[str]) -> None:
        if ids:
            with self._journal():
                self.collection.delete(ids=ids)
                self.lexicon and self.lexicon.drop(ids=ids)
                self.touch()

    @guarded(write=True)
    def set_origins(self, article_id: str, origins: list[str], outlets: str | None = None) -> None:
        """Record where an article comes from (files or URLs, and its outlets) on each of its chunks."""
        ids = self.chunk_ids(article_id)
        fields = {"origins": "\n".join(origins), **({"outlets": outlets} if outlets else {})}
        if ids:
            with self._journal():
                self.collection.update(ids=ids, metadatas=[fields] * len(ids))
                self.lexicon and self.lexicon.journal.update(article_id, fields)
                self.touch()

    @guarded(write=False)
    def generation(self) -> str:
        """A token that changes whenever any process writes to the collection."""
        meta = self.client.get_collection(self.name, embedding_function=None).metadata or {}
        return str(meta.get(GENERATION, "empty"))

    @guarded(write=True)
    def touch(self) -> None:
        """A new generation token: the write is done (and the BM25 index, if any, holds it too)."""
        with self._journal():
            token = uuid.uuid4().hex
            self.collection.modify(metadata={GENERATION: token})
            self.lexicon and self.lexicon.mark(token)

    def _journal(self):
        """The BM25 index's transaction around a write (its readers wait for it), else nothing."""
        return self.lexicon.batch() if self.lexicon else contextlib.nullcontext()

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
