"""Where a collection's BM25 files live in a home, and removing them (rebuilt when next needed)."""

from __future__ import annotations

import shutil
from pathlib import Path


def index_path(home: Path, collection: str) -> Path:
    """Where a collection's BM25 journal lives in a home (on this machine, with a Chroma server too)."""
    return Path(home) / f"lexical-{collection}.sqlite3"


def remove_files(home: Path, collection: str) -> None:
    """Delete a collection's journal and index cache (rebuilt from Chroma when next needed), and the
    cache folder of the index that came before them."""
    path = index_path(home, collection)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    for old in (f"bm25-{collection}", f"lexical-{collection}.base"):
        shutil.rmtree(Path(home) / old, ignore_errors=True)
