"""``POST /v1/ask`` (the Answer as JSON, or streamed as server-sent events) and ``GET /v1/search``."""

from __future__ import annotations

import json
from collections.abc import Iterator

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from rag.access.roles import Who
from rag.api import errors
from rag.api.auth import caller
from rag.core.types import Answer
from rag.ui.asking import waited

router = APIRouter(prefix="/v1", tags=["ask"])


class Filters(BaseModel):
    source: list[str] | None = Field(None, description="Only articles from these sources.")
    date_from: str | None = Field(None, description="Only articles dated on/after this day (YYYY-MM-DD).")
    date_to: str | None = Field(None, description="Only articles dated on/before this day (YYYY-MM-DD).")


class Ask(BaseModel):
    question: str = Field(description="The question (at most RAG_MAX_QUESTION_CHARS characters).")
    history: list[dict] | None = Field(None, description='Earlier turns: [{"role": "user", "content": ...}].')
    model: str = Field("", description="An answerer the server offers (GET /v1/models); '' = its default.")
    filters: Filters | None = None
    collection: str = Field("", description="The collection to ask ('' = the server's default).")
    stream: bool = Field(False, description="Server-sent events: text pieces, then the answer.")


def chosen(request: Request, who: Who, collection: str, action: str = "read"):
    """The knowledge base of ``collection`` after checking ``who`` may do ``action`` in it."""
    return request.app.state.chat.allowed(who, action, collection)


@router.post("/ask", summary="Answer a question with cited, verified sentences")
def ask(body: Ask, request: Request, who: Who = Depends(caller)):  # noqa: B008 (FastAPI's way)
    """The Answer: text with [n] markers, short, kind, citations (title, source, date, url, quote,
    page), unsupported sentences with reasons, abstained, model. ``stream``: text/event-stream of
    ``text`` events, then one ``answer`` event."""
    kb = chosen(request, who, body.collection)
    app = request.app.state.chat
    filters = body.filters.model_dump(exclude_none=True) if body.filters else None
    if not body.stream:
        return app.answer(body.question, body.history, body.model, filters, kb.settings.collection).to_dict()
    model, waiting = app.model_for(body.model, kb.settings.collection)
    pieces = model.stream(body.question, history=body.history or None, filters=filters or None)
    first = next(pieces, "")  # a bad question fails here, as a 400, before the stream starts
    return StreamingResponse(_events(first, pieces, waiting), media_type="text/event-stream")


def _events(first, pieces: Iterator, waiting: str) -> Iterator[str]:
    try:
        for item in _chain(first, pieces):
            if isinstance(item, Answer):
                yield _event("answer", waited(item, waiting).to_dict())
            else:
                yield _event("text", {"text": item})
    except Exception as e:  # noqa: BLE001  (the status is sent: the error goes in the stream)
        yield _event("error", errors.of(e)[1])


def _chain(first, rest: Iterator) -> Iterator:
    yield first
    yield from rest


def _event(name: str, data: dict) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.get("/search", summary="The passages retrieved for a question")
def search(
    request: Request,
    q: str = Query(description="The question or search words."),
    k: int = Query(5, ge=1, le=100, description="How many passages."),
    collection: str = "",
    source: list[str] | None = Query(None),  # noqa: B008
    date_from: str | None = None,
    date_to: str | None = None,
    who: Who = Depends(caller),  # noqa: B008
) -> dict:
    """The ``k`` best passages: chunk_id, article_id, title, source, date, url, text, score."""
    kb = chosen(request, who, collection)
    filters = {"source": source, "date_from": date_from, "date_to": date_to}
    hits = kb.search(q, k=k, filters={f: v for f, v in filters.items() if v} or None)
    keys = ("chunk_id", "article_id", "title", "source", "date", "url", "text", "score")
    return {"hits": [{name: getattr(h, name) for name in keys} for h in hits]}
