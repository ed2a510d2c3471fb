"""Where the chat keeps what users give it: uploaded files and pasted text, as files in
$RAG_HOME/uploads that the indexer reads like any other (and ``rag reindex`` reads again)."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from rag.core.errors import RagError


def store(folder: Path, data: bytes, name: str) -> Path:
    """Write ``data`` to uploads as ``<safe stem>-<content hash><suffix>``: uploads that share a
    name (from two folders, two pasted titles) never overwrite each other, and the name is never
    a path or hidden. The same content again lands on the same file (and is then unchanged)."""
    folder.mkdir(parents=True, exist_ok=True)
    given = Path(name)
    stem = re.sub(r"[^\w-]+", "_", given.stem).strip("._")[:80] or "upload"
    suffix = re.sub(r"[^\w.]+", "", given.suffix.lower())
    target = folder / f"{stem}-{hashlib.sha256(data).hexdigest()[:10]}{suffix}"
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        if not target.exists():
            tmp.write_bytes(data)
            os.replace(tmp, target)  # never a half-written upload under its final name
    except OSError as e:  # a full disk, a read-only home
        tmp.unlink(missing_ok=True)
        raise RagError(f"cannot save {given.name} in {folder}: {e.strerror or e}") from None
    return target
