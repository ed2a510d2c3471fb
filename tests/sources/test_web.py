"""Articles from URLs, fetched from a real HTTP server on 127.0.0.1 (nothing reaches the internet)."""

import re
import socket
import time
from dataclasses import replace

import pytest

from rag.core.errors import RagError
from rag.sources import web
from tests.support.documents import make_pdf
from tests.support.web_server import WebServer

PAGE = (
    "<html><head><title>Ferry returns to the island | Harbour Post</title>"
    '<meta property="og:site_name" content="Harbour Post">'
    '<meta property="article:published_time" content="2025-12-04T08:00:00Z">'
    '<meta name="author" content="Mairi Campbell"></head><body>'
    "<nav><a href='/'>Home</a> <a href='/sport'>Sport</a> <a href='/weather'>Weather</a></nav>"
    "<div class='cookie'>We use cookies to improve your experience. Accept all cookies</div>"
    "<article><h1>Ferry returns to the island</h1>"
    "<p>The ferry to Inchmurrin resumed service on Thursday after a three-week break for engine repairs.</p>"
    "<p>The operator said the crossing would run six times a day and carry up to 40 cars each trip.</p>"
    "<p>Islanders had relied on a small water taxi, which carried only twelve passengers at a time.</p>"
    "</article><section id='comments'><p>Dave: About time! The water taxi cost me 30 pounds a week.</p>"
    "</section><footer>Copyright Harbour Post 2025</footer></body></html>"
)


@pytest.fixture
def server():
    with WebServer() as s:
        yield s


def test_a_page_is_fetched_read_and_cited_by_its_url(server, kb):
    url = server.add("/news/ferry.html", PAGE.encode())
    report = kb.ingest([url])
    assert report.added == ["Ferry returns to the island"] and not report.failed
    answer = kb.ask("How many cars can the ferry carry?")
    assert "40 cars" in answer.text and answer.citations[0].url == url
    assert answer.citations[0].source == "Harbour Post" and answer.citations[0].date == "2025-12-04"
    assert answer.citations[0].author == "Mairi Campbell"  # from the page's author meta tag
    hits = kb.search("water taxi cost pounds a week", k=5)
    assert hits and all("30 pounds" not in h.text for h in hits)  # the reader comment was not kept


def test_the_url_is_the_identity_unchanged_does_nothing_changed_replaces(server, kb):
    version = {"text": PAGE}
    url = server.add("/news/ferry.html", lambda: version["text"].encode())
    assert kb.ingest([url]).added
    again = kb.ingest([url + "#comments"])  # the same page
    assert again.skipped == ["Ferry returns to the island"] and not again.added and again.chunks == 0
    version["text"] = PAGE.replace("six times a day", "eight times a day")
    changed = kb.ingest([url])
    assert changed.updated == ["Ferry returns to the island"]
    texts = [h.text for h in kb.search("How often will the ferry run?", k=5)]
    assert any("eight times a day" in t for t in texts) and not any("six times a day" in t for t in texts)
    assert kb.stats()["articles"] == 1


def test_a_pdf_url_is_read_as_a_pdf(server, kb):
    pdf = make_pdf(["Harbour dues rise", "Harbour dues will rise by 5 percent from January, the board said."])
    url = server.add("/reports/dues.pdf", pdf, kind="application/pdf")
    assert kb.ingest([url]).added == ["Harbour dues rise"]


def refused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again: nothing listens there


@pytest.mark.parametrize(
    ("path", "setup", "reason"),
    [
        ("/missing", None, "HTTP 404"),
        ("/error", ("boom", "text/html", 500), "HTTP 500"),
        (
            "/image.png",
            (b"\x89PNG", "image/png", 200),
            "not an article .HTML or PDF.: content type image/png",
        ),
        ("/big.html", (b"<p>x</p>" * 200_000, "text/html", 200), "too big: 1,600,000 bytes"),
        ("/stream.html", (b"<p>x</p>" * 200_000, "text/html", 200, True), "too big: over 1,000,000 bytes"),
        ("/untyped.html", (PAGE, None, 200), r"^not an article \(HTML or PDF\): content type unknown$"),
        ("/loop", ("", "text/html", 302), "more than 5 redirects"),
        ("/empty.html", (b"<html><body><nav>Home</nav></body></html>", "text/html", 200), "not an article"),
    ],
)
def test_each_failure_is_one_clear_line_and_nothing_stored_is_lost(server, kb, path, setup, reason):
    kb = kb.__class__(replace(kb.settings, fetch_max_mb=1), embedder=kb.embedder())
    good = server.add("/news/ferry.html", PAGE.encode())
    assert kb.ingest([good]).added
    if setup:
        body, kind, status, *no_length = setup
        headers = {"Location": path} if status == 302 else {}
        if no_length:
            headers["X_No_Length"] = "1"
        server.add(
            path, body.encode() if isinstance(body, str) else body, kind=kind, status=status, **headers
        )
    report = kb.ingest([server.url + path])
    assert len(report.failed) == 1 and not report.added
    where, why = report.failed[0]
    assert where == server.url + path and "\n" not in why
    assert re.search(reason, why), why
    assert kb.stats()["articles"] == 1  # the page stored before is still there


def test_redirects_are_followed_and_a_timeout_is_reported(server, kb):
    server.add("/old", b"", status=301, Location="/news/ferry.html")
    server.add("/news/ferry.html", PAGE.encode())
    assert kb.ingest([server.url + "/old"]).added
    server.add("/slow.html", lambda: time.sleep(2) or PAGE.encode())
    slow = kb.__class__(replace(kb.settings, fetch_timeout=0.3), embedder=kb.embedder())
    assert "timed out" in slow.ingest([server.url + "/slow.html"]).failed[0][1]


def test_refused_and_unknown_hosts():
    for url, reason in [(f"http://127.0.0.1:{refused_port()}/x", "connection refused"),
                        ("http://no-such-host.invalid/x", "host not found")]:  # fmt: skip
        with pytest.raises(RagError, match=reason):
            web.fetch(url, timeout=2, max_bytes=1000, allow_private=True)


def test_a_chat_served_beyond_localhost_refuses_private_addresses(server, kb):
    url = server.add("/news/ferry.html", PAGE.encode())
    served = kb.__class__(replace(kb.settings, private_urls="refuse"), embedder=kb.embedder())
    why = served.ingest([url]).failed[0][1]
    assert "refused: 127.0.0.1 is a private, loopback or link-local address" in why
    assert server.count("/news/ferry.html") == 0  # not even asked
    for address in ("169.254.169.254", "10.0.0.8", "192.168.1.1", "::1", "0.0.0.0"):
        with pytest.raises(RagError, match="refused"):
            web.fetch(f"http://[{address}]/" if ":" in address else f"http://{address}/", timeout=1,
                      max_bytes=10, allow_private=False)  # fmt: skip


@pytest.mark.parametrize("public_hops", [1, 2])  # the private address is the 2nd, then 3rd hop
def test_a_redirect_to_a_private_address_is_refused_at_any_hop(server, monkeypatch, public_hops):
    """A public first address that redirects, at once or after another hop, to the machine's own network:
    every hop is vetted. 127.0.0.1 (this test's server) stands for the public host; 127.0.0.2, another
    server, is the internal one, refused as private like every other loopback address."""
    from ipaddress import ip_address

    private = web._private
    monkeypatch.setattr(
        web, "_private", lambda address: address != ip_address("127.0.0.1") and private(address)
    )
    with WebServer(host="127.0.0.2") as internal:
        secret = internal.add("/admin.html", PAGE.encode())
        for n in range(public_hops - 1):
            server.add(f"/hop{n}", b"", status=302, Location=f"/hop{n + 1}")
        server.add(f"/hop{public_hops - 1}", b"", status=302, Location=secret)
        with pytest.raises(RagError, match=r"^refused: 127\.0\.0\.2 is a private, loopback or link-local"):
            web.fetch(server.url + "/hop0", timeout=5, max_bytes=1_000_000, allow_private=False)
        assert internal.requests == []  # never asked
    assert [server.count(f"/hop{n}") for n in range(public_hops)] == [
        1
    ] * public_hops  # the public hops were fetched


@pytest.mark.parametrize(
    ("redirects", "followed"), [(web.MAX_REDIRECTS, True), (web.MAX_REDIRECTS + 1, False)]
)
def test_at_most_max_redirects_are_followed(server, redirects, followed):
    """A chain of exactly MAX_REDIRECTS (5) redirects reaches the page; one more is refused unfetched."""
    assert web.MAX_REDIRECTS == 5
    for n in range(redirects):
        server.add(f"/r{n}", b"", status=301, Location=f"/r{n + 1}")
    page = server.add(f"/r{redirects}", PAGE.encode())
    if followed:
        assert web.fetch(server.url + "/r0", timeout=5, max_bytes=1_000_000, allow_private=True).url == page
    else:
        with pytest.raises(RagError, match=r"^more than 5 redirects$"):
            web.fetch(server.url + "/r0", timeout=5, max_bytes=1_000_000, allow_private=True)
    assert server.count(f"/r{redirects}") == int(followed)
    assert [server.count(f"/r{n}") for n in range(redirects)] == [1] * redirects


def test_private_hosts_and_other_schemes_are_refused(server):
    with pytest.raises(RagError, match="refused"):
        web._refuse_private("127.0.0.1")
    with pytest.raises(RagError, match="not a web address"):
        web.fetch("file:///etc/passwd", timeout=1, max_bytes=10, allow_private=True)


def test_rag_ingest_takes_a_url_on_the_command_line(server, tmp_path):
    import subprocess
    import sys

    url = server.add("/news/ferry.html", PAGE.encode())
    bad = server.url + "/missing"
    run = subprocess.run(
        [sys.executable, "-m", "rag", "--home", str(tmp_path / "home"), "ingest", url, bad],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 1, run.stderr
    assert "1 added" in run.stdout
    assert f"rag: error: {bad}: HTTP 404 Not Found" in run.stderr and "Traceback" not in run.stderr


# --- issue 24.6 and 24.10: bombs and drips, cut off while they arrive ----------------------------------


def test_a_gzipped_page_is_still_read(server):
    import gzip

    url = server.add("/zipped.html", gzip.compress(PAGE.encode()), Content_Encoding="gzip")
    page = web.fetch(url, timeout=10, max_bytes=1_000_000, allow_private=True)
    assert page.body == PAGE.encode()


def test_a_compression_bomb_is_cut_off_before_it_inflates(server):
    """A 100 KB gzip body inflating to 100 MB: the cap (1 MB here) bounds what is decoded, not only
    what is kept (httpx inflated a whole network read at once: 2 KB gzipped twice gave gigabytes)."""
    import gzip
    import tracemalloc

    url = server.add(
        "/bomb.html", gzip.compress(b"\0" * 100_000_000, compresslevel=9), Content_Encoding="gzip"
    )
    tracemalloc.start()
    try:
        with pytest.raises(RagError, match=r"^too big: over 1,000,000 bytes$"):
            web.fetch(url, timeout=30, max_bytes=1_000_000, allow_private=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000, f"{peak:,} bytes at the peak"


@pytest.mark.parametrize("coding", ["gzip, gzip", "br", "zstd", "gzip, br"])
def test_layered_and_unasked_encodings_are_refused(server, coding):
    import gzip

    url = server.add("/layers.html", gzip.compress(gzip.compress(b"\0" * 1_000_000)), Content_Encoding=coding)
    with pytest.raises(
        RagError, match=r"^refused: content encoding .* \(at most one gzip or deflate layer\)$"
    ):
        web.fetch(url, timeout=10, max_bytes=1_000_000, allow_private=True)


def test_a_server_dripping_its_body_is_cut_off_at_the_timeout(server):
    """One byte a tenth of a second never trips a per-read timeout: the timeout bounds the whole fetch."""

    def drip():
        yield b"<html><body><article><p>"
        for _ in range(600):
            time.sleep(0.1)
            yield b"a"

    url = server.add("/drip.html", drip, X_No_Length="1")
    start = time.monotonic()
    with pytest.raises(RagError, match=r"^timed out$"):
        web.fetch(url, timeout=2, max_bytes=1_000_000, allow_private=True)
    assert time.monotonic() - start < 4
