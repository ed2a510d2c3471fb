"""Compacting a local index (``rag compact``): erasing for good what removal only deletes.

Removing an article deletes its chunks, but Chroma's SQLite file keeps their text in its write log
(``embeddings_queue``) and in free pages, and ``chroma utils vacuum`` still leaves a row (measured):
after a takedown the text is still on disk. Compacting copies the live chunks (vectors and metadata,
no history) into a new index beside the old one, swaps the two folders, and deletes the old folder,
so nothing removed is left in the index's files.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import replace

from rag import collections
from rag.core.config import Settings
from rag.core.errors import RagError
from rag.store import bm25
from rag.store.chroma import Store, forget_clients


def compact(settings: Settings, progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild ``$RAG_HOME/chroma`` from its live chunks and delete the old files; returns the chunk
    count. ``progress(done, total)`` after each page. Stop every other process using the index first."""
    if settings.chroma_url:
        raise RagError("rag compact works on a local index; a Chroma server compacts its own storage")
    home = settings.home
    if not (home / "chroma").is_dir():
        raise RagError(f"no index to compact in {home / 'chroma'}")
    work = home / f".compact-{time.strftime('%Y%m%d-%H%M%S')}"
    grand = 0
    try:
        for name in collections.names(settings):  # every collection: the folder holds them all
            grand += _copy(replace(settings, collection=name), replace(settings, home=work, collection=name),
                           progress)  # fmt: skip
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    forget_clients()
    aside = home / f"chroma.compacted-{work.name[len('.compact-') :]}"
    (home / "chroma").rename(aside)
    (work / "chroma").rename(home / "chroma")
    shutil.rmtree(aside)
    shutil.rmtree(work, ignore_errors=True)
    for name in collections.names(settings):
        bm25.remove_files(home, name)  # rebuilt on the next query
    return grand


def _copy(settings: Settings, into: Settings, progress: Callable[[int, int], None] | None) -> int:
    """Copy one collection's live chunks into the same collection of ``into``; their count."""
    old, new = Store(settings), Store(into)
    total = old.count()
    for done in old.copy_into(new):
        if progress:
            progress(done, total)
    if new.count() != total:
        raise RagError(f"compacting copied {new.count()} of {total} chunks: the index is left as it was")
    return total
