"""API keys for programs (``Authorization: Bearer``, ``rag keys``), in ``<home>/keys.json``: name ->
role, collections and the SHA-256 of the key. A key is 256 random bits, so a fast hash is enough (a
password needs argon2 because people choose guessable ones); it is shown once, when made."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from pathlib import Path

from rag.access import entries
from rag.access.roles import Who, role
from rag.access.users import check_name
from rag.core.errors import RagError

FILE = "keys.json"
PREFIX = "rag-"


def load(home: Path) -> dict[str, dict]:
    """Every key: name -> {"role", "collections", "sha256", "created"}."""
    return entries.load(Path(home) / FILE)


def add(home: Path, name: str, grade: str, collections: tuple[str, ...]) -> str:
    """Make key ``name`` (RagError if it exists); the key itself, which is not kept."""
    check_name(name)
    found = load(home)
    if name in found:
        raise RagError(f"a key named {name!r} exists: remove it first (rag keys remove {name})")
    key = PREFIX + secrets.token_urlsafe(32)
    found[name] = {
        "role": role(grade), "collections": list(collections), "sha256": _digest(key),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }  # fmt: skip
    entries.save(Path(home) / FILE, found)
    return key


def remove(home: Path, name: str) -> None:
    """Revoke key ``name``: the file is read on every request, so it stops working at once."""
    entries.remove(Path(home) / FILE, name, "key")


def verify(home: Path, key: str) -> Who | None:
    """Who ``key`` belongs to, None if it is no key of this home (or was revoked)."""
    digest = _digest(key)
    for name, entry in load(home).items():
        if hmac.compare_digest(entry.get("sha256", ""), digest):
            return Who(f"key:{name}", entry["role"], tuple(entry.get("collections") or ["*"]))
    return None


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()
