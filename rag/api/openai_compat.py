"""An OpenAI-compatible endpoint: ``GET /v1/models`` and ``POST /v1/chat/completions``, so any OpenAI
client (or Open WebUI, LibreChat) can ask the articles. A model id names a collection, and optionally
the answerer: ``articles`` or ``articles:extractive``. The reply is the cited answer with its [n]
markers, then its numbered sources; the citations are also given as data, as Perplexity's API does:
``citations`` (a URL, else a title, per [n]) and ``search_results`` (title, source, date, url, quote).

A stream sends only verified text: an extractive answer in pieces as it is made; an LLM's answer once
it has been checked against its sources (it may be replaced then, and a client cannot take text back).
"""

from __future__ import annotations

import itertools
import json
import time
import uuid
from collections.abc import Iterator

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict

from rag import collections
from rag.access.roles import Who
from rag.api import errors
from rag.api.asking import chosen
from rag.api.auth import caller
from rag.core.errors import NotFound, RagError
from rag.core.types import Answer
from rag.llm import client as llm
from rag.ui.asking import waited

router = APIRouter(prefix="/v1", tags=["openai"])
STARTED = int(time.time())


class Completion(BaseModel):
    model_config = ConfigDict(extra="allow")  # temperature, max_tokens, ...: accepted, not used
    model: str
    messages: list[dict]
    stream: bool = False


@router.get("/models", summary="OpenAI: the models, one a collection (and answerer)")
def models(request: Request, who: Who = Depends(caller)) -> dict:  # noqa: B008
    app = request.app.state.chat
    mine = [n for n in collections.names(app.kb.settings) if who.uses(n)]
    ids = [i for n in mine for i in (n, *(f"{n}:{m}" for m in app.offered))]
    return {"object": "list", "data": [{"id": i, "object": "model", "created": STARTED, "owned_by": "rag"}
                                       for i in ids]}  # fmt: skip


@router.post("/chat/completions", summary="OpenAI: a cited answer to the last user message")
def complete(body: Completion, request: Request, who: Who = Depends(caller)):  # noqa: B008
    app = request.app.state.chat
    name, _, answerer = body.model.partition(":")
    try:  # not a collection, not one of the caller's, not an answerer offered: no such model, alike
        if answerer and answerer not in app.offered:
            raise NotFound(answerer)
        kb = chosen(request, who, name)
    except RagError:
        raise NotFound(f"no model {body.model[:80]!r} here (see GET /v1/models)") from None
    question, history = _conversation(body.messages)
    model, waiting = app.model_for(answerer, kb.settings.collection)
    ident, made = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
    if not body.stream:
        final = waited(model.ask(question, history=history), waiting)
        message = {"role": "assistant", "content": content(final)}
        usage = {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
        return {"id": ident, "object": "chat.completion", "created": made, "model": body.model,
                "choices": [{"index": 0, "message": message, "finish_reason": "stop"}], "usage": usage,
                **extras(final)}  # fmt: skip
    stream = model.stream(question, history=history)
    first = next(stream, "")  # a bad question fails here, as a 400, before the stream starts
    chunks = _chunks(first, stream, waiting, model.model == llm.EXTRACTIVE)

    def events() -> Iterator[str]:
        try:
            for delta, extra in chunks:
                done = extra is not None
                choice = {"index": 0, "delta": delta, "finish_reason": "stop" if done else None}
                chunk = {"id": ident, "object": "chat.completion.chunk", "created": made, "model": body.model,
                         "choices": [choice], **(extra or {})}  # fmt: skip
                yield f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"
        except Exception as e:  # noqa: BLE001  (the status is sent: the error goes in the stream)
            yield f"data: {json.dumps(errors.of(e)[1])}\n\n"
        yield "data: [DONE]\n\n"

    return StreamingResponse(events(), media_type="text/event-stream")


def _chunks(first, rest: Iterator, waiting: str, live: bool) -> Iterator[tuple[dict, dict | None]]:
    """(delta, extras on the last) of a streamed answer: live pieces only when they are final text."""
    yield {"role": "assistant", "content": ""}, None
    sent, final = "", None
    for piece in itertools.chain([first], rest):
        if isinstance(piece, Answer):
            final = waited(piece, waiting)
        elif live:
            sent += piece
            yield {"content": piece}, None
    assert final is not None
    whole = content(final)
    rest_text = whole[len(sent) :] if whole.startswith(sent) else whole
    yield {"content": rest_text}, None
    yield {}, extras(final)


def _conversation(messages: list[dict]) -> tuple[str, list[dict]]:
    """(the last user message, the user/assistant turns before it) of OpenAI ``messages``."""
    turns = [{"role": m.get("role"), "content": _text(m.get("content"))} for m in messages
             if isinstance(m, dict) and m.get("role") in ("user", "assistant")]  # fmt: skip
    if not turns or turns[-1]["role"] != "user":
        raise RagError("messages must end with a user message: the question")
    return turns[-1]["content"], turns[:-1]


def _text(value) -> str:
    """A message's content: a string, or OpenAI's list of parts (the text ones joined)."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return " ".join(p.get("text", "") for p in value if isinstance(p, dict) and p.get("type") == "text")
    raise RagError("a message's content must be text or a list of text parts")


def content(answer: Answer) -> str:
    """The answer's text, then its numbered sources: "[n] Title — Source, date. URL"."""
    lines = [f"[{c.n}] {c.title}" + (f" — {', '.join(c.details())}" if c.details() else "")
             + (f". {c.url}" if c.url else "") for c in answer.citations]  # fmt: skip
    return answer.text + ("\n\nSources:\n" + "\n".join(lines) if lines else "")


def extras(answer: Answer) -> dict:
    """The fields beside OpenAI's: citations and search_results as Perplexity gives them, and ours."""
    keys = ("n", "title", "source", "date", "url", "quote")
    return {
        "citations": [c.url or c.title for c in answer.citations],
        "search_results": [{k: getattr(c, k) for k in keys} for c in answer.citations],
        "rag": {"abstained": answer.abstained, "unsupported": answer.unsupported, "kind": answer.kind},
    }
