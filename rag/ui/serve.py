"""Serving the browser chat: where it listens, who may log in, and the Gradio launch."""

from __future__ import annotations

import os
import socket

from rag.core.errors import RagError
from rag.kb import KnowledgeBase
from rag.ui.app import ChatApp
from rag.ui.page import CSS, HEAD

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def serve(kb: KnowledgeBase, host: str | None = None, port: int | None = None, block: bool = True):
    """Launch on ``host:port`` (default 127.0.0.1:7860, or GRADIO_SERVER_NAME / GRADIO_SERVER_PORT)."""
    from rag.ui.layout import build

    host, port = address(host, port)
    auth = _auth(kb.settings.auth)
    kb = exposed(kb, host)
    kb.embedder()  # load the model before the first question, not during it
    chat = ChatApp(kb)
    app = build(chat, chat.offered)
    app.queue(default_concurrency_limit=4)
    app.launch(
        server_name=host, server_port=port, prevent_thread_lock=not block, auth=auth, show_error=True,
        max_file_size=f"{kb.settings.max_upload_mb}mb", quiet=not block,
        css=CSS, head=HEAD, footer_links=["api"],
    )  # fmt: skip
    return app


def exposed(kb: KnowledgeBase, host: str) -> KnowledgeBase:
    """The knowledge base as served on ``host``: beyond localhost it needs RAG_AUTH, and everything it
    fetches for the chat's users (URLs pasted in the chat, followed feeds and their pages) refuses
    private addresses unless RAG_PRIVATE_URLS says otherwise. Whatever works for the served chat (the
    feed poller, a background sync) must use this one, not the one it was made from."""
    if host in LOOPBACK:
        return kb
    if not _auth(kb.settings.auth):
        raise RagError(f"serving on {host} exposes the chat to the network: set RAG_AUTH=user:password first")
    if not kb.settings.private_urls:  # the chat must not reach the machine's network
        kb = kb.with_settings(private_urls="refuse")
    return kb


def address(host: str | None, port: int | None) -> tuple[str, int]:
    """Where to serve: the given host/port, else GRADIO_SERVER_NAME / GRADIO_SERVER_PORT, else
    127.0.0.1:7860."""
    host = host or os.environ.get("GRADIO_SERVER_NAME") or "127.0.0.1"
    raw = port or os.environ.get("GRADIO_SERVER_PORT") or 7860
    try:
        return host, int(raw)
    except ValueError:
        raise RagError(f"GRADIO_SERVER_PORT must be a port number, got {raw!r}") from None


def check_port(host: str, port: int) -> None:
    """RagError when nothing could listen on ``host:port`` (in use, or an address not of this machine)."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            s.bind((host, port))
    except OSError as e:
        raise RagError(
            f"cannot serve on {host}:{port}: {e.strerror or e} (choose another with --port)"
        ) from None


def _auth(raw: str | None) -> list[tuple[str, str]] | None:
    if not raw:
        return None
    pairs = [p.split(":", 1) for p in raw.split(",") if p.strip()]
    if any(len(p) != 2 or not p[0] or not p[1] for p in pairs):
        raise RagError("RAG_AUTH must be user:password pairs separated by commas")
    return [(u, pw) for u, pw in pairs]
