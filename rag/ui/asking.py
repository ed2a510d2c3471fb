"""Asking in the browser chat: the question shown at once under a pending answer, the answer streamed
into it, Stop, and a problem with the question or the filters said in one line beside the box (never
as an error covering the conversation)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from html import escape

import gradio as gr

from rag.core.errors import RagError
from rag.core.types import Answer
from rag.text.dates import date_bounds
from rag.ui import html as render

PENDING = '<p class="pending" role="status">Finding the passages that answer…</p>'
STOPPED = '<p class="note" role="status">Stopped.</p>'
# In the page, before the server hears of it: the question (escaped: it is text, never markup) and the
# pending answer, so the question shows the moment Enter is pressed; chat() replaces the pending one.
SHOW_AT_ONCE = """(q, c) => {
  if (!(q || '').trim()) return [c];
  const m = (role, text) => (
    {role: role, metadata: null, content: [{type: 'text', text: text}], options: null});
  const esc = s => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
  return [[...(c || []), m('user', esc(q)), m('assistant', PENDING)]];
}""".replace("PENDING", json.dumps(PENDING))


def chat(app, question, shown, history, model, sources, since, until, browser_id="", conversation="",
         collection="", request: gr.Request = None) -> Iterator[tuple]:  # fmt: skip
    """Stream an answer into the chat; yields (chat, history, sources panel, question box, conversation
    id, conversation list, problem line). The question shows at once; the finished turn is saved."""
    shown = _settled(shown)
    problem = _problem(question, since, until)
    if problem:  # the conversation stays as it was; the box keeps what was typed
        yield shown, *[gr.skip()] * 5, render.problem_html(problem)
        return
    try:
        app.allowed(request, "read", collection)
        kb, waiting = app.model_for(model, collection)
    except RagError as e:  # a model this chat doesn't offer: said beside the box, like a bad date
        yield shown, *[gr.skip()] * 5, render.problem_html(str(e))
        return
    shown = [*shown, {"role": "user", "content": escape(question)}, {"role": "assistant", "content": PENDING}]
    yield shown, history, gr.skip(), "", gr.skip(), gr.skip(), ""
    text, final, session = "", None, _session(request)
    app.stopping.discard(session)
    stream = kb.stream(question, history=history, filters=filters(sources, since, until))
    try:
        for item in stream:
            if session in app.stopping:  # Stop: end the model's stream (it hangs up), keep what came
                stream.close()
                yield stopped(shown), history, gr.skip(), "", gr.skip(), gr.skip(), ""
                return
            if isinstance(item, Answer):
                final = item
            else:
                text += item
                shown[-1] = {"role": "assistant", "content": render.streaming_html(text)}
                yield shown, history, gr.skip(), "", gr.skip(), gr.skip(), ""
    except RagError as e:  # the question stays, the problem said in its answer's place
        shown[-1] = {"role": "assistant", "content": render.problem_html(str(e))}
        yield shown, history, gr.skip(), "", gr.skip(), gr.skip(), ""
        return
    final = waited(final, waiting)
    shown[-1] = {"role": "assistant", "content": render.answer_html(final)}
    history = [*history, {"role": "user", "content": question}, {"role": "assistant", "content": final.text}]
    conversation, listed = app.save_turn(browser_id, request, conversation, question, final, collection)
    yield shown, history, render.sources_html(final), "", conversation, listed, ""


def box() -> tuple[gr.Textbox, gr.Button, gr.Button, gr.HTML]:
    """The question box (named for screen readers, focused when the page opens), Ask (off while the
    box is empty), Stop (shown while an answer is coming) and the line under them where a problem is
    said."""
    with gr.Row():
        # Focused when the page opens: a reader types at once, without tabbing past the controls.
        question = gr.Textbox(
            placeholder="Ask about the articles…", label="Your question", show_label=False, scale=5,
            elem_id="question", max_length=2000, autofocus=True,
        )  # fmt: skip
        ask = gr.Button("Ask", variant="primary", scale=1, elem_id="ask", interactive=False)
        stop = gr.Button("Stop", variant="stop", scale=1, elem_id="stop", visible=False)
    problem = gr.HTML("", elem_id="ask-problem")
    return question, ask, stop, problem


def wire(
    app, question, ask, stop, inputs: list, outputs: list, extra: list | None = None, after=None
) -> None:
    """Enter or Ask streams the answer (no progress overlay: the pending answer says it is coming);
    Stop ends it at the next piece, hanging up on the model and keeping what came. ``extra``: other
    triggers that ask what the box holds (an example question clicked); ``after``: an event (function,
    inputs, outputs) run once an answer is done."""
    question.change(lambda q: gr.Button(interactive=bool((q or "").strip())), question, ask,
                    queue=False, show_progress="hidden", api_visibility="private")  # fmt: skip
    for trigger in (ask.click, question.submit, *(extra or [])):
        shown = trigger(None, [question, outputs[0]], [outputs[0]], js=SHOW_AT_ONCE, queue=False)
        shown = shown.then(lambda: gr.Button(visible=True), None, stop, queue=False, api_visibility="private")
        answer = shown.then(app.chat, inputs, outputs, show_progress="hidden", api_visibility="private")
        done = answer.then(
            lambda: gr.Button(visible=False), None, stop, queue=False, api_visibility="private"
        )
        if after:
            done.then(*after, api_visibility="private")

    def halt(request: gr.Request) -> gr.Button:
        app.stopping.add(_session(request))
        return gr.Button(visible=False)

    stop.click(halt, None, stop, queue=False, api_visibility="private")


def stopped(shown: list[dict]) -> list[dict]:
    """The chat as chat() shows it, after Stop: the answer so far kept (without its cursor), marked as
    stopped."""
    content = shown[-1]["content"]
    kept = "" if content == PENDING else content.replace("▌", "")
    return [*shown[:-1], {"role": "assistant", "content": kept + STOPPED}]


def _session(request: gr.Request | None) -> str:
    """The browser session a request comes from (what Stop and the answer it stops share)."""
    return getattr(request, "session_hash", None) or ""


def _settled(shown: list) -> list:
    """The chat without the question and pending answer the page added at once (SHOW_AT_ONCE)."""
    shown = list(shown or [])
    if len(shown) >= 2 and 'class="pending"' in " ".join(_texts(shown[-1].get("content"))):
        return shown[:-2]
    return shown


def _texts(content) -> list[str]:
    """The text parts of a message's content as Gradio hands it back (a list of parts)."""
    parts = content if isinstance(content, list) else [content]
    return [p.get("text", "") if isinstance(p, dict) else str(p) for p in parts if p]


def _problem(question: str, since: str, until: str) -> str:
    """What is wrong with a question or its date filters, in one line ('' when nothing)."""
    if not (question or "").strip():
        return "Type a question first."
    for label, value in (("From date", since), ("To date", until)):
        if (value or "").strip() and not date_bounds(value.strip())[0]:
            shown = value.strip()[:40]
            return f"{label} “{shown}” is not a date: write it like 2025-12-01, or leave it empty."
    return ""


def waited(answer: Answer, waiting: str) -> Answer:
    """The extractive answer standing in for a local model that is not up, with the reason as its note."""
    if not waiting:
        return answer
    return replace(answer, note=f"{waiting}; showing the extractive answer.", fallback="unreachable")


def filters(sources, since, until) -> dict:
    """The chat's filters as the knowledge base takes them."""
    dates = {"date_from": (since or "").strip(), "date_to": (until or "").strip()}
    return {"source": list(sources or []), **dates}
