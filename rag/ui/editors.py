"""Who may change the library through the chat and its API (add, paste, fetch, remove articles): with
no login (RAG_AUTH unset, so the chat serves this machine alone) whoever uses it; with a login, only
the users RAG_EDITORS names. Reading and asking are everyone's."""

from __future__ import annotations

import gradio as gr

from rag.core.config import Settings
from rag.core.errors import RagError


def check(settings: Settings, request: gr.Request | None) -> None:
    """RagError (one line) unless the request's user may change the library."""
    if not settings.auth:
        return
    user = getattr(request, "username", None) or ""
    if user not in {u.strip() for u in settings.editors.split(",") if u.strip()}:
        who = f"{user!r}" if user else "this user"
        raise RagError(f"{who} may not add or remove articles here (RAG_EDITORS names who may)")
