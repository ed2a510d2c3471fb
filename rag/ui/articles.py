"""The Articles tab of the browser chat: upload, paste, add from the web, the article list, removal."""

from __future__ import annotations

import gradio as gr

from rag.core.errors import RagError
from rag.sources import feeds
from rag.sources.disk import SUFFIXES
from rag.ui import editors
from rag.ui import html as render


def build(app, sources: gr.Dropdown) -> tuple[gr.HTML, gr.Dropdown]:
    """The tab's components and events; (article list, removal choices), which a page load fills.
    ``sources`` is the chat's source filter, refreshed whenever the articles change."""
    listing = gr.HTML("<p>Loading the article list…</p>", elem_id="stats")
    with gr.Row():
        files = gr.File(
            file_count="multiple", file_types=sorted(SUFFIXES), label="Upload articles", elem_id="upload"
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

    def upload(paths, request: gr.Request, progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        editor(app, request)
        report = app.ingest(paths, progress=progress)
        return _after_ingest(app, report)

    def paste(t, body, src, day, request: gr.Request):
        editor(app, request)
        try:
            return _after_ingest(app, app.paste(t, body, src, day))
        except RagError as e:
            raise gr.Error(str(e)) from None

    def add_urls(text, request: gr.Request, progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        editor(app, request)
        try:
            report = app.ingest([], progress=progress, urls=[u for u in (text or "").split() if u])
        except RagError as e:
            raise gr.Error(str(e)) from None
        return _after_ingest(app, report)

    def removed(article_id, request: gr.Request):
        editor(app, request)
        try:
            titles = app.remove([article_id] if article_id else [])["removed"]
        except RagError as e:
            raise gr.Error(str(e)) from None
        html = f"<p>Removed: {render.escape('; '.join(titles))}</p>"
        return html, *listed(app), gr.Button(visible=False)

    private = {"api_visibility": "private"}
    remove.click(lambda pick: gr.Button(visible=bool(pick)), [doomed], [confirm], **private)
    changed = [result, listing, sources, doomed]
    confirm.click(removed, [doomed], [*changed, confirm], concurrency_limit=1, **private)
    files.upload(upload, [files], changed, concurrency_limit=1, **private)
    fetch.click(add_urls, [urls], changed, concurrency_limit=1, **private)
    add.click(paste, [title, text, source, date], changed, concurrency_limit=1, **private)
    return listing, doomed


def editor(app, request: gr.Request | None) -> None:
    """gr.Error (its one line shown, or given to the API client) unless the user may change the library."""
    try:
        editors.check(app.kb.settings, request)
    except RagError as e:
        raise gr.Error(str(e)) from None


def listed(app) -> tuple[str, gr.Dropdown, gr.Dropdown]:
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
    return html, *listed(app)
