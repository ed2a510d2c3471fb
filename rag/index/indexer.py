"""Indexing: read files, chunk, embed and write to the store, doing no work for unchanged articles.

An article's id hashes its content, and each chunk records the ``pipeline`` (embedder and chunk
settings) that made it. An article already stored under the same id and pipeline is skipped; an
article whose file (``origin``) held different content before replaces those old chunks.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from rag.core.config import Settings
from rag.core.errors import RagError
from rag.core.types import Article, IngestReport
from rag.embed.embedder import Embedder
from rag.index import fetched, library
from rag.index.chunk import chunk_article, embed_text, short_title, title_budget
from rag.index.copies import Stories, signature
from rag.index.known import Holders, Known
from rag.index.meta import chunk_metadata, origin_base, origins_of, outlets, pipeline_id
from rag.index.queue import WriteQueue
from rag.sources import is_url
from rag.sources import read as sources
from rag.sources.article import safe_name
from rag.store.chroma import Store


class Indexer:
    """Writes articles into the store; ``embedder`` is a callable so the model loads only when needed.

    Each stored article lists its ``origins`` (file paths, or ``path::key`` for a JSON record),
    newline-joined: the same text in two files is stored once and removed only when both are gone.
    """

    def __init__(self, store: Store, embedder: Callable[[], Embedder], settings: Settings) -> None:
        self.store, self._embedder, self.settings = store, embedder, settings
        self.pipeline = pipeline_id(settings, Embedder.name)
        self.queue = WriteQueue(store, embedder)

    def ingest(
        self, paths: Iterable[str | Path], progress: Callable[[str], None] | None = None
    ) -> IngestReport:
        """Ingest files and folders; unreadable files are reported in ``failed``, the rest still ingested."""
        return self._ingest(paths, progress)[0]

    def add(self, articles: list[Article]) -> IngestReport:
        """Store articles already read (a feed's entries); each replaces what its origin held."""
        report, (known, by_origin) = IngestReport(), self._known()
        with self._queue():
            for article in articles:
                self._one(article, known, by_origin, report)
            self.queue.flush()
        return report

    def sync(self, folder: str | Path, progress: Callable[[str], None] | None = None) -> IngestReport:
        """Ingest ``folder``, then drop what came from files (or JSON records) no longer in it."""
        root = Path(folder)
        if not root.is_dir():
            raise RagError(f"not a folder: {folder}")
        report, seen, failed = self._ingest([root], progress)
        prefix = safe_name(root.resolve()) + os.sep
        for aid, meta in self.store.articles().items():
            origins = origins_of(meta)
            gone = {
                o for o in origins if o.startswith(prefix) and o not in seen and origin_base(o) not in failed
            }
            if gone and not self._drop_origins(aid, origins, gone):
                report.removed.append(meta.get("title", aid))
        return report

    def _ingest(self, paths, progress) -> tuple[IngestReport, set[str], set[str]]:
        """Ingest ``paths``; returns the report, the origins read, and the files that failed."""
        with self._queue():
            return self._read_and_write(paths, progress)

    @contextlib.contextmanager
    def _queue(self) -> Iterator[None]:
        """A run's write queue, emptied however the run ends: after a failed write (a full disk) the
        next run must not re-send this run's queue."""
        try:
            yield
        finally:
            self.queue.clear()

    def _read_and_write(self, paths, progress) -> tuple[IngestReport, set[str], set[str]]:
        report, seen, failed = IngestReport(), set(), set()
        known, by_origin = self._known()
        # records removed one by one stay out too (a folder's other files and records are read)
        files, removed = library.to_read(self.settings.data, list(paths), report.failed)
        for path in files:
            problems: list[str] = []
            try:
                articles = sources.read(path, self.settings, problems)
            except RagError as e:
                problems.append(str(e))
                articles = []
            except Exception as e:  # a parser's own failure on hostile input: this file alone fails
                problems.append(f"unreadable: damaged, or not what its name says ({type(e).__name__})")
                articles = []
            if problems:  # its articles stay, even those it no longer holds: nothing is lost
                failed.add(sources.name(path if is_url(path) else path.resolve()))
            report.failed += [(sources.name(path), p) for p in problems]
            for article in (a for a in articles if a.origin not in removed):
                seen.add(article.origin)
                self._one(article, known, by_origin, report)
            if progress:
                progress(sources.name(path))
        self.queue.flush()
        return report, seen, failed

    def _known(self) -> tuple[Known, Holders]:
        """The stored articles' metadata by id, and the ids each origin holds, read as they are asked."""
        catalog = self.store.lexicon.catalog()
        self._stories = Stories(catalog.similar, self._text)
        known = Known(catalog)
        return known, Holders(catalog, known)

    def _text(self, article_id: str) -> str:
        """A stored article's text, from its chunks in order (their overlaps repeat a sentence or two)."""
        rows = self.store.get(self.store.chunk_ids(article_id))
        return " ".join(text for _, text, _ in sorted(rows, key=lambda r: r[2].get("n", 0)))

    def _one(self, article: Article, known: Known, by_origin: Holders, report: IngestReport) -> None:
        """Store one article unless it is stored already; retire what its origin held before."""
        meta = known.get(article.id)
        origins = origins_of(meta)
        replaced = sorted(by_origin.get(article.origin, set()) - {article.id})
        for old in replaced:  # the same file (or record) held other text before
            left = self._drop_origins(old, origins_of(known[old]), {article.origin})
            known[old] = {**known[old], "origins": "\n".join(left)}
            if not left:
                del known[old]
        by_origin[article.origin] = {article.id}
        new_origins = sorted({*origins, article.origin})
        names = outlets(meta, article)
        if fetched.kept(article):  # a web page may change or vanish: rag reindex rebuilds it from this
            fetched.keep(self.settings.data, article)
        if meta and meta.get("pipeline") == self.pipeline:
            if new_origins != origins or names != meta.get("outlets", ""):  # the same text elsewhere
                self._set_origins(article.id, new_origins, names)
            report.skipped.append(article.title)
        else:
            report.chunks += self._write(article, new_origins, replace=bool(meta))
            (report.updated if meta or replaced else report.added).append(article.title)
        known[article.id] = {
            **(meta or {"source": article.source}),
            "pipeline": self.pipeline,
            "origins": "\n".join(new_origins),
            "title": article.title,
            "outlets": names,
        }

    def _set_origins(self, article_id: str, origins: list[str], outlets: str) -> None:
        """Record origins and outlets on an article's chunks: still queued (a copy met in the same
        run), on the queued metadata, else in the store."""
        queued = self.queue.metadata(article_id)
        for meta in queued:
            meta.update(origins="\n".join(origins), outlets=outlets)
        if not queued:
            self.store.set_origins(article_id, origins, outlets)

    def _drop_origins(self, article_id: str, origins: list[str], gone: set[str]) -> list[str]:
        """Forget ``gone`` origins of an article, deleting it when none is left; returns those left."""
        left = [o for o in origins if o not in gone]
        if left:
            self.store.set_origins(article_id, left)
        else:
            self.store.delete_articles([article_id])
        return left

    def _write(self, article: Article, origins: list[str], replace: bool) -> int:
        """Chunk one article and queue it for embedding; returns the number of chunks queued."""
        count = self._embedder().count_tokens
        chunks = chunk_article(article, count, self.settings.chunk_tokens, self.settings.overlap_tokens)
        title = short_title(article.title, count, title_budget(self.settings.chunk_tokens))
        sig = signature(article.text)
        story = self._stories.assign(article.id, sig, article.text)
        extras = [chunk_metadata(article, origins, c, self.pipeline, sig, story) for c in chunks]
        stale = sorted(set(self.store.chunk_ids(article.id)) - {c.id for c in chunks}) if replace else []
        self.queue.put(chunks, [embed_text(title, c.text) for c in chunks], extras, stale, replace)
        return len(chunks)
