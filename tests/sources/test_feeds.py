"""RSS and Atom feeds from a real HTTP server on 127.0.0.1: entries become articles once, conditional
requests make a second poll cheap, a failing feed does not stop the others."""

import os
import subprocess
import sys

import pytest

from rag.sources import feeds
from tests.support.cli import one_error_line, rag_process
from tests.support.web_server import WebServer


def story(title: str, *sentences: str) -> bytes:
    body = "".join(f"<p>{s}</p>" for s in sentences)
    return (
        f"<html><head><title>{title} | Harbour Post</title></head><body><nav>Home News Sport</nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>Copyright Harbour Post</footer></body></html>"
    ).encode()


def rss(base: str, items: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{t}</title><link>{base}{path}</link><guid>{path}</guid>"
        f"<pubDate>Thu, 04 Dec 2025 08:00:00 GMT</pubDate><description>{t}: in short.</description></item>"
        for t, path in items
    )
    channel = f"<channel><title>Harbour Post</title>{entries}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'.encode()


ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Lab news</title><id>urn:lab</id><updated>2025-12-04T00:00:00Z</updated>
<entry><title>Cold-water reef mapped off Ireland</title><link href="{base}/gone.html"/><id>urn:reef</id>
<updated>2025-12-03T10:00:00Z</updated><content type="html">&lt;p&gt;Scientists mapped a cold-water coral reef
of 12 square kilometres on the Porcupine Bank, 200 kilometres off the Irish coast, the institute said on
Wednesday.&lt;/p&gt;</content></entry></feed>"""

FERRY = ("The Inchmurrin ferry returned on Thursday after three weeks of engine repairs.",
         "It carries 40 cars on each of its six daily trips, the operator said.")  # fmt: skip
PIER = ("The Saltcoats pier reopened on Friday after nine months of repairs to its deck.",
        "The council said the work cost 2.3 million pounds.")  # fmt: skip


@pytest.fixture
def web():
    with WebServer() as server:
        server.add("/ferry.html", story("Ferry returns", *FERRY))
        server.add("/pier.html", story("Pier reopens", *PIER))
        yield server


def test_poll_twice_new_entries_once_and_a_304_the_second_time(web, kb):
    web.add(
        "/rss.xml", rss(web.url, [("Ferry returns", "/ferry.html")]), kind="application/rss+xml", ETag='"v1"'
    )
    assert feeds.add(kb.settings.home, web.url + "/rss.xml") and not feeds.add(
        kb.settings.home, web.url + "/rss.xml"
    )
    [(first, added)] = feeds.poll_all(kb)
    assert added == ["Ferry returns"] and first.requests == 2 and not first.error  # the feed, then the page
    answer = kb.ask("How many cars does the Inchmurrin ferry carry?")
    assert "40 cars" in answer.text and answer.citations[0].url == web.url + "/ferry.html"
    [(second, added)] = feeds.poll_all(kb)
    assert second.not_modified and second.requests == 1 and added == []
    assert web.requests[-1][1].get("If-None-Match") == '"v1"'
    # a new entry: the feed changes (new ETag); the old entry is skipped as seen, its page not fetched again
    web.add("/rss.xml", rss(web.url, [("Pier reopens", "/pier.html"), ("Ferry returns", "/ferry.html")]),
            kind="application/rss+xml", ETag='"v2"')  # fmt: skip
    [(third, added)] = feeds.poll_all(kb)
    assert added == ["Pier reopens"] and third.seen == 1 and third.requests == 2
    assert web.count("/ferry.html") == 1
    assert kb.stats()["articles"] == 2


def test_a_feed_with_only_last_modified_is_asked_if_modified_since_and_a_304_costs_one_request(web, kb):
    stamp = "Thu, 04 Dec 2025 08:00:00 GMT"
    feed = web.add("/dated.xml", rss(web.url, [("Ferry returns", "/ferry.html")]), kind="application/rss+xml",
                   Last_Modified=stamp)  # fmt: skip
    feeds.add(kb.settings.home, feed)
    [(first, added)] = feeds.poll_all(kb)
    assert added == ["Ferry returns"] and first.requests == 2 and not first.error
    assert feeds.load(kb.settings.home)[feed]["last_modified"] == stamp
    [(second, added)] = feeds.poll_all(kb)
    assert second.not_modified and second.requests == 1 and added == [] and not second.error
    path, headers = web.requests[-1]
    assert path == "/dated.xml" and headers.get("If-Modified-Since") == stamp
    assert "If-None-Match" not in headers  # no ETag was sent, so none is asked about
    assert web.count("/dated.xml") == 2 and web.count("/ferry.html") == 1


def test_an_entry_whose_page_is_gone_is_read_from_the_feed_and_a_bad_feed_does_not_stop_others(web, kb):
    web.add("/atom.xml", ATOM.format(base=web.url).encode(), kind="application/atom+xml", ETag='"a1"')
    web.add("/broken.xml", b"<html><body>Not a feed at all</body></html>", kind="text/html")
    for path in ("/broken.xml", "/missing.xml", "/atom.xml"):
        feeds.add(kb.settings.home, web.url + path)
    results = {r.url.rsplit("/", 1)[-1]: (r, added) for r, added in feeds.poll_all(kb)}
    assert "not an RSS or Atom feed" in results["broken.xml"][0].error
    assert results["missing.xml"][0].error == "HTTP 404 Not Found"
    assert results["atom.xml"][1] == ["Cold-water reef mapped off Ireland"]  # from the entry's own text
    answer = kb.ask("How large is the cold-water reef on the Porcupine Bank?")
    assert "12 square kilometres" in answer.text
    state = feeds.load(kb.settings.home)
    assert state[web.url + "/missing.xml"]["error"] == "HTTP 404 Not Found"
    assert state[web.url + "/atom.xml"]["last_poll"] and state[web.url + "/atom.xml"]["added"] == 1
    again = {r.url.rsplit("/", 1)[-1]: r for r, _ in feeds.poll_all(kb)}
    assert again["atom.xml"].not_modified and again["atom.xml"].requests == 1  # the Atom feed's ETag


def test_the_feed_commands(web, tmp_path):
    web.add("/rss.xml", rss(web.url, [("Ferry returns", "/ferry.html")]), kind="application/rss+xml")
    home = str(tmp_path / "home")

    def rag(*argv):
        return subprocess.run([sys.executable, "-m", "rag", "--home", home, "feed", *argv],
                              capture_output=True, text=True, timeout=300)  # fmt: skip

    assert "following" in rag("add", web.url + "/rss.xml").stdout
    polled = rag("poll")
    assert polled.returncode == 0 and "1 new, 0 already seen (2 requests)" in polled.stdout
    assert "+ Ferry returns" in polled.stdout
    listed = rag("list").stdout
    assert web.url + "/rss.xml" in listed and "last poll: 20" in listed
    assert "stopped following" in rag("remove", web.url + "/rss.xml").stdout
    gone = rag("remove", web.url + "/rss.xml")
    assert gone.returncode != 0 and "not a followed feed" in gone.stderr and "Traceback" not in gone.stderr


def test_serve_polls_the_feeds_in_the_background_and_the_articles_tab_lists_them(web, tmp_path, browser):
    import time

    from gradio_client import Client

    from tests.support.ports import free_port

    feed = web.add("/rss.xml", rss(web.url, [("Ferry returns", "/ferry.html")]), kind="application/rss+xml")
    home = tmp_path / "home"
    feeds.add(home, feed)
    port = free_port()
    cmd = [sys.executable, "-m", "rag", "--home", str(home), "serve", "--corpus", "", "--port", str(port),
           "--poll", "60"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                client = Client(f"http://127.0.0.1:{port}/", verbose=False)
                if client.predict(api_name="/stats")["articles"] == 1:
                    break
            except Exception:
                assert proc.poll() is None, "rag serve stopped"
            assert time.monotonic() < deadline, "the feed's article never arrived"
            time.sleep(0.5)
        answer = client.predict("How many cars does the ferry carry?", None, "", None, api_name="/ask")
        assert "40 cars" in answer["text"]
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/")
        page.get_by_role("tab", name="Articles").click()
        page.wait_for_function("() => document.querySelector('#stats table.feeds')", timeout=20000)
        row = page.locator("#stats table.feeds tbody tr").first.inner_text()
        assert feed in row and "\t1\t" in row  # the feed, its last poll, 1 new article, no error
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_a_chat_served_beyond_localhost_polls_no_feed_on_a_private_address(web, tmp_path):
    """Issue 24.1: `rag serve --host 0.0.0.0 --poll` gave the poller the knowledge base before serving
    switched it to refusing private addresses, so a loopback feed and its pages were fetched."""
    import time

    from tests.support.ports import free_port

    feed = web.add("/rss.xml", rss(web.url, [("Ferry returns", "/ferry.html")]), kind="application/rss+xml")
    home = tmp_path / "home"
    feeds.add(home, feed)
    port = free_port()
    cmd = [sys.executable, "-m", "rag", "--home", str(home), "serve", "--corpus", "", "--host", "0.0.0.0",
           "--port", str(port), "--poll", "60"]  # fmt: skip
    env = {**os.environ, "RAG_AUTH": "ann:pw"}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + 120
        while not feeds.load(home)[feed].get("last_poll"):  # the first poll runs at start
            assert proc.poll() is None, "rag serve stopped"
            assert time.monotonic() < deadline, "the feed was never polled"
            time.sleep(0.3)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert web.requests == []  # neither the feed nor its page was fetched
    assert "private" in feeds.load(home)[feed]["error"]


@pytest.mark.parametrize("content", ["[]", "null", '{"https://example.com/rss": "str"}', '{"https://exa'])
def test_a_damaged_feed_list_is_one_line_and_left_as_it_is(tmp_path, content):
    """Issue 24.17: feeds.json holding [] or {"u": "str"} broke feed list/poll/add with tracebacks."""
    from rag.core.errors import RagError

    home = tmp_path / "home"
    home.mkdir()
    (home / feeds.FILE).write_text(content)
    with pytest.raises(RagError, match=r"^cannot read .*feeds\.json: "):
        feeds.load(home)
    for argv in (["list"], ["add", "https://example.com/other"]):
        line = one_error_line(rag_process("--home", str(home), "feed", *argv))
        assert "feeds.json" in line
    assert (home / feeds.FILE).read_text() == content  # nothing overwritten


def test_the_articles_tab_lists_articles_and_says_so_when_the_feed_list_is_damaged(kb):
    """Issue 24.17: a truncated feeds.json turned the Articles tab into "Error", and a successful
    paste was reported as an error."""
    from rag.ui.app import ChatApp
    from rag.ui.articles import _after_ingest

    (kb.settings.home / feeds.FILE).parent.mkdir(parents=True, exist_ok=True)
    (kb.settings.home / feeds.FILE).write_text('{"https://exa')
    app = ChatApp(kb)
    result, listing, *_ = _after_ingest(
        app, app.paste("Ferry returns", " ".join(FERRY), "Harbour Post", ""), ""
    )
    assert "Ferry returns: added" in result
    assert "Ferry returns" in listing  # the articles are listed
    assert "Followed feeds: cannot read" in listing and "feeds.json" in listing


BAD_LINKS = ["http://0177.0.0.1:8701/x", "http://h:1:2/", "http://[::1/x"]


def test_an_entry_link_the_client_cannot_parse_fails_alone(web, kb):
    """Issue 24.16: one entry link httpx can't parse aborted the whole poll; other feeds were never
    polled. Each bad link now fails alone: its entry's own text stands in, the rest go on."""
    items = [(f"Odd link {i}", link) for i, link in enumerate(BAD_LINKS)]
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>g{i}</guid>"
        f"<description>{t}: the harbour crane number {i} was repaired on Monday.</description></item>"
        for i, (t, link) in enumerate(items)
    )
    odd = web.add("/odd.xml", f'<?xml version="1.0"?><rss version="2.0"><channel><title>Odd</title>{entries}'
                  "</channel></rss>".encode(), kind="application/rss+xml")  # fmt: skip
    good = web.add("/rss.xml", rss(web.url, [("Ferry returns", "/ferry.html")]), kind="application/rss+xml")
    for feed in (odd, good):
        feeds.add(kb.settings.home, feed)
    results = {r.url: (r, added) for r, added in feeds.poll_all(kb)}
    assert sorted(results[odd][1]) == [t for t, _ in items] and not results[odd][0].error
    assert results[good][1] == ["Ferry returns"]


def test_invalid_addresses_are_one_line_errors():
    from rag.core.errors import RagError
    from rag.sources import web as fetching

    for link in BAD_LINKS:
        with pytest.raises(RagError, match=r"^not a valid web address \(.*\): http"):
            fetching.fetch(link, timeout=5, max_bytes=1000, allow_private=True)


@pytest.mark.parametrize("minutes", ["-1", "nan", "0", "inf", "soon"])
def test_poll_needs_minutes_above_zero(tmp_path, minutes):
    """Issue 24.16: --poll -1 and --poll nan were accepted and crashed the polling thread."""
    proc = rag_process("--home", str(tmp_path / "h"), "serve", "--corpus", "", "--poll", minutes, timeout=60)
    assert "--poll" in one_error_line(proc) and not (tmp_path / "h").exists()


def test_the_polling_thread_outlives_a_fault_no_layer_named(kb, monkeypatch, capsys):
    """Issue 24.16: under serve --poll a fault other than RagError ended the thread for good."""
    import threading
    import time

    from rag.cli.feeds import poll_every

    calls = []

    def flaky(_kb):
        calls.append(1)
        if len(calls) == 1:
            raise ValueError("Invalid IPv6 URL")
        return []

    monkeypatch.setattr(feeds, "poll_all", flaky)
    stop = threading.Event()
    thread = poll_every(kb, 0.001, stop)  # 0.06 s between polls
    deadline = time.monotonic() + 10
    while len(calls) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = thread.is_alive()
    stop.set()
    thread.join(5)
    assert alive and len(calls) >= 3 and not thread.is_alive()
    assert "rag: error: feeds: ValueError: Invalid IPv6 URL" in capsys.readouterr().err


def _feed(items: list[str]) -> bytes:
    """An RSS feed of raw <item> bodies."""
    body = "".join(f"<item>{i}</item>" for i in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{body}</channel></rss>'.encode()


def test_entries_without_guid_or_link_are_read_once(web, kb):
    """Issue 24.15: entries with no guid and no link were dropped ("0 new, 0 already seen")."""
    items = [
        "<title>Crane repaired</title><description>The harbour crane was repaired on Monday at a cost of "
        "three million euros.</description>",
        "<title>Pier reopened</title><description>The Saltcoats pier reopened on Friday after nine months "
        "of repairs.</description>",
    ]
    feeds.add(kb.settings.home, web.add("/bare.xml", _feed(items), kind="application/rss+xml"))
    [(first, added)] = feeds.poll_all(kb)
    assert sorted(added) == ["Crane repaired", "Pier reopened"] and not first.error
    [(second, added)] = feeds.poll_all(kb)
    assert added == [] and second.seen == 2


def test_a_feed_longer_than_the_seen_list_fetches_nothing_twice(web, kb, monkeypatch):
    """Issue 24.18: past SEEN_KEPT (5,000) entries, the overflow's pages were fetched at every poll.
    Also: of the keys a feed no longer lists, the newest are kept, not the oldest."""
    monkeypatch.setattr(feeds, "SEEN_KEPT", 3)
    items = [
        f"<title>Notice {i}</title><link>{web.url}/n{i}.html</link><guid>n{i}</guid>"
        f"<description>Harbour notice number {i} about the ferry timetable.</description>"
        for i in range(8)
    ]
    url = web.add("/long.xml", _feed(items), kind="application/rss+xml")
    feeds.add(kb.settings.home, url)
    [(first, _)] = feeds.poll_all(kb)
    assert first.requests == 9  # the feed and its 8 pages (gone: each entry's own text stands in)
    [(second, added)] = feeds.poll_all(kb)
    assert second.requests == 1 and added == [] and second.seen == 8
    web.add("/long.xml", _feed(items[4:]), kind="application/rss+xml")  # four entries dropped off the feed
    feeds.poll_all(kb)
    assert feeds.load(kb.settings.home)[url]["seen"] == ["n1", "n2", "n3", "n4", "n5", "n6", "n7"]


def test_an_entry_whose_page_is_down_never_replaces_the_page_stored_before(web, kb):
    """Issue 24.13: the entry's own text, standing in for a page briefly down, replaced the stored page."""
    page = web.url + "/ferry.html"
    assert kb.ingest([page]).added == ["Ferry returns"]
    web.add("/ferry.html", b"<h1>Down for maintenance</h1>", status=503)
    web.add("/rss.xml", rss(web.url, [("Ferry returns", "/ferry.html")]), kind="application/rss+xml")
    feeds.add(kb.settings.home, web.url + "/rss.xml")
    feeds.poll_all(kb)
    answer = kb.ask("How many cars does the Inchmurrin ferry carry?")
    assert "40 cars" in answer.text and answer.citations[0].url == page
    assert [a["title"] for a in kb.stats()["list"]].count("Ferry returns") == 2  # the page, and the entry


def test_two_entries_sharing_a_link_that_is_down_are_both_kept(web, kb):
    """Issue 24.14: two entries whose shared link is down were stored under that link: one replaced
    the other."""
    items = [
        f"<title>{title}</title><link>{web.url}/down.html</link><guid>{guid}</guid><description>{text}"
        "</description>"
        for title, guid, text in (("Crane repaired", "c1", "The harbour crane was repaired on Monday."),
                                  ("Dredging ends", "d1", "Dredging of the channel ended on Tuesday."))
    ]  # fmt: skip
    feeds.add(kb.settings.home, web.add("/rss.xml", _feed(items[:1]), kind="application/rss+xml"))
    assert feeds.poll_all(kb)[0][1] == ["Crane repaired"]
    web.add("/rss.xml", _feed(items), kind="application/rss+xml")  # the second entry comes later
    assert feeds.poll_all(kb)[0][1] == ["Dredging ends"]
    assert sorted(a["title"] for a in kb.stats()["list"]) == ["Crane repaired", "Dredging ends"]


def test_an_entry_that_gave_no_article_is_tried_again(web, kb):
    """Issue 24.15: an entry with no text of its own whose page was down was dropped and marked seen;
    and the feed's ETag must not hide it behind a 304 at the next poll."""
    items = [f"<title>Ferry returns</title><link>{web.url}/ferry.html</link><guid>f1</guid>"]
    web.add("/ferry.html", b"<h1>Busy</h1>", status=503)
    url = web.add("/rss.xml", _feed(items), kind="application/rss+xml", ETag='"v1"')
    feeds.add(kb.settings.home, url)
    [(first, added)] = feeds.poll_all(kb)
    assert added == [] and not first.error and feeds.load(kb.settings.home)[url]["seen"] == []
    web.add("/ferry.html", story("Ferry returns", *FERRY))
    [(second, added)] = feeds.poll_all(kb)
    assert added == ["Ferry returns"] and not second.not_modified
    [(third, added)] = feeds.poll_all(kb)
    assert third.not_modified and added == []  # all handled now: the ETag is kept again
