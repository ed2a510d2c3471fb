"""The Gradio layout of the chat: components and the events that wire them to ChatApp."""

from __future__ import annotations

import gradio as gr
from gradio import FileData

from rag.core.errors import RagError
from rag.sources import feeds
from rag.sources.disk import SUFFIXES
from rag.ui import asking, editors
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
            listing = gr.HTML("<p>Loading the article list…</p>", elem_id="stats")
            with gr.Row():
                files = gr.File(
                    file_count="multiple",
                    file_types=sorted(SUFFIXES),
                    label="Upload articles",
                    elem_id="upload",
                )
                with gr.Column():
                    title = gr.Textbox(label="Title", elem_id="paste-title")
                    text = gr.Textbox(label="Article text", lines=6, elem_id="paste-text")
                    with gr.Row():
                        source = gr.Textbox(label="Source (optional)")
                        date = gr.Textbox(label="Date (optional)", placeholder="2025-12-04")
                    add = gr.Button("Add pasted article", elem_id="paste-add")
                with gr.Column():
                    urls = gr.Textbox(
                        label="Web pages or PDFs (one URL a line)",
                        lines=4,
                        placeholder="https://www.example.com/news/story.html",
                        elem_id="urls",
                    )
                    fetch = gr.Button("Add from the web", elem_id="urls-add")
            with gr.Row():
                doomed = gr.Dropdown(label="Remove an article", choices=[], elem_id="remove-pick", scale=3)
                remove = gr.Button("Remove…", variant="stop", elem_id="remove", scale=1)
                confirm = gr.Button("Yes, remove it", variant="stop", visible=False, elem_id="remove-confirm")
            result = gr.HTML(elem_id="ingest-result")

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

        def upload(paths, request: gr.Request, progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
            _editor(app, request)
            report = app.ingest(paths, progress=progress)
            return _after_ingest(app, report)

        def paste(t, body, src, day, request: gr.Request):
            _editor(app, request)
            try:
                return _after_ingest(app, app.paste(t, body, src, day))
            except RagError as e:
                raise gr.Error(str(e)) from None

        def add_urls(text, request: gr.Request, progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
            _editor(app, request)
            try:
                report = app.ingest([], progress=progress, urls=[u for u in (text or "").split() if u])
            except RagError as e:
                raise gr.Error(str(e)) from None
            return _after_ingest(app, report)

        def removed(article_id, request: gr.Request):
            _editor(app, request)
            try:
                titles = app.remove([article_id] if article_id else [])["removed"]
            except RagError as e:
                raise gr.Error(str(e)) from None
            html = f"<p>Removed: {render.escape('; '.join(titles))}</p>"
            return html, *_listing(app), gr.Button(visible=False)

        remove.click(
            lambda pick: gr.Button(visible=bool(pick)), [doomed], [confirm], api_visibility="private"
        )
        confirm.click(
            removed, [doomed], [result, listing, sources, doomed, confirm], api_visibility="private",
            concurrency_limit=1,
        )  # fmt: skip
        files.upload(
            upload, [files], [result, listing, sources, doomed], api_visibility="private", concurrency_limit=1
        )
        fetch.click(
            add_urls,
            [urls],
            [result, listing, sources, doomed],
            api_visibility="private",
            concurrency_limit=1,
        )
        add.click(
            paste,
            [title, text, source, date],
            [result, listing, sources, doomed],
            api_visibility="private",
            concurrency_limit=1,
        )
        # Filled on each page load, not when the app is built: a big index would delay start-up, and
        # articles added since (a background sync, another process) show up on reload.
        demo.load(lambda: _listing(app), None, [listing, sources, doomed], api_visibility="private")
        gr.api(app.ask, api_name="ask")

        def ingest(files: list[FileData], urls: list[str] | None = None, request: gr.Request = None) -> dict:
            """Ingest uploaded article files and web pages (``urls``); returns added/updated/skipped/
            failed and a summary."""
            _editor(app, request)
            paths = [f.path if hasattr(f, "path") else f["path"] for f in files or []]
            return app.ingest(paths, urls=urls or [])

        gr.api(ingest, api_name="ingest", concurrency_limit=1)
        gr.api(app.stats, api_name="stats")

        def remove(
            ids: list[str] | None = None, source: str | None = None, request: gr.Request = None
        ) -> dict:
            """Remove articles by id (see /stats) or all of a source, everywhere; their titles."""
            _editor(app, request)
            return app.remove(ids, source)

        gr.api(remove, api_name="remove", concurrency_limit=1)
    return demo


def _editor(app, request: gr.Request | None) -> None:
    """gr.Error (its one line shown, or given to the API client) unless the user may change the library."""
    try:
        editors.check(app.kb.settings, request)
    except RagError as e:
        raise gr.Error(str(e)) from None


def _listing(app) -> tuple[str, gr.Dropdown, gr.Dropdown]:
    """The Articles tab's tables (articles, followed feeds), the source filter's choices and the
    articles offered for removal."""
    stats = app.stats()
    sources = sorted({a["source"] for a in stats["list"] if a["source"]})
    try:
        followed = render.feeds_html(feeds.load(app.kb.settings.home))
    except RagError as e:  # a damaged feeds.json: the articles are still listed, the problem said
        followed = f'<p class="note">Followed feeds: {render.escape(str(e))}</p>'
    pick = [
        (f"{a['title']} ({a['source'] or a['date'] or a['id'][:8]})", a["id"])
        for a in stats["list"][: render.LIST_ROWS]
    ]
    return (
        render.stats_html(stats) + followed,
        gr.Dropdown(choices=sources),
        gr.Dropdown(choices=pick, value=None),
    )


def _after_ingest(app, report: dict):
    items = "".join(f"<li>✅ {render.escape(t)}: added</li>" for t in report["added"])
    items += "".join(f"<li>🔄 {render.escape(t)}: updated</li>" for t in report["updated"])
    items += "".join(f"<li>➖ {render.escape(t)}: unchanged</li>" for t in report["skipped"])
    items += "".join(f"<li>❌ {render.escape(n)}: {render.escape(r)}</li>" for n, r in report["failed"])
    html = f"<p>{render.escape(report['summary'])}</p><ul>{items}</ul>"
    return html, *_listing(app)
