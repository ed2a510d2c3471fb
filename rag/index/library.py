"""The library of stored articles: listing them, and removing them by id, by the file or URL they
came from, or by source. Their chunks leave
Chroma (and with the store's generation token, every process's BM25 index on its next query), a
browser upload's saved file (unless it holds other stored records) and a web page's kept copy are
deleted, and the file, JSON record or URL is remembered as removed (``$RAG_HOME/removed.json``) so a
folder sync does not bring it back; naming the file or URL to ``rag ingest`` again lifts that.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from rag.core.errors import RagError
from rag.core.state import read_json, write_json
from rag.index import fetched
from rag.index.meta import origin_base, origins_of
from rag.sources import is_url
from rag.sources.article import safe_name
from rag.sources.disk import find_files
from rag.sources.url import origin as url_origin

FILE = "removed.json"


def matching(catalog, items: list[str], source: str | None) -> dict[str, dict]:
    """The stored articles (id -> metadata) that ``items`` (ids, paths, URLs) or ``source`` name, looked
    up in the store's catalog (rag/store/catalog.py); RagError naming the first item that matches nothing."""
    found: dict[str, dict] = {}
    for item in items:
        hits = catalog.holding(sorted(_keys(item)))
        meta = catalog.article(item)
        if meta is not None:
            hits[item] = meta
        if not hits:
            raise RagError(f"no stored article matches {item!r} (see: rag stats)")
        found.update(hits)
    if source:
        hits = catalog.with_source(source)
        if not hits:
            raise RagError(f"no stored article has the source {source!r}")
        found.update(hits)
    return found


def forget(home: Path, removed: dict[str, dict], still: Callable[[str], bool]) -> None:
    """After their chunks are deleted: delete web copies (rag/index/fetched.py) and saved uploads no
    stored article comes from any more (``still(base)``), and remember each removed file, record or URL
    as removed."""
    uploads = safe_name((Path(home) / "uploads").resolve()) + os.sep
    gone = load(home)
    for aid, meta in removed.items():
        for o in origins_of(meta):
            fetched.drop(home, o)
            base = origin_base(o)
            if base.startswith(uploads) and not still(base):
                Path(base).unlink(missing_ok=True)  # an upload nothing stored comes from any more
            else:
                gone[o] = aid  # the record alone: a file's (or an upload's) other records stay
    save(home, gone)


def load(home: Path) -> dict[str, str]:
    """Removed files and URLs (origin -> the article id they held)."""
    # a damaged list only means a sync may bring an article back
    return read_json(Path(home) / FILE, {}, expect=dict)


def save(home: Path, gone: dict[str, str]) -> None:
    write_json(Path(home) / FILE, gone, indent=1)


def restore(home: Path, items: list[str]) -> None:
    """Explicitly ingested files and URLs are no longer 'removed' (nor any of their records)."""
    gone = load(home)
    keys = {k for item in items for k in _keys(item)}
    kept = {k: v for k, v in gone.items() if k not in keys and origin_base(k) not in keys}
    if len(kept) != len(gone):
        save(home, kept)


def to_read(
    home: Path, paths: list[str | Path], failed: list[tuple[str, str]]
) -> tuple[list[Path | str], dict[str, str]]:
    """The files and URLs to read for ``paths``, and what stays removed (``load``): a file or URL
    named itself is read even if it was removed before (and is no longer 'removed'); a folder's
    removed files are left out. A path that can't be read is added to ``failed`` as (name, reason)."""
    restore(home, [str(p) for p in paths if is_url(p) or Path(p).is_file()])
    removed = load(home)
    files: list[Path | str] = []
    for p in paths:
        if is_url(p):  # a web page: fetched when its turn comes
            files.append(str(p).strip())
            continue
        try:
            found = list(find_files([p]))
        except RagError as e:
            failed.append((safe_name(p), str(e)))
            continue
        files += found if Path(p).is_file() else [f for f in found if safe_name(f.resolve()) not in removed]
    return files, removed


def _keys(item: str) -> set[str]:
    if is_url(item):
        return {url_origin(item)}
    return {safe_name(Path(item).resolve()), str(item)}


def listing(store, model: str) -> dict:
    """Article and chunk counts, and every article (id, title, date, source), newest first."""
    articles = store.articles()
    rows = sorted(
        ({"id": a, "title": m.get("title", ""), "date": m.get("date", ""), "source": m.get("source", "")}
         for a, m in articles.items()),
        key=lambda r: (r["date"], r["title"]),
        reverse=True,
    )  # fmt: skip
    return {"articles": len(articles), "chunks": store.count(), "location": store.location, "model": model,
            "list": rows}  # fmt: skip
