"""The browser chat (Gradio). Article text is untrusted: everything from it is HTML-escaped."""

from __future__ import annotations

import html
import os
from collections.abc import Iterator

from rag.kb import KnowledgeBase
from rag.types import Answer


def render(answer: Answer) -> str:
    """An answer as chat markdown: escaped text, unsupported sentences flagged, then the sources."""
    text = html.escape(answer.text)
    for sentence in answer.unsupported:
        text = text.replace(
            html.escape(sentence), f"⚠️ *{html.escape(sentence)}* (not supported by its source)"
        )
    parts = [f"**{text}**" if answer.abstained else text]
    if answer.note:
        parts.append(f"_Note: {html.escape(answer.note)}_")
    for c in answer.citations:
        meta = ", ".join(html.escape(x) for x in (c.date, c.source) if x)
        quote = html.escape(c.quote or c.text[:300])
        parts.append(f"[{c.n}] **{html.escape(c.title)}**{f' ({meta})' if meta else ''}: “{quote}”")
    parts.append(f"<sub>answered by {html.escape(answer.model)}</sub>")
    return "\n\n".join(parts)


def _plain(content) -> str:
    """Message content as text (Gradio may send a list of typed parts)."""
    if isinstance(content, list):
        return " ".join(str(p.get("text", "")) if isinstance(p, dict) else str(p) for p in content)
    return str(content or "")


def build(kb: KnowledgeBase):
    import gradio as gr

    def respond(message: str, history: list[dict]) -> Iterator[str]:
        past = [{"role": m["role"], "content": _plain(m["content"])} for m in history]
        shown = ""
        for item in kb.stream(message, history=past):
            if isinstance(item, Answer):
                yield render(item)
            else:
                shown += item
                yield html.escape(shown)

    return gr.ChatInterface(
        respond,
        title="Ask the articles",
        description=f"Answers cite the articles they come from. Model: {kb.model}.",
        api_name="ask",
        concurrency_limit=4,
    )


def serve(kb: KnowledgeBase, host: str | None = None, port: int | None = None, block: bool = True):
    """Launch on ``host:port`` (default 127.0.0.1:7860, or GRADIO_SERVER_NAME / GRADIO_SERVER_PORT)."""
    host = host or os.environ.get("GRADIO_SERVER_NAME") or "127.0.0.1"
    port = port or int(os.environ.get("GRADIO_SERVER_PORT") or 7860)
    kb.embedder()  # load the model before the first question, not during it
    app = build(kb)
    app.queue(default_concurrency_limit=4)
    app.launch(server_name=host, server_port=port, prevent_thread_lock=not block, show_error=True)
    return app
