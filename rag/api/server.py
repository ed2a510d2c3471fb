"""``rag serve``'s one process: a FastAPI app with the REST API under /v1 (docs at /docs) and the
browser chat (Gradio) mounted at /, served by uvicorn."""

from __future__ import annotations

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
from rag.ui.serve import address, exposed

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
    limit = (chat.kb.settings.max_upload_mb + 1) * 1_000_000

    @app.middleware("http")
    async def bounded(request: Request, call_next):  # a body over the upload cap is refused unread
        if request.url.path.startswith("/v1/") and int(request.headers.get("content-length") or 0) > limit:
            size = errors.body(f"the request is larger than {limit // 1_000_000} MB", 413)
            return JSONResponse(size, status_code=413)
        return await call_next(request)

    return app


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
