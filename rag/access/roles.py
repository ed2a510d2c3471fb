"""Roles and what each may do: a reader asks and keeps their own conversations, an editor also adds and
removes articles and feeds, an admin also creates and deletes collections. Each user or key may be
limited to some collections."""

from __future__ import annotations

from dataclasses import dataclass

from rag.core.config import check_collection
from rag.core.errors import Forbidden, RagError

ROLES = ("reader", "editor", "admin")  # each may do what the ones before it may
NEEDS = {"read": "reader", "write": "editor", "admin": "admin"}  # action -> the lowest role allowed
DOING = {"write": "add or remove articles or feeds", "admin": "create or delete collections"}
EVERY = "*"


@dataclass(frozen=True)
class Who:
    """A user or API key as a request presents it: ``name`` ("" when nobody logged in), role, and the
    collections it may use (``("*",)``: all)."""

    name: str
    role: str
    collections: tuple[str, ...] = (EVERY,)

    def may(self, action: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(NEEDS[action])

    def uses(self, collection: str) -> bool:
        return EVERY in self.collections or collection in self.collections

    def check(self, action: str, collection: str | None = None) -> None:
        """Forbidden (one line) unless this user may do ``action`` (read, write, admin) in ``collection``."""
        who = repr(self.name) if self.name else "this user"
        if not self.may(action):
            raise Forbidden(f"{who} ({self.role}) may not {DOING[action]}")
        if collection is not None and not self.uses(collection):
            raise Forbidden(f"{who} may not use collection {collection!r}")


ANYONE = Who("", "admin")  # no login configured: the chat serves this machine alone (127.0.0.1)


def role(raw: object) -> str:
    """``raw`` if it names a role, else RagError listing them."""
    if raw not in ROLES:
        raise RagError(f"a role is one of {', '.join(ROLES)}, got {str(raw)[:40]!r}")
    return str(raw)


def collections(raw: str | None) -> tuple[str, ...]:
    """``--collections a,b`` as a tuple; empty or ``*``: every collection."""
    names = [n.strip() for n in (raw or "").split(",") if n.strip()]
    if not names or EVERY in names:
        return (EVERY,)
    return tuple(check_collection(n) for n in names)
