"""Where articles come from: files on disk (``files``, ``documents``), web pages (``html``, ``web``).

Each reader turns raw bytes or text into records: dicts with ``text`` and optional title, date,
source (site or outlet), url and author, which ``rag.ingest`` cleans into ``Article`` values.
"""

from __future__ import annotations

URL_SCHEMES = ("http://", "https://")


def is_url(item: object) -> bool:
    """True for an http(s) URL given where a file path could be."""
    return isinstance(item, str) and item.strip().lower().startswith(URL_SCHEMES)
