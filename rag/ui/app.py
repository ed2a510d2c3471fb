"""The browser chat (Gradio): chat with a sources panel, uploads, the article list, filters, models.

Named API endpoints for gradio_client: /ask, /ingest, /stats, /remove (see README).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from pathlib import Path

import gradio as gr

from rag import collections
from rag.access.gate import Gate
from rag.access.roles import Who
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
        self.kb = kb  # the default collection's
        self.stopping: set[str] = set()  # sessions whose answer Stop ends (rag/ui/asking.py)
        self.local = Launcher(kb.settings.local_url)
        self.offered = models_offered(kb)
        self.saved = SavedChats(kb.settings.home)
        self.gate = Gate(kb.settings)
        self._kbs = {kb.settings.collection: kb}
        self._opening = threading.Lock()

    def kb_for(self, collection: str | None) -> KnowledgeBase:
        """The knowledge base of ``collection`` ("" or None: the default); NotFound if there is none."""
        name = collection or self.kb.settings.collection
        with self._opening:
            if name not in self._kbs:
                collections.existing(self.kb.settings, name)
                settings = replace(self.kb.settings, collection=name)
                self._kbs[name] = KnowledgeBase(settings, self.kb.embedder())
            return self._kbs[name]

    def delete(self, collection: str) -> None:
        """Delete a collection (rag/collections.py), after any write to it in progress here ends."""
        with self._opening:
            kb = self._kbs.pop(collection, None)
        with kb._writing if kb else nullcontext():  # its lock: an ingest running now finishes first
            collections.delete(self.kb.settings, collection)

    def who(self, request: gr.Request | None) -> Who:
        """The logged-in user of a browser or gradio_client request (anyone when no login is needed)."""
        return self.gate.user(getattr(request, "username", None))

    def allowed(self, request, action: str, collection: str | None) -> KnowledgeBase:
        """``kb_for(collection)`` once the user may do ``action`` in it (checked first: by name only)."""
        who = request if isinstance(request, Who) else self.who(request)
        who.check(action, collection or self.kb.settings.collection)
        return self.kb_for(collection)

    def chat(self, question, shown, history, model, sources, since, until, browser_id="", conversation="",
             collection="", request: gr.Request = None):  # fmt: skip
        """Stream an answer into the chat (rag/ui/asking.py); Gradio passes ``request`` by its type."""
        yield from asking.chat(self, question, shown, history, model, sources, since, until, browser_id,
                               conversation, collection, request)  # fmt: skip

    def save_turn(self, browser_id, request, conversation, question, answer, collection: str = ""):
        """Save the turn; (conversation id, refreshed list), or unchanged with a warning if it can't be."""
        try:
            who = owner(browser_id, request)
            name = self.kb_for(collection).settings.collection
            saved = self.saved.save(who, conversation, question, answer, name)
            return saved, gr.Dropdown(choices=self.saved.choices(who), value=saved)
        except RagError as e:  # a read-only or full home: the answer stands, unsaved
            gr.Warning(f"This conversation is not being saved: {e}")
            return conversation or "", gr.skip()

    def ask(
        self, question: str, history: list[dict] | None = None, model: str = "", filters: dict | None = None,
        collection: str = "", request: gr.Request = None,
    ) -> dict:  # fmt: skip
        """API: the Answer as a dict (text, citations, abstained, unsupported, model, ...)."""
        with _shown():
            self.allowed(request, "read", collection)
            return self.answer(question, history, model, filters, collection).to_dict()

    def answer(self, question, history=None, model: str = "", filters=None, collection: str = ""):
        """The Answer in ``collection`` by ``model`` (RagError for bad input); callers check access."""
        kb, waiting = self.model_for(model, collection)
        if filters is not None and not isinstance(filters, dict):
            raise RagError('filters must be an object such as {"source": ["Reuters"]} or null')
        answer = kb.ask(question, history=history or None, filters=filters or None)
        return asking.waited(answer, waiting)

    def ingest(
        self, files: list[str] | None, progress=None, urls: list[str] | None = None, collection: str = ""
    ) -> dict:
        """Copy files into the collection's uploads folder and ingest them, and fetch ``urls``; the
        report as a dict."""
        with _shown():
            return self.add(files, urls, collection, progress)

    def add(self, files, urls, collection: str = "", progress=None, names: dict | None = None) -> dict:
        """``ingest`` raising RagError; ``names`` gives a file the name its sender gave it."""
        urls = _strings(urls, "urls must be a list of web addresses (http or https)")
        bad = [u for u in urls if not is_url(u)]
        if bad:
            raise RagError(f"not a web address (http or https): {bad[0][:200]}")
        kb = self.kb_for(collection)
        kept = {}
        for f in files or []:
            shown = (names or {}).get(str(f)) or Path(f).name
            kept[str(self._keep(kb, Path(f), shown))] = shown
        return self._ingest(kb, [*map(Path, kept), *(u.strip() for u in urls or [])], progress, kept)

    def _ingest(self, kb, paths: list, progress=None, names: dict[str, str] | None = None) -> dict:
        """Ingest kept files; ``names`` maps a kept path to the name the user gave it (shown in reports)."""
        done, names = {"n": 0}, names or {}

        def name(item: str) -> str:
            return names.get(item) or (item if is_url(item) else Path(item).name)

        def step(item: str) -> None:
            done["n"] += 1
            if progress is not None:
                progress((done["n"], len(paths)), desc=f"ingesting {name(item)}")

        report = kb.ingest(paths, progress=step)
        failed = [[name(p), r] for p, r in report.failed]
        return {
            "added": report.added, "updated": report.updated, "skipped": report.skipped,
            "failed": failed, "summary": report.summary(), "passages": report.chunks,
        }  # fmt: skip

    def paste(self, title: str, text: str, source: str, date: str, collection: str = "") -> dict:
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
        kb = self.kb_for(collection)
        path = uploads.store(kb.settings.data / "uploads", data, f"{stem}.txt")
        return {**self._ingest(kb, [path]), "dated": dated}

    def remove(self, ids: list[str] | None = None, source: str | None = None, collection: str = "") -> dict:
        """API: remove articles by id (see /stats) or all of a source, everywhere; their titles."""
        with _shown():
            ids = _strings(ids, "ids must be a list of article ids (see /stats)")
            return {"removed": self.kb_for(collection).remove(ids, source=source or None)}

    def stats(self, collection: str = "", request: gr.Request = None) -> dict:
        """API: article and chunk counts, and the article list."""
        with _shown():
            return self.allowed(request, "read", collection).stats()

    def _keep(self, kb: KnowledgeBase, path: Path, name: str | None = None) -> Path:
        """Copy an uploaded file into the collection's uploads folder (see rag/ui/uploads.py)."""
        return uploads.store(kb.settings.data / "uploads", path.read_bytes(), name or path.name)

    def model_for(self, model: str | None, collection: str = "") -> tuple[KnowledgeBase, str]:
        """The knowledge base answering with ``model``, and why another answers instead ('' if none).
        Choosing 'local' starts the local server in the background (installing it the first time);
        until it answers, the extractive model does, with a note saying why."""
        if model and model not in self.offered:  # the server's provider keys are for its own menu only
            raise RagError(
                f"model {str(model)[:80]!r} is not offered here; choose one of: {', '.join(self.offered)}"
            )
        base = self.kb_for(collection)
        kb = base.using(model or None)
        waiting = self.local.status() if kb.model == llm.LOCAL else None
        return (base.using(llm.EXTRACTIVE), waiting) if waiting else (kb, "")


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
