"""The chat's saved conversations (rag/chats/conversations.py) in the browser: whose they are, the list,
opening one with its sources, rename, delete, thumbs, and the Markdown download.

A conversation belongs to the login user when the chat asks for one (RAG_AUTH), otherwise to a
random id the browser keeps in its local storage: another browser, or another login, can neither
list nor open it.
"""

from __future__ import annotations

import functools
import re

import gradio as gr

from rag.core.errors import RagError
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


# Runs in the browser on page load: this browser's id and the conversation it had open, both kept in
# local storage (the id is made once, at random).
LOAD_JS = """() => {
  let id = localStorage.getItem('rag-browser-id');
  if (!id) { id = crypto.randomUUID(); localStorage.setItem('rag-browser-id', id); }
  return [id, localStorage.getItem('rag-conversation') || ''];
}"""
REMEMBER_JS = "(c) => { localStorage.setItem('rag-conversation', c || ''); }"


def build_panel(
    app, chat, history, panel, browser_id, conversation, demo, collection
) -> tuple[gr.Dropdown, tuple]:
    """The Conversations column: list (newest first, with when), open, rename, delete (after a
    confirmation), export; each off until a conversation is open. Thumbs are under each answer. And
    resuming the open conversation when the page (re)loads. Returns the list and the event (function,
    inputs, outputs) that renews the export after each answer."""
    gr.Markdown("### Conversations")
    listed = gr.Dropdown(label="Saved conversations", choices=[], elem_id="conversations")
    rename_to = gr.Textbox(label="Rename to", elem_id="rename-to", interactive=False)
    with gr.Row():
        rename = gr.Button("Rename", size="sm", elem_id="rename", interactive=False)
        delete = gr.Button(
            "Delete…", size="sm", variant="stop", elem_id="delete-conversation", interactive=False
        )
    confirm = gr.Button("Yes, delete it", size="sm", variant="stop", visible=False, elem_id="delete-confirm")
    export = gr.DownloadButton("Export as Markdown", size="sm", elem_id="export", interactive=False)
    status = gr.Markdown("Rate an answer with the thumbs under it.", elem_id="conversation-status")

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
            return [], [], render.EMPTY_SOURCES, choices, "", gr.skip()
        return *app.saved.open(user, cid), choices, cid, app.saved.collection(user, cid) or gr.skip()

    @guarded
    def opened(browser: str, cid: str, request: gr.Request):
        if not cid:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        user = who(browser, request)  # the conversation goes on in its own collection
        return *app.saved.open(user, cid), cid, app.saved.collection(user, cid) or gr.skip()

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

    @guarded
    def exportable(browser: str, cid: str, request: gr.Request):
        """The download holding the conversation as it now is (made after each turn: one click)."""
        if not cid:
            return gr.DownloadButton(value=None, interactive=False)
        return gr.DownloadButton(value=app.saved.export(who(browser, request), cid), interactive=True)

    @guarded
    def liked(browser: str, cid: str, data: gr.LikeData, request: gr.Request):
        """👍/👎 under any answer of the chat: the turn is the answer's place in the conversation."""
        index = data.index[0] if isinstance(data.index, list | tuple) else data.index
        thumbs = 0 if data.liked is None else (1 if data.liked else -1)
        app.saved.store.feedback(who(browser, request), cid, int(index) // 2, thumbs)
        said = {1: "was good", -1: "was wrong (it will be reviewed)"}.get(thumbs, "is no longer rated")
        return f"Thanks: noted that answer {int(index) // 2 + 1} {said}."

    def controls(cid: str):
        on = bool(cid)
        return (
            gr.Textbox(interactive=on),
            gr.Button(interactive=on),
            gr.Button(interactive=on),
            gr.Button(visible=False),
        )

    private = {"api_visibility": "private"}
    demo.load(None, None, [browser_id, conversation], js=LOAD_JS, **private).then(
        resume,
        [browser_id, conversation],
        [chat, history, panel, listed, conversation, collection],
        **private,
    )
    conversation.change(None, [conversation], None, js=REMEMBER_JS, **private)
    conversation.change(
        controls, [conversation], [rename_to, rename, delete, confirm], queue=False, **private
    )
    refresh = (exportable, [browser_id, conversation], [export])
    conversation.change(*refresh, **private)
    listed.input(opened, [browser_id, listed], [chat, history, panel, conversation, collection], **private)
    rename.click(renamed, [browser_id, conversation, rename_to], [listed, rename_to], **private).then(
        *refresh, **private
    )  # the download carries the new title
    delete.click(lambda: gr.Button(visible=True), None, [confirm], queue=False, **private)
    confirm.click(  # the conversation's change to none turns the controls off and hides the confirmation
        deleted, [browser_id, conversation], [listed, chat, history, panel, conversation], **private
    )
    chat.like(liked, [browser_id, conversation], [status], **private)
    return listed, refresh
