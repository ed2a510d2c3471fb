"""The chat's saved conversations (rag/chats/conversations.py) in the browser: whose they are, the list,
opening one with its sources, rename, delete, thumbs, and the Markdown download.

A conversation belongs to the login user when the chat asks for one (RAG_AUTH), otherwise to a
random id the browser keeps in its local storage: another browser, or another login, can neither
list nor open it.
"""

from __future__ import annotations

import functools
import re
import shutil
import tempfile
import weakref
from pathlib import Path

import gradio as gr

from rag.chats.conversations import Conversations
from rag.chats.export import conversation_markdown
from rag.core.errors import RagError
from rag.core.types import Answer
from rag.ui import html as render

_BROWSER_ID = re.compile(r"^[0-9a-f-]{8,64}$")


def owner(browser_id: str | None, request=None) -> str:
    """Whose conversations these are: the login user, else this browser's id."""
    user = getattr(request, "username", None) if request is not None else None
    if user:
        return f"user:{user}"
    if browser_id and _BROWSER_ID.match(browser_id):
        return f"browser:{browser_id}"
    raise RagError("this browser has no id yet: reload the page")


KEEP_EXPORTS = 20  # downloads kept in this app's export folder at once


class SavedChats:
    """Handlers over one home's conversation store."""

    def __init__(self, home: Path) -> None:
        self.store = Conversations(home)
        self._exports: Path | None = None  # this app's download folder, made on the first export

    def save(self, who: str, conversation: str | None, question: str, answer: Answer) -> str:
        """Store a finished turn; the conversation's id. RagError when it can't be saved."""
        return self.store.add_turn(who, conversation or None, question, answer)

    def choices(self, who: str) -> list[tuple[str, str]]:
        """(title, id) of this user's conversations, newest first."""
        return [(c["title"], c["id"]) for c in self.store.list(who)]

    def open(self, who: str, conversation: str) -> tuple[list[dict], list[dict], str]:
        """(chat messages, history, sources panel of the last answer) of a stored conversation."""
        shown: list[dict] = []
        last = None
        for question, answer, _ in self.store.turns(who, conversation):
            shown += [{"role": "user", "content": render.escape(question)},
                      {"role": "assistant", "content": render.answer_html(answer)}]  # fmt: skip
            last = answer
        panel = render.sources_html(last) if last else render.EMPTY_SOURCES
        return shown, self.store.history(who, conversation), panel

    def rate(self, who: str, conversation: str, thumbs: int) -> str:
        """Thumbs up (1) or down (-1) on the conversation's last answer; a short confirmation."""
        turns = self.store.turns(who, conversation)
        if not turns:
            raise RagError("no answer to rate yet")
        self.store.feedback(who, conversation, len(turns) - 1, thumbs)
        return "Thanks: noted 👍" if thumbs > 0 else "Thanks: noted 👎 (it will be reviewed)"

    def export(self, who: str, conversation: str) -> str:
        """The conversation as a Markdown file (path of a temporary copy to download)."""
        turns = [(q, a) for q, a, _ in self.store.turns(who, conversation)]
        title = next((c["title"] for c in self.store.list(who) if c["id"] == conversation), "Conversation")
        folder = Path(tempfile.mkdtemp(dir=self._export_folder()))
        path = folder / f"{re.sub(r'[^A-Za-z0-9]+', '-', title).strip('-')[:60] or 'conversation'}.md"
        path.write_text(conversation_markdown(title, turns), encoding="utf-8")
        return str(path)

    def _export_folder(self) -> Path:
        """One temporary folder for this app's downloads, removed when the app goes, holding the newest
        ``KEEP_EXPORTS`` exports (Gradio serves a copy of each, so an older one is no longer needed)."""
        if self._exports is None:
            self._exports = Path(tempfile.mkdtemp(prefix="rag-exports-"))
            weakref.finalize(self, shutil.rmtree, self._exports, ignore_errors=True)
        for old in sorted(self._exports.iterdir(), key=lambda p: p.stat().st_mtime)[: -KEEP_EXPORTS + 1]:
            shutil.rmtree(old, ignore_errors=True)
        return self._exports


# Runs in the browser on page load: this browser's id and the conversation it had open, both kept in
# local storage (the id is made once, at random).
LOAD_JS = """() => {
  let id = localStorage.getItem('rag-browser-id');
  if (!id) { id = crypto.randomUUID(); localStorage.setItem('rag-browser-id', id); }
  return [id, localStorage.getItem('rag-conversation') || ''];
}"""
REMEMBER_JS = "(c) => { localStorage.setItem('rag-conversation', c || ''); }"


def build_panel(app, chat, history, panel, browser_id, conversation, demo) -> None:
    """The Conversations column: list (newest first), open, rename, delete, thumbs, export; and
    resuming the open conversation when the page (re)loads."""
    gr.Markdown("### Conversations")
    listed = gr.Dropdown(label="Saved conversations", choices=[], elem_id="conversations")
    rename_to = gr.Textbox(label="Rename to", elem_id="rename-to")
    with gr.Row():
        rename = gr.Button("Rename", size="sm", elem_id="rename")
        delete = gr.Button("Delete", size="sm", variant="stop", elem_id="delete-conversation")
    with gr.Row():
        up = gr.Button("👍 Good answer", size="sm", elem_id="thumbs-up")
        down = gr.Button("👎 Wrong answer", size="sm", elem_id="thumbs-down")
    export = gr.Button("Export as Markdown", size="sm", elem_id="export")
    exported = gr.File(label="Markdown", elem_id="exported", visible=False)
    status = gr.Markdown(elem_id="conversation-status")

    def who(browser: str, request: gr.Request) -> str:
        try:
            return owner(browser, request)
        except RagError as e:
            raise gr.Error(str(e)) from None

    def guarded(fn):
        @functools.wraps(fn)  # Gradio reads the signature to pass the request
        def call(*args):
            try:
                return fn(*args)
            except RagError as e:
                raise gr.Error(str(e)) from None

        return call

    @guarded
    def resume(browser: str, cid: str, request: gr.Request):
        user = who(browser, request)
        mine = app.saved.choices(user)
        choices = gr.Dropdown(choices=mine, value=cid or None)
        if not cid or cid not in {c for _, c in mine}:
            return [], [], render.EMPTY_SOURCES, choices, ""
        return *app.saved.open(user, cid), choices, cid

    @guarded
    def opened(browser: str, cid: str, request: gr.Request):
        if not cid:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        return *app.saved.open(who(browser, request), cid), cid

    @guarded
    def renamed(browser: str, cid: str, title: str, request: gr.Request):
        user = who(browser, request)
        app.saved.store.rename(user, cid, title or "")
        return gr.Dropdown(choices=app.saved.choices(user), value=cid), ""

    @guarded
    def deleted(browser: str, cid: str, request: gr.Request):
        user = who(browser, request)
        app.saved.store.delete(user, cid)
        return gr.Dropdown(choices=app.saved.choices(user), value=None), [], [], render.EMPTY_SOURCES, ""

    def rate(thumbs: int):
        @guarded
        def rated(browser: str, cid: str, request: gr.Request):
            return app.saved.rate(who(browser, request), cid, thumbs)

        return rated

    @guarded
    def exporting(browser: str, cid: str, request: gr.Request):
        return gr.File(value=app.saved.export(who(browser, request), cid), visible=True)

    @guarded
    def liked(browser: str, cid: str, data: gr.LikeData, request: gr.Request):
        """👍/👎 under any answer of the chat: the turn is the answer's place in the conversation."""
        index = data.index[0] if isinstance(data.index, list | tuple) else data.index
        thumbs = 0 if data.liked is None else (1 if data.liked else -1)
        app.saved.store.feedback(who(browser, request), cid, int(index) // 2, thumbs)
        return {1: "Thanks: noted 👍", -1: "Thanks: noted 👎 (it will be reviewed)"}.get(thumbs, "")

    private = {"api_visibility": "private"}
    demo.load(None, None, [browser_id, conversation], js=LOAD_JS, **private).then(
        resume, [browser_id, conversation], [chat, history, panel, listed, conversation], **private
    )
    conversation.change(None, [conversation], None, js=REMEMBER_JS, **private)
    listed.input(opened, [browser_id, listed], [chat, history, panel, conversation], **private)
    rename.click(renamed, [browser_id, conversation, rename_to], [listed, rename_to], **private)
    delete.click(deleted, [browser_id, conversation], [listed, chat, history, panel, conversation], **private)
    up.click(rate(1), [browser_id, conversation], [status], **private)
    down.click(rate(-1), [browser_id, conversation], [status], **private)
    export.click(exporting, [browser_id, conversation], [exported], **private)
    chat.like(liked, [browser_id, conversation], [status], **private)
    return listed
