"""The Articles tab of the browser chat: upload, paste, add from the web, the article list, removal."""

from __future__ import annotations

import gradio as gr

from rag.core.errors import RagError
from rag.sources import feeds, is_url
from rag.sources.disk import SUFFIXES
from rag.ui import html as render

MAX_URLS = 50  # lines read from the URL box at a time; each is a fetch, and ingests run one at a time
NOT_URL = "not a web address (http or https)"
# A live region that stays in place while its content changes, so screen readers announce each result
STATUS = '<div role="status" aria-live="polite">${value}</div>'
# A bigger article list pushes the result down while it is shown: bring it back into view
SHOW = """() => setTimeout(
    () => document.querySelector('#ingest-result')?.scrollIntoView({block: 'nearest'}), 100)"""
KINDS = (("added", "added"), ("updated", "updated"), ("skipped", "unchanged"), ("failed", "failed"))
MARKS = {"added": "✅", "updated": "🔄", "unchanged": "➖", "failed": "❌"}


def build(app, sources: gr.Dropdown, collection: gr.Dropdown) -> tuple[gr.HTML, gr.Dropdown]:
    """The tab's components and events; (article list, removal choices), which a page load fills.
    ``sources`` is the chat's source filter, refreshed whenever the articles change; ``collection``
    the collection chosen (the page's selector)."""
    listing = gr.HTML("<p>Loading the article list…</p>", elem_id="stats")
    with gr.Row():
        files = gr.File(
            file_count="multiple", file_types=sorted(SUFFIXES), label="Upload articles", elem_id="upload"
        )
        with gr.Column():
            title = gr.Textbox(label="Title", elem_id="paste-title")
            text = gr.Textbox(label="Article text", lines=6, elem_id="paste-text")
            with gr.Row():
                source = gr.Textbox(label="Source (optional)", elem_id="paste-source")
                date = gr.Textbox(label="Date (optional)", placeholder="2025-12-04", elem_id="paste-date")
            add = gr.Button("Add pasted article", elem_id="paste-add")
        with gr.Column():
            urls = gr.Textbox(
                label="Web pages or PDFs (one URL a line)",
                lines=4,
                placeholder="https://www.example.com/news/story.html",
                elem_id="urls",
            )
            fetch = gr.Button("Add from the web", elem_id="urls-add")
    result = gr.HTML(elem_id="ingest-result", html_template=STATUS)  # under the forms it reports on
    with gr.Row():
        doomed = gr.Dropdown(label="Remove an article", choices=[], elem_id="remove-pick", scale=3)
        remove = gr.Button("Remove…", variant="stop", elem_id="remove", scale=1)
        confirm = gr.Button("Yes, remove it", variant="stop", visible=False, elem_id="remove-confirm")

    def upload(paths, name, request: gr.Request, progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        editor(app, request, name)
        report = app.ingest(paths, progress=progress, collection=name)
        return _after_ingest(app, report, name)

    def paste(t, body, src, day, name, request: gr.Request):
        editor(app, request, name)
        try:
            report = app.paste(t, body, src, day, collection=name)
        except RagError as e:  # said where results are, the form kept: no error over the tab
            return render.problem_html(str(e)), *[gr.skip()] * 7
        note = f"dated today ({report['dated']}) — give a date to change it" if report["dated"] else ""
        kept = gr.skip() if report["failed"] else ""  # a failed paste keeps what was typed
        return *_after_ingest(app, report, name, note=note), kept, kept, kept, kept

    def add_urls(box, name, request: gr.Request, progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        editor(app, request, name)
        lines = [line.strip() for line in (box or "").splitlines() if line.strip()]
        lines, extra = lines[:MAX_URLS], lines[MAX_URLS:]
        good = list(dict.fromkeys(u for u in lines if is_url(u)))
        report = app.ingest([], progress=progress, urls=good, collection=name) if good else _nothing()
        report["failed"] += [[_cut(u), NOT_URL] for u in lines if not is_url(u)]
        failed = {name for name, _ in report["failed"]}
        note = f"{len(extra)} more {_plural(len(extra), 'line')} not read: at most {MAX_URLS} at a time"
        note = f"{note} (left in the box)" if extra else "" if lines else "no web address given: one a line"
        left = [u for u in lines if u in failed or _cut(u) in failed] + extra  # to fix and send again
        return *_after_ingest(app, report, name, problem=note), "\n".join(left)

    def removed(article_id, name, request: gr.Request):
        editor(app, request, name)
        try:
            titles = app.remove([article_id] if article_id else [], collection=name)["removed"]
        except RagError as e:
            return render.problem_html(str(e)), *[gr.skip()] * 4
        html = f"<p>Removed: {render.escape('; '.join(titles))}</p>"
        return html, *listed(app, name), gr.Button(visible=False)

    private = {"api_visibility": "private"}
    remove.click(lambda pick: gr.Button(visible=bool(pick)), [doomed], [confirm], **private)
    changed, form = [result, listing, sources, doomed], [title, text, source, date]
    done = [
        confirm.click(removed, [doomed, collection], [*changed, confirm], concurrency_limit=1, **private),
        files.upload(upload, [files, collection], changed, concurrency_limit=1, **private),
        fetch.click(add_urls, [urls, collection], [*changed, urls], concurrency_limit=1, **private),
        add.click(paste, [*form, collection], [*changed, *form], concurrency_limit=1, **private),
    ]
    for event in done:
        event.then(None, None, None, js=SHOW, **private)
    return listing, doomed


def editor(app, request: gr.Request | None, collection: str = "") -> None:
    """gr.Error (its one line shown, or given to the API client) unless the user may change the library
    (rag/access/)."""
    try:
        app.allowed(request, "write", collection)
    except RagError as e:
        raise gr.Error(str(e)) from None


def listed(app, collection: str = "") -> tuple[str, gr.Dropdown, gr.Dropdown]:
    """The Articles tab's tables (articles, followed feeds), the source filter's choices and the
    articles offered for removal, of ``collection``."""
    kb = app.kb_for(collection)
    stats = kb.stats()
    sources = sorted({a["source"] for a in stats["list"] if a["source"]})
    try:
        followed = render.feeds_html(feeds.load(kb.settings.data))
    except RagError as e:  # a damaged feeds.json: the articles are still listed, the problem said
        followed = f'<p class="note">Followed feeds: {render.escape(str(e))}</p>'
    pick = [(_label(a), a["id"]) for a in stats["list"][: render.LIST_ROWS]]
    return (
        render.stats_html(stats) + followed,
        gr.Dropdown(choices=sources),
        gr.Dropdown(choices=pick, value=None),
    )


def _label(article: dict) -> str:
    """An article as the Remove menu names it: "title (source · date)", or as much of that as it has."""
    about = " · ".join(v for v in (article["source"], article["date"]) if v)
    title = article["title"] or "Untitled article"
    return f"{title} ({about})" if about else title


def _after_ingest(app, report: dict, collection: str, note: str = "", problem: str = ""):
    """The result shown under the forms (a plain summary, then a line per article, a word for each
    mark), and the refreshed list, source filter and Remove menu."""
    rows = [(t, word, word) for key, word in KINDS[:3] for t in report[key]]
    rows += [(n, "failed", r) for n, r in report["failed"]]
    items = "".join(_item(kind, f"{name}: {said}") for name, kind, said in rows)
    items += _item("failed", problem) if problem else ""
    extra = f" — {render.escape(note)}" if note else ""
    html = f"<p>{render.escape(_summary(report))}{extra}</p><ul>{items}</ul>"
    return html, *listed(app, collection)


def _item(kind: str, text: str) -> str:
    return f'<li><span role="img" aria-label="{kind}">{MARKS[kind]}</span> {render.escape(text)}</li>'


def _summary(report: dict) -> str:
    """E.g. "1 article added, 3 passages indexed"; "2 articles unchanged, 1 failed"."""
    counts = [(len(report[key]), word) for key, word in KINDS if report[key]]
    if not counts:
        return "No articles added"
    parts = [f"{n} {word}" for n, word in counts]
    parts[0] = f"{counts[0][0]} {_plural(counts[0][0], 'article')} {counts[0][1]}"
    if passages := report.get("passages", 0):
        parts.append(f"{passages} {_plural(passages, 'passage')} indexed")
    return ", ".join(parts)


def _plural(n: int, word: str) -> str:
    return word if n == 1 else f"{word}s"


def _cut(line: str) -> str:
    """A line as a result names it: at most 200 characters."""
    return line if len(line) <= 200 else f"{line[:200]}…"


def _nothing() -> dict:
    """The report of an ingest given nothing to read."""
    return {"added": [], "updated": [], "skipped": [], "failed": [], "passages": 0}
