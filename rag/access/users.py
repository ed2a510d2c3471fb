"""The users file (``<home>/users.json``, ``rag users``): name -> role, collections and an argon2 hash
of the password (argon2-cffi's defaults, the RFC 9106 low-memory profile). A password is never stored
or shown."""

from __future__ import annotations

import re
import threading
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from rag.access import entries
from rag.access.roles import Who, role
from rag.core.errors import RagError

FILE = "users.json"
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
MIN_PASSWORD = 8
_hasher = PasswordHasher()
# Each check costs ~64 MiB and ~50 ms by design: a flood of logins must not take the machine's memory
_checks = threading.BoundedSemaphore(2)


def load(home: Path) -> dict[str, dict]:
    """Every user: name -> {"role", "collections", "hash"} ({} when there is no file)."""
    return entries.load(Path(home) / FILE)


def check_name(name: str) -> str:
    if not NAME.fullmatch(name or ""):
        raise RagError(f"a user name has 1-64 letters, digits, . _ @ or -, got {str(name)[:40]!r}")
    return name


def add(home: Path, name: str, password: str, grade: str, collections: tuple[str, ...]) -> bool:
    """Add user ``name`` or replace their password, role and collections; True when new."""
    check_name(name)
    if len(password) < MIN_PASSWORD:
        raise RagError(f"a password needs at least {MIN_PASSWORD} characters")
    found = load(home)
    new = name not in found
    found[name] = {"role": role(grade), "collections": list(collections), "hash": _hasher.hash(password)}
    entries.save(Path(home) / FILE, found)
    return new


def remove(home: Path, name: str) -> None:
    entries.remove(Path(home) / FILE, name, "user")


def verify(home: Path, name: str, password: str) -> Who | None:
    """The user if ``password`` is theirs, else None."""
    entry = load(home).get(name)
    if not entry:
        pace(password)  # the same time as a wrong password: no telling which names exist
        return None
    try:
        with _checks:
            _hasher.verify(entry["hash"], password)
    except (VerificationError, InvalidHashError):
        return None
    return who(name, entry)


def pace(password: str) -> None:
    """Spend what checking a password costs, on nothing (for a name with no hash to check)."""
    with _checks:
        _hasher.hash(password)


def who(name: str, entry: dict) -> Who:
    return Who(name, entry["role"], tuple(entry.get("collections") or ["*"]))
