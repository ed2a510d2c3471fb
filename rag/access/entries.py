"""A file of named entries (users.json, keys.json): read whole, replaced atomically."""

from __future__ import annotations

from pathlib import Path

from rag.core.errors import NotFound
from rag.core.state import read_json, write_json


def load(path: Path) -> dict[str, dict]:
    """Every entry by name ({} when there is no file); RagError naming a damaged file."""
    return read_json(path, {}, strict=True, expect=dict)


def save(path: Path, entries: dict[str, dict]) -> None:
    write_json(path, entries, indent=1)


def remove(path: Path, name: str, what: str) -> None:
    """Remove entry ``name``: NotFound, naming ``rag {what}s list``, when there is none."""
    found = load(path)
    if name not in found:
        raise NotFound(f"no {what} {name!r} (see: rag {what}s list)")
    del found[name]
    save(path, found)
