"""Sources stage: where articles come from, read into cleaned ``Article`` values.

Files and folders (``disk``: text, Markdown and JSON by ``formats``, PDF and Word by ``documents``,
HTML by ``html``), web pages by URL (``web`` fetches, ``url`` makes the page an article) and RSS/Atom
``feeds``; ``read`` is the one entry point for a path or URL. Each reader turns raw bytes or text into
records (dicts with ``text`` and optional title, date, source, url, author), which ``article`` cleans
into ``Article`` values.
"""

from __future__ import annotations

URL_SCHEMES = ("http://", "https://")


def is_url(item: object) -> bool:
    """True for an http(s) URL given where a file path could be."""
    return isinstance(item, str) and item.strip().lower().startswith(URL_SCHEMES)
