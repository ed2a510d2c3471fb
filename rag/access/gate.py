"""Logging in and telling who a request is: RAG_AUTH's users, the users file, API keys.

``RAG_AUTH=user:password[,...]`` is the single-user case: its users are admins, unless RAG_EDITORS is
set, which makes the users it names editors and the others readers. With neither RAG_AUTH nor a user
in the users file, no login is needed and whoever reaches the chat (on 127.0.0.1) is an admin.
"""

from __future__ import annotations

import hmac

from rag.access import keys, users
from rag.access.roles import ANYONE, Who
from rag.core.config import Settings
from rag.core.errors import RagError, Unauthorized


class Gate:
    """Who may log in and with what role, read afresh on each call (a revoked key stops at once)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.home = settings.home
        self.required: bool | None = None  # fixed by require() when serving starts

    def login_needed(self) -> bool:
        """Whether requests must log in: as fixed when serving started, else whether anyone may."""
        if self.required is not None:
            return self.required
        return bool(self.settings.auth) or bool(users.load(self.home))

    def require(self, exposed: bool) -> bool:
        """Fix, for as long as the server runs, whether a login is needed: on a chat served beyond
        localhost always (removing every user must not open it), else when any user exists then.
        A user added later to an open chat takes effect at the next start (it says so)."""
        self.required = None
        self.required = exposed or self.login_needed()
        return self.required

    def login(self, name: str, password: str) -> bool:
        """Gradio's check of the login form."""
        return self.password(name, password) is not None

    def password(self, name: str, password: str) -> Who | None:
        """The user ``name`` if ``password`` is theirs (RAG_AUTH first, then the users file)."""
        for user, secret in pairs(self.settings.auth):
            if user == name:
                users.pace(password)  # as long as a users-file check: no telling which names exist
                same = hmac.compare_digest(secret.encode(), password.encode())
                return self._from_auth(name) if same else None
        return users.verify(self.home, name, password)

    def user(self, name: str | None) -> Who:
        """A logged-in user (by the name Gradio gives); with no login configured, anyone."""
        if not self.login_needed():
            return ANYONE
        if name and any(user == name for user, _ in pairs(self.settings.auth)):
            return self._from_auth(name)
        entry = users.load(self.home).get(name or "")
        if not entry:
            raise Unauthorized("log in first")
        return users.who(name, entry)

    def key(self, key: str) -> Who:
        """The holder of an API key; Unauthorized for a wrong or revoked one."""
        found = keys.verify(self.home, key)
        if found is None:
            raise Unauthorized("this API key is not valid here (wrong, or revoked)")
        return found

    def _from_auth(self, name: str) -> Who:
        editors = {u.strip() for u in self.settings.editors.split(",") if u.strip()}
        if not editors:
            return Who(name, "admin")
        return Who(name, "editor" if name in editors else "reader")


def pairs(raw: str | None) -> list[tuple[str, str]]:
    """RAG_AUTH as (user, password) pairs; RagError when it is not user:password[,user:password]."""
    if not raw:
        return []
    found = [p.split(":", 1) for p in raw.split(",") if p.strip()]
    if any(len(p) != 2 or not p[0] or not p[1] for p in found):
        raise RagError("RAG_AUTH must be user:password pairs separated by commas")
    return [(u, pw) for u, pw in found]
