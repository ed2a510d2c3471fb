"""Articles fetched from the web (pages and feed entries) kept on disk, ``$RAG_HOME/fetched/``:
a URL's page may change or vanish, so ``rag reindex`` rebuilds them from these copies instead of the
web; one JSON file an origin, replaced when the origin's article changes, deleted when it is removed.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, fields
from pathlib import Path

from rag.core.errors import RagError
from rag.core.state import read_json, write_json
from rag.core.types import Article
from rag.sources import is_url

FOLDER = "fetched"
_FIELDS = {f.name for f in fields(Article)}


def kept(article: Article) -> bool:
    """Whether an article is kept here: it came from the web (its origin is a URL)."""
    return is_url(article.origin)


def path(home: Path, origin: str) -> Path:
    """The file keeping the article of ``origin`` (named by a hash: an origin is no safe file name)."""
    digest = hashlib.sha256(origin.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return Path(home) / FOLDER / f"{digest}.json"


def keep(home: Path, article: Article) -> None:
    """Keep a fetched article's copy (its origin's previous article is replaced)."""
    write_json(path(home, article.origin), asdict(article))


def drop(home: Path, origin: str) -> None:
    """Forget the copy of what ``origin`` held (removed)."""
    path(home, origin).unlink(missing_ok=True)


def load(home: Path) -> tuple[list[Article], list[str]]:
    """Every kept article, and the files that could not be read back (damaged: named, not fatal)."""
    articles, bad = [], []
    for file in sorted((Path(home) / FOLDER).glob("*.json")):
        data = read_json(file, None, expect=dict)
        try:
            if data is None or set(data) - _FIELDS:
                raise RagError("not a kept article")
            articles.append(Article(**{**data, "pages": tuple(data.get("pages") or ())}))
        except (RagError, TypeError):
            bad.append(str(file))
    return articles, bad
