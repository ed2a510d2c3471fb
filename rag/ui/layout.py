"""The Gradio layout of the chat: components and the events that wire them to ChatApp."""

from __future__ import annotations

import gradio as gr
from gradio import FileData

from rag import collections
from rag.core.errors import RagError
from rag.ui import articles, asking, welcome
from rag.ui import html as render
from rag.ui import models as choices
from rag.ui.chats import build_panel

PRIVATE = {"api_visibility": "private"}


def build(app, models: list[str]) -> gr.Blocks:
    """Chat tab (conversations, chat, sources panel, model, filters) and Articles tab."""
    with gr.Blocks(title="Ask the articles") as demo:
        history = gr.State([])  # per browser session: one user's conversation never reaches another
        gr.Markdown("## Ask the articles", elem_id="title")
        loaded = gr.HTML('<p class="loaded">Loading the article list…</p>', elem_id="loaded")
        default = app.kb.settings.collection
        collection = gr.Dropdown(  # shown when there is more than one to choose from (set on page load)
            [default], value=default, label="Collection", elem_id="collection", visible=False
        )
        browser_id = gr.Textbox(visible=False, elem_id="browser-id")
        conversation = gr.Textbox(visible=False, elem_id="conversation-id")
        with gr.Tab("Chat"), gr.Row(elem_id="chat-row"):
            with gr.Column(scale=1, min_width=200, elem_id="conversations-column") as sidebar:
                pass
            with gr.Column(scale=3, min_width=300, elem_id="chat-column"):
                with gr.Row(equal_height=True):
                    model = gr.Dropdown(
                        choices.choices(models), value=models[0], label="Model", elem_id="model", scale=3,
                        allow_custom_value=False, show_label=False, container=False,
                    )  # fmt: skip
                    with gr.Accordion("Filters", open=False, elem_id="filters"):
                        sources = gr.Dropdown([], multiselect=True, label="Sources", elem_id="sources-filter")
                        since = gr.Textbox(label="From date", placeholder="2025-12-01", elem_id="since")
                        until = gr.Textbox(label="To date", placeholder="2025-12-31", elem_id="until")
                    new = gr.Button("New conversation", elem_id="new-conversation", size="sm", scale=1)
                choices.wire(app, model)
                chat = gr.Chatbot(
                    height="calc(100vh - 420px)", min_height=260, elem_id="chat", label="Conversation",
                    buttons=["copy", "copy_all"], placeholder=welcome.PLACEHOLDER,
                )  # fmt: skip
                question, ask, stop, problem = asking.box()
                with gr.Row(elem_id="examples") as examples:
                    tries = [
                        gr.Button("", size="sm", visible=False, elem_id=f"example-{i}") for i in range(3)
                    ]
            with gr.Column(scale=2, min_width=240, elem_id="sources-column"):
                gr.Markdown("### Sources of the latest answer")
                panel = gr.HTML(render.EMPTY_SOURCES, elem_id="sources")
            with sidebar:
                listed, exporting = build_panel(
                    app, chat, history, panel, browser_id, conversation, demo, collection
                )
        with gr.Tab("Articles"):
            listing, doomed = articles.build(app, sources, collection)

        inputs = [question, chat, history, model, sources, since, until, browser_id, conversation, collection]
        outputs = [chat, history, panel, question, conversation, listed, problem]
        picked = [b.click(lambda q: q, b, question, queue=False, api_visibility="private") for b in tries]
        asking.wire(
            app, question, ask, stop, inputs, outputs, extra=[p.then for p in picked], after=exporting
        )
        fresh = (lambda: ([], [], render.EMPTY_SOURCES, "", None), None)  # a new, empty conversation
        # Unqueued: a question asked right after must not reach the server before the conversation is gone.
        new.click(*fresh, [chat, history, panel, conversation, listed], queue=False, api_visibility="private")
        chat.clear(
            *fresh, [chat, history, panel, conversation, listed], queue=False, api_visibility="private"
        )
        chat.change(lambda c: gr.Row(visible=not c), chat, examples, queue=False, api_visibility="private")

        def welcomed(name: str, request: gr.Request) -> tuple:
            _may_read(app, name, request)
            return _welcome(app, name)

        def refreshed(name: str, request: gr.Request) -> tuple:
            _may_read(app, name, request)
            return articles.listed(app, name)

        listing.change(welcomed, collection, [loaded, *tries], **PRIVATE)
        collection.input(*fresh, [chat, history, panel, conversation, listed], queue=False, **PRIVATE)
        shown = [listing, sources, doomed]
        collection.change(refreshed, collection, shown, **PRIVATE)

        # Filled on each page load, not when the app is built: a big index would delay start-up, and
        # articles added since (a background sync, another process) show up on reload.
        def mine(request: gr.Request) -> gr.Dropdown:  # Gradio passes the request by its type
            return _collections(app, request)

        demo.load(mine, None, collection, **PRIVATE).then(refreshed, collection, shown, **PRIVATE)
        gr.api(app.ask, api_name="ask")

        def ingest(
            files: list[FileData],
            urls: list[str] | None = None,
            collection: str = "",
            request: gr.Request = None,
        ) -> dict:
            """Ingest uploaded article files and web pages (``urls``) into ``collection`` (default: the
            server's); returns added/updated/skipped/failed and a summary."""
            articles.editor(app, request, collection)
            paths = [f.path if hasattr(f, "path") else f["path"] for f in files or []]
            return app.ingest(paths, urls=urls or [], collection=collection)

        gr.api(ingest, api_name="ingest", concurrency_limit=1)
        gr.api(app.stats, api_name="stats")

        def remove(
            ids: list[str] | None = None, source: str | None = None, collection: str = "",
            request: gr.Request = None,
        ) -> dict:  # fmt: skip
            """Remove articles by id (see /stats) or all of a source, everywhere; their titles."""
            articles.editor(app, request, collection)
            return app.remove(ids, source, collection)

        gr.api(remove, api_name="remove", concurrency_limit=1)
    return demo


def _collections(app, request: gr.Request | None) -> gr.Dropdown:
    """The collection selector for this user: the ones they may use, shown when there are two or more."""
    try:
        mine = [n for n in collections.names(app.kb.settings) if app.who(request).uses(n)]
    except RagError:  # not logged in (the page asks first) or a damaged index (the list says so)
        return gr.Dropdown(visible=False)
    value = app.kb.settings.collection if app.kb.settings.collection in mine else (mine or [None])[0]
    return gr.Dropdown(choices=mine, value=value, visible=len(mine) > 1)


def _may_read(app, collection: str, request: gr.Request | None) -> None:
    """gr.Error unless this user may use ``collection`` (a value sent by hand, not from the menu)."""
    try:
        app.allowed(request, "read", collection)
    except RagError as e:
        raise gr.Error(str(e)) from None


def _welcome(app, collection: str = "") -> tuple:
    """What is loaded, and example questions about it for the empty chat (again when articles change)."""
    stats = app.kb_for(collection).stats()
    asked = welcome.example_questions(stats)
    tries = [gr.Button(q, visible=True) for q in asked] + [gr.Button(visible=False)] * (3 - len(asked))
    return welcome.loaded_html(stats), *tries
