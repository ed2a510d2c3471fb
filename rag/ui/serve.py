"""Where the chat is served, and what serving it beyond this machine needs (rag/api/server.py serves it)."""

from __future__ import annotations

import os
import socket

from rag.access.gate import Gate
from rag.core.errors import RagError
from rag.kb import KnowledgeBase

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def exposed(kb: KnowledgeBase, host: str) -> KnowledgeBase:
    """The knowledge base as served on ``host``: beyond localhost it needs RAG_AUTH, and everything it
    fetches for the chat's users (URLs pasted in the chat, followed feeds and their pages) refuses
    private addresses unless RAG_PRIVATE_URLS says otherwise. Whatever works for the served chat (the
    feed poller, a background sync) must use this one, not the one it was made from."""
    if host in LOOPBACK:
        return kb
    if not Gate(kb.settings).login_needed():
        raise RagError(
            f"serving on {host} exposes the chat to the network: set RAG_AUTH=user:password or add a user"
            " (rag users add NAME --role admin) first"
        )
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
