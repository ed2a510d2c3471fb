"""Write locks shared in a process: the chat, the API and the feed poller each open their own
KnowledgeBase of a collection, and their writes to it must still take turns."""

from __future__ import annotations

import threading

from rag.core.config import Settings

_WRITERS: dict[tuple[str, str], threading.Lock] = {}
_GUARD = threading.Lock()


def writer(settings: Settings) -> threading.Lock:
    """The one write lock of ``settings``' collection (in its home, or on its Chroma server)."""
    key = (str(settings.chroma_url or settings.home.resolve()), settings.collection)
    with _GUARD:
        return _WRITERS.setdefault(key, threading.Lock())
