"""Named collections in one home (``rag collections``, ``--collection``, ``RAG_COLLECTION``): each has its
own articles, vectors, BM25 index, feeds, fetched pages, uploads and removed list. The default one,
``articles``, is what a home held before collections existed: its files stay where they were."""

from __future__ import annotations

import shutil
from dataclasses import replace

from rag.core.config import COLLECTION_NAME, DEFAULT_COLLECTION, Settings, check_collection
from rag.core.errors import NotFound, RagError
from rag.store import bm25
from rag.store.chroma import Store


def names(settings: Settings) -> list[str]:
    """Every collection of this home (or Chroma server), the default first, then by name."""
    found = set(Store(replace(settings, collection=DEFAULT_COLLECTION)).names())
    # On a shared Chroma server, another program's collections may not fit our names: not ours
    ours = {n for n in found if COLLECTION_NAME.fullmatch(n)}
    return [DEFAULT_COLLECTION, *sorted(ours - {DEFAULT_COLLECTION})]


def existing(settings: Settings, name: object) -> str:
    """``name`` if it is a collection here; NotFound (one line, naming how to create it) otherwise."""
    check_collection(name)
    if name not in names(settings):
        raise NotFound(f"no collection {name!r} here (create it with: rag collections create {name})")
    return str(name)


def create(settings: Settings, name: str) -> Settings:
    """Create collection ``name`` (RagError if it exists); the settings that use it."""
    check_collection(name)
    if name in names(settings):
        raise RagError(f"collection {name!r} exists already")
    chosen = replace(settings, collection=name)
    shutil.rmtree(chosen.data, ignore_errors=True)  # what a deleted one of that name may have left
    Store(chosen)  # opening it creates it
    chosen.data.mkdir(parents=True, exist_ok=True)
    return chosen


def delete(settings: Settings, name: str) -> None:
    """Delete collection ``name``: its chunks and every file of its own. The default one stays."""
    existing(settings, name)
    if name == DEFAULT_COLLECTION:
        raise RagError(f"the default collection {name!r} cannot be deleted (remove its articles instead)")
    Store(replace(settings, collection=DEFAULT_COLLECTION)).drop(name)
    gone = replace(settings, collection=name)
    shutil.rmtree(gone.data, ignore_errors=True)
    bm25.remove_files(settings.home, name)
