"""The model menu in words a reader understands, and whether the chosen model is ready."""

from __future__ import annotations

from html import escape

import gradio as gr

from rag.llm import client as llm

NAMES = {
    llm.EXTRACTIVE: "Quotes from the articles (fast, offline)",
    llm.LOCAL: "Small local AI (SmolLM2, runs on this machine)",
}
CHECK_EVERY = 2.0  # seconds between readiness checks while the local model starts


def choices(offered: list[str]) -> list[tuple[str, str]]:
    """(label, model id) for the menu: the built-in models by what they are, API models by name."""
    return [(NAMES.get(m, f"{m} (AI model by API)"), m) for m in offered]


def readiness(app, model: str) -> tuple[gr.HTML, gr.Timer]:
    """The line under the menu for ``model``, and the timer that checks again while it is starting.

    Choosing the local model starts it (rag/llm/local/launcher.py); until it answers, the answers are
    quotes from the articles, and the line says so and what it is doing.
    """
    if model != llm.LOCAL:
        return gr.HTML("", visible=False), gr.Timer(active=False)
    waiting = app.local.status()
    if not waiting:
        return _line("The small local AI is ready."), gr.Timer(active=False)
    line = f"{waiting[0].upper()}{waiting[1:]}; until it is ready, answers are quotes from the articles."
    starting = waiting.startswith("the local model is starting")  # else it failed: checking won't help
    return _line(line), gr.Timer(active=starting)


def wire(app, model: gr.Dropdown) -> None:
    """The readiness line under the menu, refreshed while the local model starts."""
    status = gr.HTML("", elem_id="model-status", visible=False)
    timer = gr.Timer(CHECK_EVERY, active=False)
    private = {"api_visibility": "private", "show_progress": "hidden"}
    model.change(lambda m: readiness(app, m), model, [status, timer], **private)
    timer.tick(lambda m: readiness(app, m), model, [status, timer], **private)


def _line(text: str) -> gr.HTML:
    return gr.HTML(f'<p class="note" role="status">{escape(text)}</p>', visible=True)
