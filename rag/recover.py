"""Rebuilding a damaged local index (``rag reindex``) from the files its articles came from.

Chroma cannot open an index whose files a crash or a full disk left broken, and its vectors cannot
be trusted, so nothing is repaired in place: the folder is moved aside (kept, never deleted), and a
new index is ingested from the article files. Their paths are read from the damaged index's SQLite
file directly (every chunk records its ``origins``), as Chroma itself refuses to read it. Articles
fetched from the web (pages, feed entries) come back from their kept copies (rag/index/fetched.py),
not from the web, where they may have changed or gone.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from rag.core.config import Settings
from rag.core.errors import RagError
from rag.core.types import IngestReport
from rag.index import fetched
from rag.index.meta import origin_base
from rag.sources import is_url
from rag.store import bm25


def stored_files(chroma_dir: Path) -> list[str]:
    """The article files and URLs an index at ``chroma_dir`` was built from (JSON records: their file;
    feed entries: their feed), sorted."""
    db = chroma_dir / "chroma.sqlite3"
    if not db.exists():
        return []
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as con:
            rows = con.execute(
                "SELECT DISTINCT string_value FROM embedding_metadata WHERE key = 'origins'"
            ).fetchall()
    except sqlite3.Error:  # the SQLite file itself is damaged: only the given paths can be used
        return []
    found = {origin_base(o) for (value,) in rows for o in (value or "").split("\n") if o}
    return sorted(found)


def reindex(
    settings: Settings,
    paths: list[str],
    progress: Callable[[str], None] | None = None,
    embedder=None,
    note: Callable[[str], None] = print,
) -> IngestReport:
    """Move ``$RAG_HOME/chroma`` aside and ingest its article files (plus ``paths`` and uploads)."""
    from rag.kb import KnowledgeBase  # heavy: only when a rebuild really happens

    if settings.chroma_url:
        raise RagError("rag reindex rebuilds a local index; a Chroma server's data is restored on the server")
    if (settings.home / "collections").is_dir() and any((settings.home / "collections").iterdir()):
        raise RagError(  # the damaged folder holds every collection; only one's files would come back
            "rag reindex rebuilds a home with one collection; this one has others (see rag collections): "
            "reindex each into a new home with rag --home NEW --collection NAME ingest"
        )
    chroma = settings.home / "chroma"
    stored = stored_files(chroma)
    kept, damaged = fetched.load(settings.data)
    uploads = settings.data / "uploads"
    wanted = [*(f for f in stored if not is_url(f)), *paths, *([str(uploads)] if uploads.is_dir() else [])]
    if not wanted and not kept:
        raise RagError(f"no article files known for {chroma}: give the folders to ingest (rag reindex DIR)")
    if chroma.exists():
        aside = chroma.with_name(f"chroma.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        chroma.rename(aside)
        note(f"moved the old index to {aside} (delete it once the new one is fine)")
    bm25.remove_files(settings.home, settings.collection)
    kb = KnowledgeBase(settings, embedder)
    present = [p for p in dict.fromkeys(wanted) if Path(p).exists()]
    report = kb.ingest(present, progress)
    if kept:
        report.merge(kb.add_articles(kept))
    report.failed += [(p, "no such file (it was indexed before)") for p in wanted if not Path(p).exists()]
    report.failed += [(f, "damaged copy of a fetched article: ingest its URL again") for f in damaged]
    copies = {origin_base(a.origin) for a in kept}
    lost = [u for u in stored if is_url(u) and u not in copies]
    report.failed += [(u, "fetched before copies were kept: ingest it again") for u in lost]
    return report
