"""State files: small JSON documents (removed articles, followed feeds, a local server's end) read
whole and replaced atomically, so a reader never sees half a file and two writers never share a
temporary file."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from rag.core.errors import RagError

_KINDS = {dict: "object", list: "array"}


def read_json(path: Path, default, strict: bool = False, expect: type | None = None):
    """The JSON document at ``path``; ``default`` when there is none. A file that can't be read or
    parsed, or whose document is not an ``expect`` (dict: a JSON object, list: an array), gives
    ``default`` too, or with ``strict`` a one-line RagError naming the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else default
    except (OSError, ValueError) as e:
        problem = str(e)
    else:
        if expect is None or isinstance(data, expect):
            return data
        problem = f"not a JSON {_KINDS.get(expect, expect.__name__)} (fix or move the file aside)"
    if strict:
        raise RagError(f"cannot read {path}: {problem}")
    return default


def write_json(path: Path, data, indent: int | None = None) -> None:
    """Replace ``path`` with ``data`` as JSON: written to a temporary file of this writer's own in the
    same folder, flushed to disk, then renamed over it; RagError (one line) when that fails, the
    TypeError of a value JSON has no form for as it is. Either way ``path`` is left as it was."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=indent)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as e:
        raise RagError(f"cannot write {path}: {e.strerror or e}") from None
    finally:  # whatever failed (a full disk, a value JSON can't hold), no temporary file is left behind
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
