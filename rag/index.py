"""Indexing: read files, chunk, embed and write to the store, doing no work for unchanged articles.

An article's id hashes its content, and each chunk records the ``pipeline`` (embedder and chunk
settings) that made it. An article already stored under the same id and pipeline is skipped; an
article whose file (``origin``) held different content before replaces those old chunks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

from rag.chunk import chunk_article, embed_text, short_title
from rag.config import Settings
from rag.embed import Embedder
from rag.errors import RagError
from rag.ingest import find_files, read_articles
from rag.store import Store
from rag.types import Article, IngestReport

CHUNKER_VERSION = 1  # bump when chunking changes, so existing indexes are rebuilt


def pipeline_id(settings: Settings, embedder_name: str) -> str:
    key = f"{embedder_name}|{settings.chunk_tokens}|{settings.overlap_tokens}|{CHUNKER_VERSION}"
    return hashlib.sha256(key.encode()).hexdigest()[:12]


class Indexer:
    """Writes articles into the store; ``embedder`` is a callable so the model loads only when needed."""

    def __init__(self, store: Store, embedder: Callable[[], Embedder], settings: Settings) -> None:
        self.store, self._embedder, self.settings = store, embedder, settings

    def ingest(
        self, paths: Iterable[str | Path], progress: Callable[[str], None] | None = None
    ) -> IngestReport:
        """Ingest files and folders; unreadable files are reported in ``failed``, the rest still ingested."""
        report = IngestReport()
        files = self._files(paths, report)
        known = self.store.articles()
        by_origin: dict[str, list[str]] = {}
        for aid, meta in known.items():
            by_origin.setdefault(meta.get("origin", ""), []).append(aid)
        for path in files:
            try:
                articles = read_articles(path)
            except RagError as e:
                report.failed.append((str(path), str(e)))
            else:
                for article in articles:
                    self._one(article, known, by_origin.get(article.origin, []), report)
            if progress:
                progress(str(path))
        return report

    def sync(self, folder: str | Path, progress: Callable[[str], None] | None = None) -> IngestReport:
        """Ingest ``folder`` and remove stored articles that came from files now gone from it."""
        root = Path(folder)
        if not root.is_dir():
            raise RagError(f"not a folder: {folder}")
        report = self.ingest([root], progress)
        prefix = str(root.resolve())
        failed = {str(Path(p).resolve()) for p, _ in report.failed}
        for aid, meta in self.store.articles().items():
            origin = meta.get("origin", "")
            file = origin.split("::")[0]
            if origin.startswith(prefix) and file not in failed and not Path(file).exists():
                self.store.delete_articles([aid])
                report.removed.append(meta.get("title", aid))
        return report

    def _files(self, paths: Iterable[str | Path], report: IngestReport) -> list[Path]:
        files: list[Path] = []
        for p in paths:
            try:
                files.extend(find_files([p]))
            except RagError as e:
                report.failed.append((str(p), str(e)))
        return files

    def _one(self, article: Article, known: dict, previous: list[str], report: IngestReport) -> None:
        pipeline = pipeline_id(self.settings, Embedder.name)
        meta = known.get(article.id)
        stale = [p for p in previous if p != article.id]
        if meta and meta.get("pipeline") == pipeline:
            if meta.get("origin") != article.origin:  # same content, moved or copied file
                self.store.set_origin(article.id, article.origin)
            report.skipped.append(article.title)
        else:
            report.chunks += self._write(article, pipeline, replace=bool(meta))
            (report.updated if meta or stale else report.added).append(article.title)
        self.store.delete_articles(stale)
        for p in stale:
            known.pop(p, None)
        known[article.id] = {"pipeline": pipeline, "origin": article.origin, "title": article.title}

    def _write(self, article: Article, pipeline: str, replace: bool) -> int:
        """Chunk, embed and store one article; returns the number of chunks written."""
        embedder = self._embedder()
        count = embedder.count_tokens
        chunks = chunk_article(article, count, self.settings.chunk_tokens, self.settings.overlap_tokens)
        title = short_title(article.title, count)
        vectors = embedder.encode([embed_text(title, c.text) for c in chunks])
        old = set(self.store.chunk_ids(article.id)) if replace else set()
        self.store.upsert(chunks, vectors, {"pipeline": pipeline, "origin": article.origin})
        self.store.delete_chunks(sorted(old - {c.id for c in chunks}))
        return len(chunks)
