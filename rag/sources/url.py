"""A web address to articles: fetched (rag/sources/web.py), read as HTML or PDF, and stored under the
URL as its origin, so ingesting the same URL again replaces what it gave before (or does nothing
when the page is unchanged)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from rag.core.config import Settings
from rag.core.types import Article
from rag.sources import documents, html, web
from rag.sources.article import decode, make_article


def read_url(url: str, settings: Settings) -> list[Article]:
    """The article at ``url``; RagError (one line) when it can't be had or holds no article."""
    page = web.fetch(url, **web.limits(settings))
    return [article_of(page, origin(url))]


def article_of(page: web.Page, key: str, fallback: dict | None = None) -> Article:
    """The Article of a fetched page; ``fallback`` (a feed entry's own title/text) fills what is missing."""
    if page.content_type == "application/pdf":
        record = documents.parse_pdf(page.body)
    else:
        record = html.parse_html(decode(page.body), url=page.url, fallback=False)
    record = {**(fallback or {}), **record, "url": record.get("url") or page.url}
    return make_article(record, default_title=page.url, origin=key)


def origin(url: str) -> str:
    """The identity of an article fetched from ``url``: the URL without its #fragment."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # "http://[::1/x": no page can come from it, but a feed entry may still name it
        return url.strip()
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))
