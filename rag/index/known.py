"""What an ingest knows of the stored articles: looked up one article (or origin) at a time in the
store's catalog (rag/store/catalog.py), with this run's changes on top, so ingesting one article into
a big archive reads what it touches, not every article's metadata."""

from __future__ import annotations


class Known:
    """Stored articles' metadata by id, as a mapping: read on first use, then this run's view."""

    def __init__(self, catalog) -> None:
        self.catalog = catalog
        self._seen: dict[str, dict | None] = {}  # None: not stored (or removed in this run)

    def get(self, article_id: str, default: dict | None = None) -> dict | None:
        if article_id not in self._seen:
            self._seen[article_id] = self.catalog.article(article_id)
        meta = self._seen[article_id]
        return default if meta is None else meta

    def __getitem__(self, article_id: str) -> dict:
        meta = self.get(article_id)
        if meta is None:
            raise KeyError(article_id)
        return meta

    def __setitem__(self, article_id: str, meta: dict) -> None:
        self._seen[article_id] = meta

    def __delitem__(self, article_id: str) -> None:
        self._seen[article_id] = None

    def learn(self, found: dict[str, dict]) -> None:
        """Articles read by another lookup: kept unless this run changed them."""
        for aid, meta in found.items():
            self._seen.setdefault(aid, meta)


class Holders:
    """The article ids each origin (file, record or URL) holds, as a mapping of sets."""

    def __init__(self, catalog, known: Known) -> None:
        self.catalog, self.known = catalog, known
        self._by: dict[str, set[str]] = {}

    def get(self, origin: str, default: set[str] | None = None) -> set[str] | None:
        if origin not in self._by:
            found = self.catalog.holding([origin], records=False)
            self.known.learn(found)
            self._by[origin] = set(found)
        return set(self._by[origin]) if self._by[origin] else default

    def __setitem__(self, origin: str, ids: set[str]) -> None:
        self._by[origin] = set(ids)
