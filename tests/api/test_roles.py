"""Who may do what over the API (issue 27): every /v1 endpoint against every role, logged in with a
password (Basic) or an API key (Bearer), on one real ``rag serve`` process whose users, keys and second
collection were made with the ``rag`` command beforehand. Also gradio_client's refusal of a reader's
add/remove, a key revoked while the server runs, and that no password or hash is ever printed."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

from tests.support.corpus import CORPUS
from tests.support.server import add_feed, error_of, rag_cli, rag_server
from tests.support.web_server import WebServer

LOAN = "How much would the EU loan to Ukraine be?"
USERS = {  # name: (role, password, --collections)
    "ann": ("reader", "ann-reads-7Q!x", None),
    "bob": ("editor", "bob-edits-4W#y", None),
    "cat": ("admin", "cat-rules-9E$z", None),
    "dan": ("reader", "dan-only-2R%w", "articles"),
}
KEY_ROLES = {"reader-key": "reader", "editor-key": "editor", "admin-key": "admin", "temp-key": "reader"}
LOGIN = {"reader": "ann", "editor": "bob", "admin": "cat"}
RANK = {"reader": 1, "editor": 2, "admin": 3}
PRINCIPALS = ["none", "reader-basic", "reader-key", "editor-basic", "editor-key", "admin-basic", "admin-key"]
FEED_STORY = [
    "The ferry between Hallby and Ostervik was cancelled on Monday after gales of 90 kilometres an hour "
    "swept the strait and waves reached four metres at the harbour mouth.",
    "The operator said the first crossing would leave Hallby at seven on Tuesday morning if the wind eased "
    "overnight, and that tickets for cancelled trips would be refunded in full.",
]


def basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@dataclass
class Site:
    url: str
    home: object
    keys: dict[str, str]
    feed: str
    doomed_feed: str

    def headers(self, who: str) -> dict[str, str]:
        if who == "none":
            return {}
        role, how = who.split("-")
        if how == "basic":
            return basic(LOGIN[role], USERS[LOGIN[role]][1])
        return bearer(self.keys[f"{role}-key"])

    def call(self, who: str, method: str, path: str, **kwargs) -> httpx.Response:
        return httpx.request(method, self.url + path, headers=self.headers(who), timeout=120, **kwargs)

    def admin(self, method: str, path: str, **kwargs) -> httpx.Response:
        r = self.call("admin-key", method, path, **kwargs)
        assert r.status_code < 300, (method, path, r.status_code, r.text)
        return r


def make_users_and_keys(home) -> dict[str, str]:
    """The users (passwords on stdin) and API keys, made with the ``rag`` command: the users file and
    the keys file are different files, so their two sequences run side by side."""
    keys: dict[str, str] = {}
    problems: list[BaseException] = []

    def users():
        for name, (role, password, collections) in USERS.items():
            extra = ["--collections", collections] if collections else []
            rag_cli(home, "users", "add", name, "--role", role, *extra, stdin=password + "\n")

    def api_keys():
        for name, role in KEY_ROLES.items():
            out = rag_cli(home, "keys", "add", name, "--role", role)
            lines = out.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("rag-"), out
            keys[name] = lines[0]

    def guarded(job):
        try:
            job()
        except BaseException as e:  # re-raised in the test's thread below
            problems.append(e)

    threads = [threading.Thread(target=guarded, args=(job,)) for job in (users, api_keys)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if problems:
        raise problems[0]
    return keys


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    home = tmp_path_factory.mktemp("roles") / "home"
    rag_cli(home, "collections", "create", "sport")
    keys = make_users_and_keys(home)
    with WebServer() as web, rag_server(home, CORPUS) as url:
        feed = add_feed(web, "/gales.xml", "Gales cancel the Hallby ferry", FEED_STORY)
        doomed = add_feed(web, "/doomed.xml", "Gales cancel the Hallby ferry again", FEED_STORY[::-1])
        yield Site(url=url, home=home, keys=keys, feed=feed, doomed_feed=doomed)


# --- the table ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One endpoint: ``need`` is the least role allowed; ``make(site, tag)`` does any setup (as admin)
    and returns the request's path and keyword arguments; an allowed call answers ``ok``."""

    name: str
    method: str
    need: str
    make: Callable[[Site, str], tuple[str, dict]]
    ok: int = 200


def _paste(site: Site, tag: str):
    story = {
        "title": f"Access note written by {tag}",
        "text": f"This note about access was written by {tag}.",
    }
    return "/v1/articles", {"json": {"text": story}}


def _remove(site: Site, tag: str):
    title = f"Article to be removed by {tag}"
    site.admin("POST", "/v1/articles", json={"text": {"title": title, "text": f"Removal check for {tag}."}})
    listed = site.admin("GET", "/v1/articles", params={"limit": 500}).json()["articles"]
    (article_id,) = [a["id"] for a in listed if a["title"] == title]
    return f"/v1/articles/{article_id}", {}


def _unfollow(site: Site, tag: str):
    site.admin("POST", "/v1/feeds", json={"url": site.doomed_feed})
    return "/v1/feeds", {"params": {"url": site.doomed_feed}}


def _drop_collection(site: Site, tag: str):
    name = f"doomed-{tag}"
    site.admin("POST", "/v1/collections", json={"name": name})
    return f"/v1/collections/{name}", {}


CASES = [
    Case("ask", "POST", "reader", lambda s, t: ("/v1/ask", {"json": {"question": LOAN}})),
    Case("search", "GET", "reader", lambda s, t: ("/v1/search", {"params": {"q": "EU loan"}})),
    Case("list-articles", "GET", "reader", lambda s, t: ("/v1/articles", {})),
    Case("stats", "GET", "reader", lambda s, t: ("/v1/stats", {})),
    Case("list-feeds", "GET", "reader", lambda s, t: ("/v1/feeds", {})),
    Case("list-collections", "GET", "reader", lambda s, t: ("/v1/collections", {})),
    Case("models", "GET", "reader", lambda s, t: ("/v1/models", {})),
    Case(
        "chat-completions",
        "POST",
        "reader",
        lambda s, t: (
            "/v1/chat/completions",
            {
                "json": {
                    "model": "articles:extractive",
                    "messages": [{"role": "user", "content": LOAN}],
                }
            },
        ),
    ),  # fmt: skip
    Case("add-article", "POST", "editor", _paste),
    Case("remove-article", "DELETE", "editor", _remove),
    Case("follow-feed", "POST", "editor", lambda s, t: ("/v1/feeds", {"json": {"url": s.feed}})),
    Case("unfollow-feed", "DELETE", "editor", _unfollow),
    Case(
        "create-collection",
        "POST",
        "admin",
        lambda s, t: ("/v1/collections", {"json": {"name": f"made-by-{t}"}}),
        ok=201,
    ),  # fmt: skip
    Case("delete-collection", "DELETE", "admin", _drop_collection),
]


@pytest.mark.parametrize("who", PRINCIPALS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_who_may_do_what(site, case, who):
    path, kwargs = case.make(site, who)
    r = site.call(who, case.method, path, **kwargs)
    if who == "none":
        error_of(r, 401, "unauthorized")
        return
    role, how = who.split("-")
    if RANK[role] >= RANK[case.need]:
        assert r.status_code not in (401, 403), r.text
        assert r.status_code == case.ok, (r.status_code, r.text)
        assert r.headers["content-type"].startswith("application/json"), r.headers
    else:
        message = error_of(r, 403, "forbidden")
        assert "may not" in message, message
        if how == "basic":
            assert LOGIN[role] in message, message


def test_a_reader_cannot_remove_what_it_sees(site):
    """Refused means nothing happened: the article is still listed after a reader's removal."""
    listed = site.call("reader-basic", "GET", "/v1/articles").json()["articles"]
    target = listed[0]
    message = error_of(site.call("reader-basic", "DELETE", f"/v1/articles/{target['id']}"), 403, "forbidden")
    assert "'ann' (reader) may not add or remove articles" in message, message
    again = site.call("reader-key", "GET", "/v1/articles", params={"limit": 500}).json()["articles"]
    assert target["id"] in [a["id"] for a in again]


@pytest.mark.parametrize(
    "headers",
    [
        basic("ann", "wrong password"),
        basic("nobody", "ann-reads-7Q!x"),
        basic("ann", ""),
        bearer("rag-not-a-key"),
        {"Authorization": "Bearer"},
        {"Authorization": "Basic !!!not base64"},
        {"Authorization": "Token abc"},
    ],
    ids=[
        "wrong password",
        "unknown user",
        "empty password",
        "unknown key",
        "empty key",
        "bad base64",
        "scheme",
    ],
)
def test_bad_credentials_are_401(site, headers):
    error_of(httpx.get(f"{site.url}/v1/stats", headers=headers, timeout=60), 401, "unauthorized")


# --- collections per user -------------------------------------------------------------------------


def test_a_reader_limited_to_articles_may_not_use_sport(site):
    dan = basic("dan", USERS["dan"][1])
    r = httpx.post(
        f"{site.url}/v1/ask", headers=dan, json={"question": LOAN, "collection": "sport"}, timeout=60
    )
    message = error_of(r, 403, "forbidden")
    assert "'dan' may not use collection 'sport'" in message, message
    r = httpx.get(
        f"{site.url}/v1/search", headers=dan, params={"q": "loan", "collection": "sport"}, timeout=60
    )
    error_of(r, 403, "forbidden")
    r = httpx.get(f"{site.url}/v1/stats", headers=dan, params={"collection": "sport"}, timeout=60)
    error_of(r, 403, "forbidden")

    r = httpx.post(f"{site.url}/v1/ask", headers=dan, json={"question": LOAN}, timeout=60)
    assert r.status_code == 200 and "€90 billion" in r.json()["text"], r.text
    listed = httpx.get(f"{site.url}/v1/collections", headers=dan, timeout=60).json()
    assert [c["name"] for c in listed["collections"]] == ["articles"], listed
    models = [m["id"] for m in httpx.get(f"{site.url}/v1/models", headers=dan, timeout=60).json()["data"]]
    assert "articles" in models and not [m for m in models if m.startswith("sport")], models
    r = httpx.post(
        f"{site.url}/v1/chat/completions",
        headers=dan,
        json={"model": "sport", "messages": [{"role": "user", "content": LOAN}]},
        timeout=60,
    )
    assert r.status_code in (403, 404), r.text
    error_of(r, r.status_code)


def test_an_unlimited_reader_may_use_sport(site):
    ann = basic("ann", USERS["ann"][1])
    names = [
        c["name"]
        for c in httpx.get(f"{site.url}/v1/collections", headers=ann, timeout=60).json()["collections"]
    ]
    assert {"articles", "sport"} <= set(names), names
    r = httpx.post(
        f"{site.url}/v1/ask", headers=ann, json={"question": LOAN, "collection": "sport"}, timeout=60
    )
    assert r.status_code == 200 and r.json()["abstained"] is True, r.text  # sport has no articles
    models = [m["id"] for m in httpx.get(f"{site.url}/v1/models", headers=ann, timeout=60).json()["data"]]
    assert {"articles", "articles:extractive", "sport", "sport:extractive"} <= set(models), models


# --- keys -----------------------------------------------------------------------------------------


def test_a_removed_key_is_refused_without_a_restart(site):
    key = site.keys["temp-key"]
    assert httpx.get(f"{site.url}/v1/stats", headers=bearer(key), timeout=60).status_code == 200
    rag_cli(site.home, "keys", "remove", "temp-key")
    error_of(httpx.get(f"{site.url}/v1/stats", headers=bearer(key), timeout=60), 401, "unauthorized")
    assert "temp-key" not in rag_cli(site.home, "keys", "list")
    assert (
        httpx.get(f"{site.url}/v1/stats", headers=bearer(site.keys["reader-key"]), timeout=60).status_code
        == 200
    )


def test_keys_are_stored_hashed_and_listed_without_the_key(site):
    listing = rag_cli(site.home, "keys", "list")
    stored = (site.home / "keys.json").read_text(encoding="utf-8")
    json.loads(stored)
    for name in KEY_ROLES:
        assert site.keys[name] not in listing and site.keys[name] not in stored
        assert site.keys[name].removeprefix("rag-") not in stored
        if name != "temp-key":
            assert name in listing, listing
    assert len(set(site.keys.values())) == len(site.keys)  # every key its own


# --- users ----------------------------------------------------------------------------------------


def test_users_list_never_shows_a_password_or_hash(site):
    proc_out = rag_cli(site.home, "users", "list")
    stored = (site.home / "users.json").read_text(encoding="utf-8")
    for name, (_role, password, _) in USERS.items():
        assert name in proc_out and password not in proc_out, proc_out
        assert password not in stored
    assert "argon2" in stored  # hashed with argon2, as the contract says
    assert "argon2" not in proc_out, proc_out
    for line in stored.split('"'):  # nothing stored shows up in the listing but names, roles, collections
        if line.startswith("$"):
            assert line not in proc_out


# --- gradio_client --------------------------------------------------------------------------------


def test_gradio_client_refuses_a_readers_add_and_remove(site, tmp_path):
    client = Client(site.url + "/", auth=("ann", USERS["ann"][1]), verbose=False)
    doc = tmp_path / "note.txt"
    doc.write_text("Title: Reader's note\n\nA reader tried to add this note about harbour cranes.\n")
    with pytest.raises(AppError, match="may not add or remove articles"):
        client.predict([handle_file(str(doc))], api_name="/ingest")
    listed = site.call("admin-key", "GET", "/v1/articles", params={"limit": 500}).json()["articles"]
    assert "Reader's note" not in [a["title"] for a in listed]
    target = listed[0]["id"]
    with pytest.raises(AppError, match="may not add or remove articles"):
        client.predict([target], None, api_name="/remove")
    after = site.call("admin-key", "GET", "/v1/articles", params={"limit": 500}).json()["articles"]
    assert target in [a["id"] for a in after]
