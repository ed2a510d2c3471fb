"""One entry point for every kind of source the indexer is given: a file (by path) or a web page (by
URL). Both give articles, or RagError saying in one line why not."""

from __future__ import annotations

from pathlib import Path

from rag.config import Settings
from rag.ingest import read_articles, safe_name
from rag.sources import is_url
from rag.sources.pages import origin, read_url
from rag.types import Article


def read(item: Path | str, settings: Settings, problems: list[str]) -> list[Article]:
    """The articles of a file or URL; problems with single records of a JSON file go to ``problems``."""
    if is_url(item):
        return read_url(str(item), settings)
    return read_articles(Path(item), problems)


def name(item: Path | str) -> str:
    """How the item is named in reports: the URL, or the file's printable path."""
    return origin(str(item)) if is_url(item) else safe_name(item)
