"""The knowledge base: one object that ingests, searches and answers, as ``rag.open()`` returns it."""

from __future__ import annotations

import copy
import functools
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from rag.answer.briefing import briefing
from rag.answer.extractive import extractive, supported
from rag.answer.finalize import pieces
from rag.answer.generate import generate
from rag.answer.phrase_llm import shorten
from rag.answer.refusal import refusal
from rag.answer.similar import Similarity
from rag.core import locks
from rag.core.config import Settings
from rag.core.errors import RagError
from rag.core.types import Answer, Article, Hit, IngestReport
from rag.embed.embedder import Embedder
from rag.index import library
from rag.index.indexer import Indexer
from rag.llm import client as llm
from rag.question import check as questions
from rag.question import followup
from rag.question import kind as kinds
from rag.retrieve.hybrid import Retriever
from rag.store.bm25 import LexicalIndex, index_path
from rag.store.chroma import Store

LOCAL_JOBS = "shorten"  # what the tiny local model does by default: measured best (README)


class KnowledgeBase:
    """Articles in Chroma plus a BM25 index, answering questions with verified citations."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        llm.check_model(settings.model)
        self.settings = settings
        self.store = Store(settings)
        self.lexical = LexicalIndex(self.store, index_path(settings.home, settings.collection))
        self._embedder = embedder
        self._lock = threading.Lock()
        self._writing = locks.writer(settings)  # one ingest or sync at a time, shared in the process
        self.indexer = Indexer(self.store, self.embedder, settings)
        self._stats: tuple[str, dict] | None = None  # (store generation, stats) of the last stats()

    @property
    def model(self) -> str:
        return self.settings.model

    def using(self, model: str | None) -> KnowledgeBase:
        """The same knowledge base (store, BM25 index, embedder) answering with another model."""
        if not model or model == self.model:
            return self
        llm.check_model(model)
        return self.with_settings(model=model)

    def with_settings(self, **changes) -> KnowledgeBase:
        """The same knowledge base (store, BM25 index, embedder, write lock) with other settings."""
        other = copy.copy(self)
        other.settings = replace(self.settings, **changes)
        other.indexer = Indexer(self.store, self.embedder, other.settings)
        return other

    def embedder(self) -> Embedder:
        """The embedder, loaded on first use (a few seconds), shared by every thread."""
        with self._lock:
            if self._embedder is None:
                folder = self.settings.home / "models"
                try:
                    self._embedder = Embedder(backend=self.settings.embed_backend, cache_dir=folder)
                except OSError as e:  # the model is exported there on first use: it must be writable
                    why = e.strerror or str(e)
                    raise RagError(f"cannot keep the embedding model in {folder}: {why}") from None
            return self._embedder

    @functools.cached_property
    def similarity(self) -> Similarity:
        """Question-to-sentence likeness by meaning, from the embedder (vectors cached)."""
        return Similarity(lambda texts: self.embedder().encode(texts))

    def ingest(
        self, paths: Iterable[str | Path], progress: Callable[[str], None] | None = None
    ) -> IngestReport:
        """Ingest files, folders (.txt .md .html .json .jsonl .pdf .docx) and URLs; see IngestReport."""
        with self._writing:
            return self.indexer.ingest([paths] if isinstance(paths, str | Path) else paths, progress)

    def add_articles(self, articles: list[Article]) -> IngestReport:
        """Store articles already read (a feed's new entries); see IngestReport."""
        with self._writing:
            return self.indexer.add(articles)

    def remove(self, items: Iterable[str] = (), source: str | None = None) -> list[str]:
        """Remove the articles that ``items`` (ids, file paths, URLs) or ``source`` name, everywhere
        (rag/index/library.py); returns their titles. RagError when an item matches no article."""
        with self._writing:
            catalog = self.lexical.catalog()
            found = library.matching(catalog, list(items), source)
            self.store.delete_articles(sorted(found))
            library.forget(self.settings.data, found, lambda base: bool(catalog.holding([base])))
            return sorted(m.get("title") or a for a, m in found.items())

    def sync(self, folder: str | Path, progress: Callable[[str], None] | None = None) -> IngestReport:
        """Make the index match ``folder``: ingest new and changed files, drop articles whose file is gone."""
        with self._writing:
            return self.indexer.sync(folder, progress)

    def search(self, question: str, k: int = 5, filters: dict | None = None) -> list[Hit]:
        """The ``k`` best passages for ``question``; filters: source, date_from, date_to, article_id."""
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise RagError(f"k must be a whole number >= 1, got {k!r}")
        return self._retrieve(questions.clean(question, self.settings.max_question_chars), k, filters)

    def _retrieve(self, question: str, k: int, filters: dict | None) -> list[Hit]:
        return Retriever(self.store, self.lexical, self.embedder(), self.settings).search(
            question, k, filters
        )

    def ask(self, question: str, history: list[dict] | None = None, filters: dict | None = None) -> Answer:
        """Answer ``question`` (a follow-up when ``history`` is given) with citations, or refuse."""
        result = None
        for item in self.stream(question, history, filters):
            result = item
        assert isinstance(result, Answer)
        return result

    def stream(
        self, question: str, history: list[dict] | None = None, filters: dict | None = None
    ) -> Iterator[str | Answer]:
        """Yield the answer's text in pieces as it is produced, then the final (verified) Answer."""
        limit = self.settings.max_question_chars
        question = questions.clean(question, limit)
        history = questions.history(history, limit)
        standalone = self.standalone(question, history)
        previous = followup.previous_answer(history) if history and standalone != question else ""
        asked = kinds.kind(standalone)
        for item in self._answer(standalone, asked, previous, filters):
            yield replace(item, kind=asked) if isinstance(item, Answer) else item

    def _answer(self, standalone: str, asked: str, previous: str, filters) -> Iterator[str | Answer]:
        """The answer to a standalone question of kind ``asked``, in pieces, then the Answer."""
        if asked == "story":  # a briefing: from the topic's best passages, by the LLM if it writes answers
            topic = kinds.topic(standalone)
            hits = self._retrieve(topic or standalone, max(self.settings.k, 10), filters)
            if "answer" in self.jobs:
                yield from generate(standalone, hits, self.lexical.idf, self.settings, prompt="briefing")
                return
            final = briefing(standalone, topic, hits, self.similarity) or refusal(
                self.model, standalone, hits=hits
            )
            yield from pieces(final.text)
            yield final
            return
        hits = self._retrieve(standalone, self.settings.k, filters)  # a rewrite may pass the cap
        if previous:  # a follow-up looks first around what was just answered
            seen = {h.chunk_id for h in hits}
            hits += [h for h in self._retrieve(previous, 2, filters) if h.chunk_id not in seen]
        if self.model == llm.EXTRACTIVE:
            similar = self.similarity(standalone)
            final = extractive(
                standalone, hits, self.lexical.idf, self.settings, previous=previous, similar=similar
            )
        elif not supported(standalone, hits, self.lexical.idf, self.settings):
            final = refusal(self.model, standalone, hits=hits)  # weak evidence: do not let the model guess
        elif "answer" in self.jobs:
            yield from generate(standalone, hits, self.lexical.idf, self.settings)
            return
        else:
            final = None
            if "shorten" in self.jobs:
                final = shorten(standalone, hits, self.lexical.idf, self.settings, self.model)
            final = final or extractive(standalone, hits, self.lexical.idf, self.settings)
        yield from pieces(final.text)
        yield final

    @property
    def jobs(self) -> set[str]:
        """The jobs the configured LLM does (RAG_LLM_JOBS), by default the ones measured to help it."""
        if self.model == llm.EXTRACTIVE:
            return set()
        raw = self.settings.llm_jobs or (LOCAL_JOBS if self.model == llm.LOCAL else "answer,rewrite")
        return {j.strip() for j in raw.split(",") if j.strip()}

    def standalone(self, question: str, history: list[dict] | None) -> str:
        """The question rewritten to stand alone, by the LLM when one is configured."""
        return followup.standalone(question, history, self.settings, "rewrite" in self.jobs)

    def stats(self) -> dict:
        """Counts and the list of articles (title, date, source) in the collection, newest first.

        Kept until the store changes: listing 50k articles takes ~4 s, and every page load asks.
        """
        generation = self.store.generation()
        if not self._stats or self._stats[0] != generation:
            self._stats = (generation, library.listing(self.store, self.model))
        return self._stats[1]


def open_kb(home: str | Path | None = None, model: str | None = None, **overrides) -> KnowledgeBase:
    """Open (or create) the knowledge base at ``home`` (default $RAG_HOME or .rag/) using ``model``."""
    embedder = overrides.pop("embedder", None)
    settings = Settings.from_env(home=Path(home) if home else None, model=model, **overrides)
    return KnowledgeBase(settings, embedder)
