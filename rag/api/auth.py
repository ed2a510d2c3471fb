"""Who a /v1 request is: an API key (``Authorization: Bearer``), a user's password (``Basic``), or,
when the server needs no login (no RAG_AUTH, no users: it serves this machine alone), anyone."""

from __future__ import annotations

import base64
import binascii

from fastapi import Request

from rag.access.roles import ANYONE, Who
from rag.core.errors import Unauthorized

ASK = "send Authorization: Bearer <API key> (rag keys add) or Basic user:password"


def caller(request: Request) -> Who:
    """The FastAPI dependency: who sent ``request``; Unauthorized (401) when nobody it knows did."""
    gate = request.app.state.chat.gate
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    scheme, value = scheme.lower(), value.strip()
    needed = gate.login_needed()
    if scheme == "bearer" and value:
        if not needed and not _known(gate, value):  # an open server: clients that must send a key work
            return ANYONE
        return gate.key(value)
    if scheme == "basic" and value:
        try:
            name, _, password = base64.b64decode(value, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            raise Unauthorized(f"Authorization: Basic must be base64 of user:password; {ASK}") from None
        who = gate.password(name, password)
        if who is None:
            raise Unauthorized("wrong user name or password")
        return who
    if needed:
        raise Unauthorized(f"this server needs a login: {ASK}")
    return ANYONE


def _known(gate, key: str) -> bool:
    try:
        gate.key(key)
        return True
    except Unauthorized:
        return False
