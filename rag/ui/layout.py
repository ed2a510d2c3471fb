"""The Gradio layout of the chat: components and the events that wire them to ChatApp."""

from __future__ import annotations

import gradio as gr
from gradio import FileData

from rag.ui import articles, asking
from rag.ui import html as render
from rag.ui.chats import build_panel


def build(app, models: list[str]) -> gr.Blocks:
    """Chat tab (conversation, sources panel, model, filters) and Articles tab (upload, paste, list)."""
    with gr.Blocks(title="Ask the articles") as demo:
        history = gr.State([])  # per browser session: one user's conversation never reaches another
        gr.Markdown(
            "## Ask the articles\nEvery answer cites the passages it comes from; check them on the right."
        )
        browser_id = gr.Textbox(visible=False, elem_id="browser-id")
        conversation = gr.Textbox(visible=False, elem_id="conversation-id")
        with gr.Tab("Chat"), gr.Row():
            with gr.Column(scale=1, min_width=200) as sidebar:
                pass
            with gr.Column(scale=3):
                chat = gr.Chatbot(height=480, elem_id="chat", label="Conversation", buttons=["copy"])
                question, ask, stop, problem = asking.box()
                with gr.Row():
                    new = gr.Button("New conversation", elem_id="new-conversation", size="sm")
                    model = gr.Dropdown(
                        models, value=models[0], label="Model", elem_id="model", allow_custom_value=False
                    )
                with gr.Accordion("Filters", open=False):
                    sources = gr.Dropdown([], multiselect=True, label="Sources", elem_id="sources-filter")
                    with gr.Row():
                        since = gr.Textbox(label="From date", placeholder="2025-12-01", elem_id="since")
                        until = gr.Textbox(label="To date", placeholder="2025-12-31", elem_id="until")
            with gr.Column(scale=2):
                gr.Markdown("### Sources")
                panel = gr.HTML(render.EMPTY_SOURCES, elem_id="sources")
            with sidebar:
                listed = build_panel(app, chat, history, panel, browser_id, conversation, demo)
        with gr.Tab("Articles"):
            listing, doomed = articles.build(app, sources)

        inputs = [question, chat, history, model, sources, since, until, browser_id, conversation]
        asking.wire(
            app, question, ask, stop, inputs, [chat, history, panel, question, conversation, listed, problem]
        )
        new.click(
            lambda: ([], [], render.EMPTY_SOURCES, "", None),
            None,
            [chat, history, panel, conversation, listed],
            api_visibility="private",
        )

        # Filled on each page load, not when the app is built: a big index would delay start-up, and
        # articles added since (a background sync, another process) show up on reload.
        demo.load(lambda: articles.listed(app), None, [listing, sources, doomed], api_visibility="private")
        gr.api(app.ask, api_name="ask")

        def ingest(files: list[FileData], urls: list[str] | None = None, request: gr.Request = None) -> dict:
            """Ingest uploaded article files and web pages (``urls``); returns added/updated/skipped/
            failed and a summary."""
            articles.editor(app, request)
            paths = [f.path if hasattr(f, "path") else f["path"] for f in files or []]
            return app.ingest(paths, urls=urls or [])

        gr.api(ingest, api_name="ingest", concurrency_limit=1)
        gr.api(app.stats, api_name="stats")

        def remove(
            ids: list[str] | None = None, source: str | None = None, request: gr.Request = None
        ) -> dict:
            """Remove articles by id (see /stats) or all of a source, everywhere; their titles."""
            articles.editor(app, request)
            return app.remove(ids, source)

        gr.api(remove, api_name="remove", concurrency_limit=1)
    return demo
