"""One entry point for every kind of source the indexer is given: a file (by path) or a web page (by
URL). Both give articles, or RagError saying in one line why not."""

from __future__ import annotations

from pathlib import Path

from rag.core.config import Settings
from rag.core.types import Article
from rag.sources import is_url
from rag.sources.article import safe_name
from rag.sources.disk import read_articles
from rag.sources.url import origin, read_url


def read(item: Path | str, settings: Settings, problems: list[str]) -> list[Article]:
    """The articles of a file or URL; problems with single records of a JSON file go to ``problems``."""
    if is_url(item):
        return read_url(str(item), settings)
    return read_articles(Path(item), problems)


def name(item: Path | str) -> str:
    """How the item is named in reports: the URL, or the file's printable path."""
    return origin(str(item)) if is_url(item) else safe_name(item)
