"""The browser chat (Gradio): chat with a sources panel, uploads, the article list, filters, models.

Named API endpoints for gradio_client: /ask, /ingest, /stats, /remove (see README).
"""

from __future__ import annotations

import datetime as dt
import re
from contextlib import contextmanager
from pathlib import Path

import gradio as gr

from rag.core.errors import RagError
from rag.kb import KnowledgeBase
from rag.llm import client as llm
from rag.llm.local.launcher import Launcher
from rag.sources import is_url
from rag.ui import asking, uploads
from rag.ui.chats import owner
from rag.ui.saved import SavedChats


def models_offered(kb: KnowledgeBase) -> list[str]:
    """The configured model first, then 'extractive', 'local' (started on first use), then RAG_MODELS."""
    extra = [m.strip() for m in kb.settings.models.split(",") if m.strip()]
    return list(dict.fromkeys([kb.model, llm.EXTRACTIVE, llm.LOCAL, *extra]))


class ChatApp:
    """Event handlers bound to one knowledge base; per-user state lives in Gradio session state."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.stopping: set[str] = set()  # sessions whose answer Stop ends (rag/ui/asking.py)
        self.uploads = kb.settings.home / "uploads"
        self.local = Launcher(kb.settings.local_url)
        self.offered = models_offered(kb)
        self.saved = SavedChats(kb.settings.home)

    def chat(self, question, shown, history, model, sources, since, until, browser_id="", conversation="",
             request: gr.Request = None):  # fmt: skip
        """Stream an answer into the chat (rag/ui/asking.py); Gradio passes ``request`` by its type."""
        yield from asking.chat(self, question, shown, history, model, sources, since, until, browser_id,
                               conversation, request)  # fmt: skip

    def save_turn(self, browser_id, request, conversation, question, answer):
        """Save the turn; (conversation id, refreshed list), or unchanged with a warning if it can't be."""
        try:
            who = owner(browser_id, request)
            saved = self.saved.save(who, conversation, question, answer)
            return saved, gr.Dropdown(choices=self.saved.choices(who), value=saved)
        except RagError as e:  # a read-only or full home: the answer stands, unsaved
            gr.Warning(f"This conversation is not being saved: {e}")
            return conversation or "", gr.skip()

    def ask(
        self, question: str, history: list[dict] | None = None, model: str = "", filters: dict | None = None
    ) -> dict:
        """API: the Answer as a dict (text, citations, abstained, unsupported, model, ...)."""
        with _shown():
            kb, waiting = self.model_for(model)
            if filters is not None and not isinstance(filters, dict):
                raise RagError('filters must be an object such as {"source": ["Reuters"]} or null')
            answer = kb.ask(question, history=history or None, filters=filters or None)
            return asking.waited(answer, waiting).to_dict()

    def ingest(self, files: list[str] | None, progress=None, urls: list[str] | None = None) -> dict:
        """Copy files into $RAG_HOME/uploads and ingest them, and fetch ``urls``; the report as a dict."""
        with _shown():
            urls = _strings(urls, "urls must be a list of web addresses (http or https)")
            bad = [u for u in urls if not is_url(u)]
            if bad:
                raise RagError(f"not a web address (http or https): {bad[0][:200]}")
            kept = {str(self._keep(Path(f))): Path(f).name for f in files or []}
            return self._ingest([*map(Path, kept), *(u.strip() for u in urls or [])], progress, kept)

    def _ingest(self, paths: list, progress=None, names: dict[str, str] | None = None) -> dict:
        """Ingest kept files; ``names`` maps a kept path to the name the user gave it (shown in reports)."""
        done, names = {"n": 0}, names or {}

        def name(item: str) -> str:
            return names.get(item) or (item if is_url(item) else Path(item).name)

        def step(item: str) -> None:
            done["n"] += 1
            if progress is not None:
                progress((done["n"], len(paths)), desc=f"ingesting {name(item)}")

        report = self.kb.ingest(paths, progress=step)
        failed = [[name(p), r] for p, r in report.failed]
        return {
            "added": report.added, "updated": report.updated, "skipped": report.skipped,
            "failed": failed, "summary": report.summary(), "passages": report.chunks,
        }  # fmt: skip

    def paste(self, title: str, text: str, source: str, date: str) -> dict:
        """Save pasted text as an article file (with its title, source, date) and ingest it; without a
        date it is dated today, and the report's "dated" says so (the day, else "")."""
        if not (title or "").strip() or not (text or "").strip():
            raise RagError("give the pasted article a title and some text")
        if len(text.encode()) > self.kb.settings.max_upload_mb * 1_000_000:
            raise RagError(f"pasted text is larger than {self.kb.settings.max_upload_mb} MB")
        # Undated, it would sort last, show no date in the list and never match a date filter
        dated = "" if (date or "").strip() else dt.date.today().isoformat()
        fields = (("Title", title), ("Source", source), ("Date", dated or date))
        header = "".join(f"{k}: {v.strip()}\n" for k, v in fields if v and v.strip())
        data = f"{header}\n{text.strip()}\n".encode()
        stem = re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-")[:60] or "pasted"
        path = uploads.store(self.uploads, data, f"{stem}.txt")
        return {**self._ingest([path]), "dated": dated}

    def remove(self, ids: list[str] | None = None, source: str | None = None) -> dict:
        """API: remove articles by id (see /stats) or all of a source, everywhere; their titles."""
        with _shown():
            ids = _strings(ids, "ids must be a list of article ids (see /stats)")
            return {"removed": self.kb.remove(ids, source=source or None)}

    def stats(self) -> dict:
        """API: article and chunk counts, and the article list."""
        with _shown():
            return self.kb.stats()

    def _keep(self, path: Path) -> Path:
        """Copy an uploaded file into $RAG_HOME/uploads (see rag/ui/uploads.py)."""
        return uploads.store(self.uploads, path.read_bytes(), path.name)

    def model_for(self, model: str | None) -> tuple[KnowledgeBase, str]:
        """The knowledge base answering with ``model``, and why another answers instead ('' if none).

        Choosing 'local' starts the local server in the background (installing it the first time);
        until it answers, the extractive model does, with a note saying why.
        """
        if model and model not in self.offered:  # the server's provider keys are for its own menu only
            raise RagError(
                f"model {str(model)[:80]!r} is not offered here; choose one of: {', '.join(self.offered)}"
            )
        kb = self.kb.using(model or None)
        waiting = self.local.status() if kb.model == llm.LOCAL else None
        return (self.kb.using(llm.EXTRACTIVE), waiting) if waiting else (kb, "")


def _strings(value, problem: str) -> list[str]:
    """An API argument that must be a list of strings (None: empty); RagError ``problem`` otherwise."""
    if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        raise RagError(problem)
    return value or []


@contextmanager
def _shown():
    """A RagError (a full disk, a damaged index, ...) as the one-line message the browser shows."""
    try:
        yield
    except RagError as e:
        raise gr.Error(str(e)) from None
