"""``rag serve``'s one process: a FastAPI app with the REST API under /v1 (docs at /docs) and the
browser chat (Gradio) mounted at /, served by uvicorn."""

from __future__ import annotations

import asyncio
import logging
import threading
import time

import gradio as gr
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from rag.api import asking, errors, library, openai_compat
from rag.kb import KnowledgeBase
from rag.ui.app import ChatApp
from rag.ui.page import CSS, HEAD
from rag.ui.serve import LOOPBACK, address, exposed

DESCRIPTION = """Cited answers from your articles. Every call takes a `collection` (default: the
server's). Authorization: `Bearer <key>` (rag keys add) or Basic user:password when the server has a
login; errors are `{"error": {"message", "type", "status"}}`."""


def api(chat: ChatApp) -> FastAPI:
    """The REST API and the OpenAI-compatible endpoint over ``chat``'s knowledge bases."""
    app = FastAPI(title="rag: ask the articles", version="1", description=DESCRIPTION)
    app.state.chat = chat
    errors.install(app)
    for router in (asking.router, library.router, openai_compat.router):
        app.include_router(router)
    cap = chat.kb.settings.max_upload_mb * 1_000_000

    @app.middleware("http")
    async def bounded(request: Request, call_next):  # a body over the cap is refused unread
        if request.url.path.startswith("/v1/") and request.method in ("POST", "PUT", "PATCH"):
            problem = _oversized(request.headers, cap)
            if problem:
                return JSONResponse(errors.body(problem[1], problem[0]), status_code=problem[0])
        return await call_next(request)

    return app


def _oversized(headers, cap: int) -> tuple[int, str] | None:
    """(status, message) when a request body must be refused before it is read: no Content-Length
    (a chunked body could be any size), or more than a file's cap (a form: ``library.MAX_FILES`` of them)."""
    raw = headers.get("content-length")
    if raw is None or not raw.isdigit():
        return 411, "send the body with a Content-Length (a chunked body is not accepted here)"
    form = headers.get("content-type", "").startswith("multipart/form-data")
    limit = cap * library.MAX_FILES + 1_000_000 if form else cap + 1_000_000
    if int(raw) > limit:
        return 413, f"the request is larger than {limit // 1_000_000} MB (RAG_MAX_UPLOAD_MB a file)"
    return None


class _Ending(logging.Filter):
    """Drops what uvicorn logs when it stops while browsers hold their event streams open: the streams
    are cancelled, as they must be, and each cancellation would print a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        cancelled = record.exc_info and isinstance(record.exc_info[1], asyncio.CancelledError)
        return not cancelled and "timeout graceful shutdown exceeded" not in record.getMessage()


logging.getLogger("uvicorn.error").addFilter(_Ending())


class Served:
    """A server running in a thread (``serve(block=False)``); ``close()`` stops it."""

    def __init__(self, server: uvicorn.Server, thread: threading.Thread, chat: ChatApp) -> None:
        self.server, self.thread, self.chat = server, thread, chat

    def close(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


def serve(kb: KnowledgeBase, host: str | None = None, port: int | None = None, block: bool = True):
    """Serve on ``host:port`` (default 127.0.0.1:7860, or GRADIO_SERVER_NAME / GRADIO_SERVER_PORT);
    blocks until stopped, or with ``block=False`` returns a ``Served`` once it answers."""
    from rag.ui.layout import build

    host, port = address(host, port)
    kb = exposed(kb, host)
    kb.embedder()  # load the model before the first question, not during it
    chat = ChatApp(kb)
    chat.gate.require(exposed=host not in LOOPBACK)
    demo = build(chat, chat.offered)
    demo.queue(default_concurrency_limit=4)
    app = api(chat)
    login = chat.gate.login if chat.gate.login_needed() else None
    gr.mount_gradio_app(
        app, demo, path="", auth=login, show_error=True, max_file_size=f"{kb.settings.max_upload_mb}mb",
        css=CSS, head=HEAD, footer_links=["api"],
    )  # fmt: skip
    server = uvicorn.Server(
        uvicorn.Config(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=1)
    )
    if block:
        print(f"serving the chat on http://{host}:{port}/ and its API on /v1 (docs: /docs)", flush=True)
        server.run()
        return None
    thread = threading.Thread(target=server.run, daemon=True, name="rag-serve")
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    return Served(server, thread, chat)
