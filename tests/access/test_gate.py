"""Who may log in and as what (rag/access/): RAG_AUTH and RAG_EDITORS, the users file (argon2), API keys
(hashed, revoked at once), and a served chat's login requirement fixed at its start."""

import pytest

from rag.access import keys, users
from rag.access.gate import Gate
from rag.access.roles import ANYONE, Who
from rag.core.config import Settings
from rag.core.errors import Forbidden, RagError, Unauthorized


def _gate(tmp_path, **settings) -> Gate:
    return Gate(Settings.from_env(env={}, home=tmp_path, **settings))


def test_rag_auth_users_are_admins_unless_editors_are_named(tmp_path):
    alone = _gate(tmp_path, auth="ann:pw1,bob:pw2")
    assert alone.password("ann", "pw1") == Who("ann", "admin") and alone.password("ann", "pw2") is None
    named = _gate(tmp_path, auth="ann:pw1,bob:pw2", editors="ann")
    assert named.password("ann", "pw1").role == "editor" and named.user("bob").role == "reader"
    with pytest.raises(Unauthorized, match="log in first"):
        named.user("mallory")


def test_the_users_file_keeps_an_argon2_hash_and_limits_collections(tmp_path):
    users.add(tmp_path, "dan", "dan-secret-1", "reader", ("articles",))
    stored = (tmp_path / users.FILE).read_text()
    assert "dan-secret-1" not in stored and "$argon2id$" in stored
    gate = _gate(tmp_path)
    dan = gate.password("dan", "dan-secret-1")
    assert dan == Who("dan", "reader", ("articles",)) and gate.password("dan", "wrong-secret") is None
    dan.check("read", "articles")
    with pytest.raises(Forbidden, match="^'dan' may not use collection 'sport'$"):
        dan.check("read", "sport")
    with pytest.raises(Forbidden, match=r"^'dan' \(reader\) may not add or remove articles or feeds$"):
        dan.check("write", "articles")
    with pytest.raises(RagError, match="at least 8 characters"):
        users.add(tmp_path, "eve", "short", "reader", ("*",))


def test_a_key_works_until_revoked(tmp_path):
    key = keys.add(tmp_path, "bot", "editor", ("*",))
    assert key not in (tmp_path / keys.FILE).read_text()
    gate = _gate(tmp_path)
    assert gate.key(key) == Who("key:bot", "editor")
    keys.remove(tmp_path, "bot")
    with pytest.raises(Unauthorized, match="not valid here"):
        gate.key(key)


def test_a_served_chat_keeps_needing_a_login_when_its_users_are_gone(tmp_path):
    users.add(tmp_path, "dan", "dan-secret-1", "admin", ("*",))
    exposed, local = _gate(tmp_path), _gate(tmp_path)
    assert exposed.require(exposed=True) and local.require(exposed=False)
    users.remove(tmp_path, "dan")
    assert exposed.login_needed() and local.login_needed()  # fixed at the start, not reopened
    with pytest.raises(Unauthorized, match="log in first"):
        exposed.user(None)
    assert _gate(tmp_path).user(None) == ANYONE  # a chat started now, on 127.0.0.1, needs none
