"""The REST API under /v1 (issue 27), over HTTP against one real ``rag serve`` process whose home has
corpus/ (the Ukraine peace talks article) synced. No login is configured: a request without
Authorization acts as admin on every collection."""

import json
import re

import httpx
import pytest

from tests.support.corpus import CORPUS
from tests.support.server import add_feed, error_of, json_events, rag_cli, rag_server, sse_events
from tests.support.web_server import WebServer

LOAN = "How much would the EU loan to Ukraine be?"
WORLD_CUP = "Who won the 1998 football World Cup?"
ANSWER_KEYS = {
    "text", "short", "kind", "citations", "unsupported", "reasons", "abstained", "model", "question", "note",
    "closest", "figures", "dates", "flags", "fallback",
}  # fmt: skip
CITATION_KEYS = {
    "n", "title", "source", "date", "url", "quote", "page", "article_id", "chunk_id", "text", "author",
    "also",
}  # fmt: skip
ERROR_TYPES = {"invalid_request", "unauthorized", "forbidden", "not_found", "too_large", "server_error"}

# Made-up stories: nothing in corpus/ says any of this.
HARBOUR = {
    "title": "Vellmora harbour reopens after storm repairs",
    "text": "The harbour of Vellmora reopened to cargo ships on 14 March 2025 after eighteen months of "
    "repairs to its storm-damaged breakwater. Harbour master Ilse Brandvik said the first vessel to enter "
    "was the ferry Nordlys, carrying 212 passengers. The repairs cost 41 million euros, paid by the "
    "regional council.",
    "source": "Coastal Courier",
    "date": "2025-03-15",
}
HARBOUR_QUESTION = "When did the harbour of Vellmora reopen to cargo ships?"
OLDER = {
    "title": "Larchmoor beekeepers count a record honey harvest",
    "text": "Beekeepers in Larchmoor counted a record honey harvest of 38 tonnes this season, helped by a "
    "warm spring and late-flowering heather on the moor.",
    "source": "Moorland Post",
    "date": "2019-03-01",
}
NEWER = {
    "title": "Larchmoor orchard festival draws crowds",
    "text": "The Larchmoor orchard festival drew nine thousand visitors, who tasted forty kinds of cider "
    "apple and watched the annual pruning contest.",
    "source": "Moorland Post",
    "date": "2019-03-02",
}
WHALES = (
    "whales.txt",
    "Title: Saltby museum opens a gallery of glass whales\n\nThe Tidewater museum in Saltby opened a gallery "
    "of glass whales on Saturday. The glass artist Oona Verhoef spent six years blowing the 27 life-size "
    "sculptures, the largest of them a blue whale made of 4,000 glass panes.\n",
)
TRAMS = (
    "trams.md",
    "# Brenholt tram line reaches the airport\n\nThe Brenholt tram line was extended to the airport on "
    "Monday, adding seven stops and cutting the trip from the old town to 22 minutes.\n",
)
LIGHTHOUSE = "Skarholm lighthouse keeper retires after forty years"
LIGHTHOUSE_TEXT = [
    "Agnes Lind, the keeper of the Skarholm lighthouse, retired on Friday after forty years of tending its "
    "lamp on the rocky island at the mouth of the fjord.",
    "She climbed the 143 steps of the tower every evening and kept a logbook of every passing ship, which "
    "the town museum will now put on display for visitors.",
]
HAILSTORM = {
    "title": "Hailstorm flattens vineyards in the Corvina valley",
    "text": "A hailstorm flattened vineyards across the Corvina valley on Tuesday, destroying about a third "
    "of this year's grape harvest days before picking was due to start.",
    "source": "Valley Herald",
    "date": "2025-09-02",
}


@pytest.fixture(scope="module")
def web():
    with WebServer() as server:
        yield server


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """The server's home, holding one reader's API key (keys alone configure no login)."""
    return tmp_path_factory.mktemp("rest") / "home"


@pytest.fixture(scope="module")
def reader_key(home):
    key = rag_cli(home, "keys", "add", "viewer", "--role", "reader").strip()
    assert key.startswith("rag-") and "\n" not in key, key
    return key


@pytest.fixture(scope="module")
def api(home, reader_key):
    """A client of the one real server of this module (uploads capped at 1 MB to test the cap)."""
    with (
        rag_server(home, CORPUS, env={"RAG_MAX_UPLOAD_MB": "1"}) as url,
        httpx.Client(base_url=url, timeout=120) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def paged(api):
    """Two more articles, one day apart, so the list has pages and an order to check."""
    for story in (OLDER, NEWER):
        r = api.post("/v1/articles", json={"text": story})
        assert r.status_code == 200, r.text
        assert r.json()["added"] == [story["title"]], r.text
    return api


def ask(api, question, **fields) -> dict:
    r = api.post("/v1/ask", json={"question": question, **fields})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json"), r.headers
    return r.json()


def titles_cited(answer: dict) -> list[str]:
    return [c["title"] for c in answer["citations"]]


def article_list(api, **params) -> dict:
    r = api.get("/v1/articles", params={"limit": 500, **params})
    assert r.status_code == 200, r.text
    return r.json()


def search(api, q, **params) -> list[dict]:
    r = api.get("/v1/search", params={"q": q, **params})
    assert r.status_code == 200, r.text
    return r.json()["hits"]


# --- /v1/ask --------------------------------------------------------------------------------------


def test_ask_answers_with_cited_quotes(api):
    answer = ask(api, LOAN)
    assert set(answer) >= ANSWER_KEYS, set(answer) ^ ANSWER_KEYS
    assert answer["abstained"] is False
    assert answer["question"] == LOAN
    assert "€90 billion" in answer["text"] and "[1]" in answer["text"], answer["text"]
    assert answer["citations"], answer
    first = answer["citations"][0]
    assert set(first) >= CITATION_KEYS, set(first) ^ CITATION_KEYS
    assert first["n"] == 1
    assert first["title"] == "Ukraine peace talks"
    assert "€90 billion" in first["quote"] and first["quote"] in first["text"], first
    assert isinstance(first["article_id"], str) and first["article_id"]
    assert isinstance(answer["unsupported"], list) and isinstance(answer["reasons"], dict)


def test_ask_abstains_when_the_articles_do_not_say(api):
    answer = ask(api, WORLD_CUP)
    assert answer["abstained"] is True, answer["text"]
    assert answer["citations"] == []
    assert "[1]" not in answer["text"]


def test_ask_follow_up_uses_the_history(api):
    """'How big would that loan be?' alone says nothing to go on; after a question about the
    Commission's announcement it is about the €90 billion loan."""
    first = "What did the European Commission announce about Ukraine?"
    said = ask(api, first)
    assert "€90 billion" in said["text"], said["text"]
    assert ask(api, "How big would that loan be?")["abstained"] is True
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": said["text"]}]
    follow = ask(api, "How big would that loan be?", history=history)
    assert follow["abstained"] is False and "€90 billion" in follow["text"], follow["text"]


def test_ask_streams_text_events_then_one_answer(api):
    plain = ask(api, LOAN)
    with api.stream("POST", "/v1/ask", json={"question": LOAN, "stream": True}) as r:
        assert r.status_code == 200, r.read()
        assert r.headers["content-type"].startswith("text/event-stream"), r.headers
        events = json_events(sse_events(r))
    names = [name for name, _ in events]
    assert names[-1] == "answer" and names.count("answer") == 1, names
    assert names[:-1] and set(names[:-1]) == {"text"}, names
    pieces = [data for _, data in events[:-1]]
    assert all(set(p) == {"text"} and isinstance(p["text"], str) for p in pieces), pieces
    assert "".join(p["text"] for p in pieces).strip()
    final = events[-1][1]
    assert set(final) == set(plain)
    for key in ("text", "citations", "abstained", "kind", "unsupported", "question"):
        assert final[key] == plain[key], key


def test_ask_question_over_the_cap_is_400(api):
    r = api.post("/v1/ask", json={"question": "a" * 2001})
    message = error_of(r, 400, "invalid_request")
    assert "too long" in message, message
    assert ask(api, "How much would the EU loan to Ukraine be? " + " " * 1900)["abstained"] is False


def test_ask_with_a_model_not_offered_is_400(api):
    r = api.post("/v1/ask", json={"question": LOAN, "model": "no-such-model"})
    message = error_of(r, 400, "invalid_request")
    assert "no-such-model" in message, message


@pytest.mark.parametrize(
    "body",
    [{}, {"question": 5}, {"question": LOAN, "history": "not a list"}, {"question": LOAN, "stream": "yes!"}],
    ids=["no question", "a number", "history a string", "stream a string"],
)
def test_ask_malformed_body_is_422_json(api, body):
    error_of(api.post("/v1/ask", json=body), 422, "invalid_request")


def test_ask_body_that_is_not_json_is_an_error_json(api):
    r = api.post("/v1/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code in (400, 422), r.text
    error_of(r, r.status_code, "invalid_request")


# --- /v1/search -----------------------------------------------------------------------------------


def test_search_returns_hits(api):
    hits = search(api, "EU loan to Ukraine", k=3)
    assert 1 <= len(hits) <= 3, hits
    assert {"chunk_id", "article_id", "title", "source", "date", "url", "text", "score"} <= set(hits[0])
    assert any("€90 billion" in h["text"] for h in hits), hits
    assert hits[0]["title"] == "Ukraine peace talks"
    assert isinstance(hits[0]["score"], int | float)
    assert search(api, "EU loan to Ukraine", source="No Such Outlet") == []


def test_search_without_a_query_is_422(api):
    error_of(api.get("/v1/search"), 422, "invalid_request")


# --- /v1/articles ---------------------------------------------------------------------------------


def test_articles_page_newest_first(paged):
    full = article_list(paged)
    assert full["total"] == len(full["articles"]) >= 3, full
    assert full["offset"] == 0 and full["limit"] == 500
    for a in full["articles"]:
        assert {"id", "title", "source", "date"} <= set(a), a
    titles = [a["title"] for a in full["articles"]]
    assert titles.index(NEWER["title"]) < titles.index(OLDER["title"]), titles
    dates = [a["date"] for a in full["articles"] if a["date"]]
    assert dates == sorted(dates, reverse=True), dates

    page = paged.get("/v1/articles", params={"offset": 1, "limit": 1}).json()
    assert page == {"total": full["total"], "offset": 1, "limit": 1, "articles": full["articles"][1:2]}
    rest = paged.get("/v1/articles", params={"offset": 2, "limit": 500}).json()
    assert rest["articles"] == full["articles"][2:] and rest["total"] == full["total"]
    beyond = paged.get("/v1/articles", params={"offset": full["total"] + 5}).json()
    assert beyond["articles"] == [] and beyond["total"] == full["total"]
    default = paged.get("/v1/articles").json()
    assert default["offset"] == 0 and default["limit"] == 50


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 501}, {"offset": -1}, {"limit": "many"}])
def test_articles_paging_out_of_range_is_422(api, params):
    error_of(api.get("/v1/articles", params=params), 422, "invalid_request")


def test_pasted_article_is_cited_then_removed(api):
    r = api.post("/v1/articles", json={"text": HARBOUR})
    assert r.status_code == 200, r.text
    report = r.json()
    assert {"added", "updated", "skipped", "failed", "summary", "passages"} <= set(report), report
    assert report["added"] == [HARBOUR["title"]] and report["failed"] == [], report
    assert report["passages"] >= 1 and isinstance(report["summary"], str) and report["summary"]

    answer = ask(api, HARBOUR_QUESTION)
    assert answer["abstained"] is False and "14 March 2025" in answer["text"], answer["text"]
    assert HARBOUR["title"] in titles_cited(answer), answer["citations"]
    cited = next(c for c in answer["citations"] if c["title"] == HARBOUR["title"])
    assert cited["source"] == HARBOUR["source"]
    listed = [a for a in article_list(api)["articles"] if a["title"] == HARBOUR["title"]]
    assert [a["id"] for a in listed] == [cited["article_id"]], listed

    r = api.delete(f"/v1/articles/{cited['article_id']}")
    assert r.status_code == 200, r.text
    assert r.json() == {"removed": [HARBOUR["title"]]}
    after = ask(api, HARBOUR_QUESTION)
    assert HARBOUR["title"] not in titles_cited(after), after["citations"]
    assert after["abstained"] is True, after["text"]
    assert HARBOUR["title"] not in [a["title"] for a in article_list(api)["articles"]]
    error_of(api.delete(f"/v1/articles/{cited['article_id']}"), 404, "not_found")


def test_multipart_upload_adds_each_file(api):
    files = [("files", (name, text.encode(), "text/plain")) for name, text in (WHALES, TRAMS)]
    r = api.post("/v1/articles", files=files)
    assert r.status_code == 200, r.text
    report = r.json()
    assert sorted(report["added"]) == sorted(
        ["Saltby museum opens a gallery of glass whales", "Brenholt tram line reaches the airport"]
    ), report
    assert report["failed"] == [] and report["passages"] >= 2
    hits = search(api, "glass whale gallery in Saltby", k=1)
    assert hits[0]["title"] == "Saltby museum opens a gallery of glass whales", hits
    answer = ask(api, "How many stops did the Brenholt tram extension add?")
    assert "Brenholt tram line reaches the airport" in titles_cited(answer), answer["text"]


def test_upload_over_the_size_cap_is_413(api):
    big = ("Title: Too long a report\n\n" + "The quay was inspected and found in order. " * 40_000).encode()
    assert len(big) > 1_500_000
    r = api.post("/v1/articles", files=[("files", ("big.txt", big, "text/plain"))])
    error_of(r, 413, "too_large")
    assert "Too long a report" not in [a["title"] for a in article_list(api)["articles"]]


@pytest.mark.parametrize("body", [{}, {"urls": []}], ids=["empty", "no urls"])
def test_nothing_to_add_is_400(api, body):
    error_of(api.post("/v1/articles", json=body), 400, "invalid_request")


def test_pasted_text_without_a_title_is_400(api):
    r = api.post("/v1/articles", json={"text": {"title": "", "text": "Some words about nothing at all."}})
    assert r.status_code in (400, 422), r.text
    error_of(r, r.status_code, "invalid_request")


def test_deleting_an_unknown_article_is_404(api):
    error_of(api.delete("/v1/articles/no-such-article-0123456789"), 404, "not_found")


# --- /v1/stats ------------------------------------------------------------------------------------


def test_stats(api):
    r = api.get("/v1/stats")
    assert r.status_code == 200, r.text
    stats = r.json()
    assert {"collection", "articles", "chunks", "location", "model"} <= set(stats), stats
    assert stats["collection"] == "articles"
    assert isinstance(stats["articles"], int) and stats["articles"] >= 1
    assert isinstance(stats["chunks"], int) and stats["chunks"] >= stats["articles"]
    assert stats["articles"] == article_list(api)["total"]
    assert isinstance(stats["model"], str) and stats["model"]


# --- /v1/feeds ------------------------------------------------------------------------------------


def test_feed_follow_list_and_unfollow(api, web):
    feed = add_feed(web, "/skarholm.xml", LIGHTHOUSE, LIGHTHOUSE_TEXT)
    r = api.post("/v1/feeds", json={"url": feed})
    assert r.status_code == 200, r.text
    followed = r.json()
    assert followed["url"] == feed and followed["added"] is True, followed
    assert len(followed["report"]["added"]) == 1 and followed["report"]["failed"] == [], followed
    assert web.count("/skarholm-story.html") == 1  # the server fetched the entry's page itself

    feeds = api.get("/v1/feeds").json()["feeds"]
    mine = [f for f in feeds if f["url"] == feed]
    assert len(mine) == 1 and {"url", "title", "checked", "error"} <= set(mine[0]), feeds
    assert not mine[0]["error"] and mine[0]["checked"], mine
    hits = search(api, "Skarholm lighthouse keeper retired", k=1)
    assert hits[0]["title"] == LIGHTHOUSE, hits

    again = api.post("/v1/feeds", json={"url": feed})
    assert again.status_code == 200 and again.json()["added"] is False, again.text

    r = api.delete("/v1/feeds", params={"url": feed})
    assert r.status_code == 200, r.text
    assert r.json() == {"removed": feed}
    assert feed not in [f["url"] for f in api.get("/v1/feeds").json()["feeds"]]


def test_feed_without_a_url_is_422(api):
    error_of(api.post("/v1/feeds", json={}), 422, "invalid_request")


# --- /v1/collections ------------------------------------------------------------------------------


def test_collections_are_separate(api):
    listed = api.get("/v1/collections").json()
    assert listed["default"] == "articles"
    by_name = {c["name"]: c for c in listed["collections"]}
    assert by_name["articles"]["articles"] >= 1 and by_name["articles"]["chunks"] >= 1, listed

    r = api.post("/v1/collections", json={"name": "weather"})
    assert r.status_code == 201, r.text
    assert r.json() == {"name": "weather"}
    by_name = {c["name"]: c for c in api.get("/v1/collections").json()["collections"]}
    assert by_name["weather"]["articles"] == 0 and by_name["weather"]["chunks"] == 0, by_name
    error_of(api.post("/v1/collections", json={"name": "weather"}), 400, "invalid_request")

    r = api.post("/v1/articles", json={"text": HAILSTORM, "collection": "weather"})
    assert r.status_code == 200 and r.json()["added"] == [HAILSTORM["title"]], r.text
    stats = api.get("/v1/stats", params={"collection": "weather"}).json()
    assert stats["collection"] == "weather" and stats["articles"] == 1, stats
    assert [a["title"] for a in article_list(api, collection="weather")["articles"]] == [HAILSTORM["title"]]
    assert search(api, "hailstorm Corvina vineyards", collection="weather")[0]["title"] == HAILSTORM["title"]
    assert HAILSTORM["title"] not in [h["title"] for h in search(api, "hailstorm Corvina vineyards")]
    there = ask(api, "What flattened the vineyards in the Corvina valley?", collection="weather")
    assert titles_cited(there) == [HAILSTORM["title"]], there
    assert ask(api, LOAN, collection="weather")["abstained"] is True  # the default's article is not there

    r = api.delete("/v1/collections/weather")
    assert r.status_code == 200, r.text
    assert r.json() == {"deleted": "weather"}
    assert "weather" not in [c["name"] for c in api.get("/v1/collections").json()["collections"]]
    error_of(api.get("/v1/stats", params={"collection": "weather"}), 404, "not_found")


@pytest.mark.parametrize(
    "method, path, kwargs",
    [
        ("POST", "/v1/ask", {"json": {"question": LOAN, "collection": "nosuch"}}),
        ("GET", "/v1/search", {"params": {"q": "loan", "collection": "nosuch"}}),
        ("GET", "/v1/articles", {"params": {"collection": "nosuch"}}),
        ("POST", "/v1/articles", {"json": {"text": OLDER, "collection": "nosuch"}}),
        ("POST", "/v1/articles", {"files": [("files", WHALES)], "data": {"collection": "nosuch"}}),
        ("DELETE", "/v1/articles/abc", {"params": {"collection": "nosuch"}}),
        ("GET", "/v1/stats", {"params": {"collection": "nosuch"}}),
        ("GET", "/v1/feeds", {"params": {"collection": "nosuch"}}),
        ("DELETE", "/v1/collections/nosuch", {}),
    ],
    ids=["ask", "search", "articles", "paste", "upload", "remove", "stats", "feeds", "delete collection"],
)
def test_unknown_collection_is_404(api, method, path, kwargs):
    error_of(api.request(method, path, **kwargs), 404, "not_found")


def test_the_default_collection_cannot_be_deleted(api):
    error_of(api.delete("/v1/collections/articles"), 400, "invalid_request")
    assert "articles" in [c["name"] for c in api.get("/v1/collections").json()["collections"]]


@pytest.mark.parametrize("name", ["ab", "Sport", "-sport", "sport-", "spo rt", "a" * 41, "../etc"])
def test_a_bad_collection_name_is_refused(api, name):
    r = api.post("/v1/collections", json={"name": name})
    assert r.status_code in (400, 422), r.text
    error_of(r, r.status_code, "invalid_request")
    assert name not in [c["name"] for c in api.get("/v1/collections").json()["collections"]]


# --- without a login ------------------------------------------------------------------------------


def test_an_unknown_bearer_key_is_ignored_without_a_login(api):
    """OpenAI clients (and Open WebUI) must send some key: on a server with no login, one it does not
    know is ignored (whoever reaches 127.0.0.1 may ask anyway); a known key keeps its role (below)."""
    r = api.get("/v1/stats", headers={"Authorization": "Bearer rag-not-a-key"})
    assert r.status_code == 200, r.text


def test_a_readers_key_keeps_its_role_without_a_login(api, reader_key):
    key = {"Authorization": f"Bearer {reader_key}"}
    r = api.get("/v1/stats", headers=key)
    assert r.status_code == 200, r.text
    r = api.post("/v1/articles", headers=key, json={"text": OLDER})
    assert "may not" in error_of(r, 403, "forbidden")
    error_of(api.post("/v1/collections", headers=key, json={"name": "readers-own"}), 403, "forbidden")
    assert api.get("/v1/stats").status_code == 200  # no Authorization: still the admin of this machine


def test_error_bodies_all_have_one_shape(api):
    """Errors of every kind this module meets carry their status and a known type."""
    for r in (
        api.post("/v1/ask", json={"question": ""}),
        api.get("/v1/stats", params={"collection": "nosuch"}),
        api.get("/v1/articles", params={"limit": 0}),
    ):
        assert r.status_code >= 400, r.text
        error_of(r, r.status_code)
        assert r.json()["error"]["type"] in ERROR_TYPES


# --- documentation --------------------------------------------------------------------------------


def test_docs_and_openapi_list_every_path(api):
    r = api.get("/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), r.headers
    schema = api.get("/openapi.json")
    assert schema.status_code == 200, schema.text
    paths = {re.sub(r"\{[^}]*\}", "{}", p): set(ops) for p, ops in schema.json()["paths"].items()}
    expected = {
        "/v1/ask": {"post"},
        "/v1/search": {"get"},
        "/v1/articles": {"get", "post"},
        "/v1/articles/{}": {"delete"},
        "/v1/stats": {"get"},
        "/v1/feeds": {"get", "post", "delete"},
        "/v1/collections": {"get", "post"},
        "/v1/collections/{}": {"delete"},
        "/v1/models": {"get"},
        "/v1/chat/completions": {"post"},
    }
    for path, methods in expected.items():
        assert path in paths, (path, sorted(paths))
        assert methods <= paths[path], (path, paths[path])
    assert json.dumps(schema.json())  # plain JSON all the way down


# --- bounds found in review: a chunked body, several files each under the cap --------------------------


def test_a_chunked_body_is_refused_unread(api):
    """Without a Content-Length a body could be any size: refused before it is read (or authenticated)."""

    def pieces():
        yield b'{"question": "'
        yield b"x" * 3_000_000
        yield b'"}'

    error_of(api.post("/v1/ask", content=pieces(), headers={"Content-Type": "application/json"}), 411)


def test_several_files_each_under_the_cap_are_one_upload(api):
    """Three pages of ~0.7 MB (mostly script, which no article keeps) in one request: over the 1 MB cap
    together, each under it."""
    script = "<script>" + "var padding = 'no article text here';\n" * 18_000 + "</script>"
    story = "<p>The Orrin canal lock number {} was repainted green by volunteers from the boating club.</p>"
    pages = [f"<html><head><title>Orrin lock {i}</title>{script}</head><body><article><h1>Orrin lock {i}</h1>"
             f"{story.format(i)}</article></body></html>" for i in range(3)]  # fmt: skip
    files = [("files", (f"lock-{i}.html", page.encode(), "text/html")) for i, page in enumerate(pages)]
    assert all(0.6e6 < len(f[1][1]) < 1e6 for f in files)
    r = api.post("/v1/articles", files=files)
    assert r.status_code == 200, r.text
    assert sorted(r.json()["added"]) == ["Orrin lock 0", "Orrin lock 1", "Orrin lock 2"], r.text


def test_the_servers_own_default_collection_is_not_deleted_while_served(home, tmp_path):
    rag_cli(home, "collections", "create", "spare")
    with rag_server(home, "", args=("--collection", "spare")) as url:
        error_of(httpx.delete(f"{url}/v1/collections/spare", timeout=60), 400, "invalid_request")
        assert httpx.get(f"{url}/v1/stats", timeout=60).json()["collection"] == "spare"
