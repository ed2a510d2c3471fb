"""The real Gradio app on a free localhost port, driven by gradio_client and headless Chromium."""

from pathlib import Path

import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

import rag
from rag.access.gate import pairs as _auth
from rag.api.server import serve
from rag.core.errors import RagError
from rag.ui.app import ChatApp
from tests.support.app import served
from tests.support.browser import ask_in_page
from tests.support.corpus import CORPUS, ROOT
from tests.support.ports import free_port

ARTIFACTS = ROOT / "artifacts"
XSS = (
    "Title: Harbour gazette\nSource: Gazette\nDate: 2025-11-02\n\n"
    "The harbour cranes were repaired at a cost of 3 million euros <script>window.__xss = 1</script> "
    'and the crane operator <img src=x onerror="window.__xss = 2"> praised the work.\n'
)


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedder):
    """The app serving the sample article and a script-laden one, with a 1 MB upload limit."""
    base = tmp_path_factory.mktemp("ui")
    (base / "docs").mkdir()
    (base / "docs" / "harbour.txt").write_text(XSS, encoding="utf-8")
    kb = rag.open(home=base / "home", embedder=embedder, max_upload_mb=1)
    report = kb.ingest([CORPUS, base / "docs"])
    assert not report.failed
    with served(kb) as url:
        yield url


@pytest.fixture(scope="module")
def client(server):
    return Client(server, verbose=False)


def test_named_endpoints(client):
    names = set(client.view_api(return_format="dict")["named_endpoints"])
    assert {"/ask", "/ingest", "/stats"} <= names


def test_ask_returns_a_cited_answer(client):
    answer = client.predict("How much would the EU loan to Ukraine be?", None, "", None, api_name="/ask")
    assert "€90 billion" in answer["text"] and not answer["abstained"]
    assert any("€90 billion loan" in c["text"] for c in answer["citations"])
    assert answer["model"] == "extractive"


def test_follow_up_uses_the_history_it_is_given(client):
    first = "Who is Ukraine's foreign minister?"
    reply = client.predict(first, None, "", None, api_name="/ask")
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": reply["text"]}]
    follow = client.predict("What did he urge Putin to do?", history, "", None, api_name="/ask")
    assert "wasting the world" in follow["text"]
    alone = client.predict("What did he urge Putin to do?", None, "", None, api_name="/ask")
    assert alone["question"] == "What did he urge Putin to do?"  # no history: nothing leaks in


def test_upload_then_ask_and_stats(client, tmp_path):
    before = client.predict(api_name="/stats")["articles"]
    doc = tmp_path / "lighthouse.md"
    doc.write_text(
        "# Lighthouse restored\n\nThe old lighthouse at Cape Wrath was repainted red and white in May."
    )
    report = client.predict([handle_file(str(doc))], api_name="/ingest")
    assert report["added"] == ["Lighthouse restored"] and report["failed"] == []
    again = client.predict([handle_file(str(doc))], api_name="/ingest")
    assert again["skipped"] == ["Lighthouse restored"]
    assert client.predict(api_name="/stats")["articles"] == before + 1
    answer = client.predict(
        "What colours was the lighthouse at Cape Wrath repainted?", None, "", None, api_name="/ask"
    )
    assert "red and white" in answer["text"]


def test_bad_upload_is_reported_per_file(client, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    report = client.predict([handle_file(str(empty))], api_name="/ingest")
    assert (
        report["added"] == [] and report["failed"][0][0] == "empty.txt" and "empty" in report["failed"][0][1]
    )


def test_oversized_upload_is_refused(server, client, tmp_path):
    """A 1.5 MB file against RAG_MAX_UPLOAD_MB=1: the server refuses it, and gradio_client knows the limit."""
    import httpx

    big = tmp_path / "big.txt"
    big.write_text("Title: Big\n\n" + "word " * 300_000)
    with pytest.raises(ValueError, match="exceeds the maximum file size of 1048576 bytes"):
        client.predict([handle_file(str(big))], api_name="/ingest")
    with big.open("rb") as f:  # past the client's own check: the server itself says no
        refused = httpx.post(f"{server}gradio_api/upload", files={"files": ("big.txt", f)}, timeout=30)
    assert refused.status_code == 413
    assert "File size exceeded maximum allowed size of 1048576 bytes" in refused.text


def test_uploads_with_the_same_name_keep_both_articles(client, tmp_path):
    """Same file name from two folders, in one call and in two calls: no upload overwrites another."""
    stories = {
        "a": "Title: Quay report A\n\nThe north quay of Tarbert was rebuilt with granite blocks in March.",
        "b": "Title: Quay report B\n\nThe south quay of Tarbert got eleven new mooring rings in April.",
        "c": "Title: Quay report C\n\nThe east quay of Tarbert was dredged to six metres in June.",
    }
    files = {}
    for key, text in stories.items():
        (tmp_path / key).mkdir()
        files[key] = tmp_path / key / "report.txt"
        files[key].write_text(text)
    both = client.predict([handle_file(str(files["a"])), handle_file(str(files["b"]))], api_name="/ingest")
    assert sorted(both["added"]) == ["Quay report A", "Quay report B"] and both["updated"] == []
    later = client.predict([handle_file(str(files["c"]))], api_name="/ingest")
    assert later["added"] == ["Quay report C"] and later["updated"] == []
    titles = [a["title"] for a in client.predict(api_name="/stats")["list"]]
    assert {"Quay report A", "Quay report B", "Quay report C"} <= set(titles)


def test_pasted_articles_with_similar_titles_keep_both(tmp_path, embedder):
    app = ChatApp(rag.open(home=tmp_path / "home", embedder=embedder))
    first = app.paste("Quay report", "The north quay was rebuilt with granite in March.", "", "")
    second = app.paste("Quay: report?", "The south quay got eleven new mooring rings in April.", "", "")
    assert first["added"] == ["Quay report"] and second["added"] == ["Quay: report?"]
    assert second["updated"] == [] and app.kb.stats()["articles"] == 2
    names = sorted(p.name for p in (app.kb.settings.data / "uploads").iterdir())
    assert len(names) == 2 and all(n.startswith("Quay-report") and n.endswith(".txt") for n in names)


@pytest.mark.parametrize("name", ["..txt", ".hidden.txt", "a b;c.txt", "ünï.md"])
def test_upload_names_are_safe(tmp_path, embedder, name):
    app = ChatApp(rag.open(home=tmp_path / "home", embedder=embedder))
    src = tmp_path / "src"
    src.mkdir()
    (src / name).write_text("Title: Safe name\n\nThe ferry to Rum left at nine.")
    kept = app._keep(app.kb, src / name)
    assert kept.parent == app.kb.settings.data / "uploads" and not kept.name.startswith(".")
    assert kept.suffix == Path(name).suffix and kept.read_text().endswith("left at nine.")


def test_filters_reach_the_retriever(client):
    answer = client.predict(
        "What did the crane repair cost?", None, "", {"source": ["Gazette"]}, api_name="/ask"
    )
    assert answer["citations"] and {c["source"] for c in answer["citations"]} == {"Gazette"}
    none = client.predict(
        "How much would the EU loan to Ukraine be?", None, "", {"source": ["Gazette"]}, api_name="/ask"
    )
    assert none["abstained"]


def test_binding_off_localhost_needs_credentials(sample_kb):
    with pytest.raises(RagError, match="RAG_AUTH"):
        serve(sample_kb, host="0.0.0.0", port=free_port(), block=False)
    assert _auth("ann:pw1,bob:pw2") == [("ann", "pw1"), ("bob", "pw2")]
    with pytest.raises(RagError):
        _auth("nopassword")


# --- headless Chromium -------------------------------------------------------------------------


def test_browser_answer_with_sources_panel(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 950})
    page.goto(server)
    ask_in_page(page, "How much would the EU loan to Ukraine be?")
    chat = page.locator("#chat").inner_text()
    assert "€90 billion" in chat and "answered by extractive" in chat
    href = page.locator("#chat a.cite").first.get_attribute("href")
    assert href.startswith("#a") and href.endswith("-source-1")  # this answer's own source 1
    source = page.locator("#sources #source-1")
    assert "Ukraine peace talks" in source.inner_text()
    assert "€90 billion loan" in source.locator("mark").inner_text()  # the supporting sentence, highlighted
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ui-answer.png"), full_page=True)
    ask_in_page(page, "What is the capital of France?")
    assert "The articles don't say." in page.locator("#chat .refusal").last.inner_text()
    page.locator("#new-conversation").click()
    page.wait_for_function("() => !document.querySelector('#chat .answered-by')", timeout=10000)
    page.close()


def test_browser_renders_script_laden_article_as_text(server, browser):
    page = browser.new_page()
    page.goto(server)
    ask_in_page(page, "How much did the harbour crane repair cost?")
    chat = page.locator("#chat").inner_text()
    assert "<script>window.__xss = 1</script>" in chat  # shown as text
    assert '<img src=x onerror="window.__xss = 2">' in page.locator("#sources").inner_text()
    assert page.locator("#chat img, #sources img, #chat script, #sources script").count() == 0
    assert page.evaluate("window.__xss") is None
    page.close()


def test_browser_sessions_do_not_share_history(server, browser):
    one, two = browser.new_context(), browser.new_context()
    a, b = one.new_page(), two.new_page()
    a.goto(server)
    b.goto(server)
    ask_in_page(a, "What did the European Commission announce about funding Ukraine?")
    assert b.locator("#chat .answered-by").count() == 0
    ask_in_page(a, "How much would it be?")  # a follow-up: resolved from A's own history
    assert "€90 billion" in a.locator("#chat .answered-by").last.locator("xpath=../..").inner_text()
    ask_in_page(b, "How much would it be?")  # the same words in B, which has no history
    assert b.locator("#chat .refusal").count() == 1
    one.close()
    two.close()


def test_browser_paste_article_then_ask(server, browser):
    page = browser.new_page()
    page.goto(server)
    page.get_by_role("tab", name="Articles").click()
    page.wait_for_function(  # the list is filled when the page loads
        "() => document.querySelector('#stats').innerText.includes('Ukraine peace talks')", timeout=20000
    )
    page.locator("#paste-title textarea, #paste-title input").first.fill("Orchard report")
    page.locator("#paste-text textarea").fill("The orchard at Kelso harvested 40 tonnes of plums in August.")
    page.locator("#paste-add").click()
    page.wait_for_function(
        "() => document.querySelector('#ingest-result').innerText.includes('added')", timeout=20000
    )
    assert "Orchard report" in page.locator("#stats").inner_text()
    page.get_by_role("tab", name="Chat").click()
    ask_in_page(page, "How many tonnes of plums did the Kelso orchard harvest?")
    assert "40 tonnes" in page.locator("#chat").inner_text()
    page.close()


FERRY = (
    "<html><head><title>Island ferry back | Harbour Post</title></head><body><nav>Home Sport</nav>"
    "<article><h1>Island ferry back</h1>"
    "<p>The Inchmurrin ferry returned on Thursday after three weeks of engine repairs at the yard.</p>"
    "<p>It carries 40 cars on each of its six daily trips, the operator said in a statement.</p>"
    + "</article><div id='comments'>Great news, says Dave.</div></body></html>"
)


def test_urls_through_the_api_and_the_articles_tab(client, server, browser):
    from tests.support.web_server import WebServer

    with WebServer() as web:
        url = web.add("/news/ferry.html", FERRY.encode())
        report = client.predict([], [url, web.url + "/missing"], api_name="/ingest")
        assert report["added"] == ["Island ferry back"]
        assert report["failed"] == [[web.url + "/missing", "HTTP 404 Not Found"]]
        page = browser.new_page()
        page.goto(server)
        page.get_by_role("tab", name="Articles").click()
        page.locator("#urls textarea").fill(f"{url}\n{web.url}/image.png")
        web.add("/image.png", b"\x89PNG", kind="image/png")
        page.locator("#urls-add").click()
        page.wait_for_function(
            "() => document.querySelector('#ingest-result').innerText.includes('unchanged')", timeout=20000
        )
        shown = page.locator("#ingest-result").inner_text()
        assert "Island ferry back: unchanged" in shown and "not an article (HTML or PDF)" in shown
        page.close()


def test_serve_answers_from_an_existing_index_while_it_syncs(tmp_path, embedder):
    """`rag serve` on an existing index serves at once and brings new corpus files in meanwhile."""
    import subprocess
    import sys
    import time

    home, docs = tmp_path / "home", tmp_path / "docs"
    docs.mkdir()
    assert rag.open(home=home, embedder=embedder).ingest([CORPUS]).added
    (docs / "harbour.txt").write_text(
        "Title: Harbour gazette\n\nThe harbour cranes were repaired at a cost of 3 million euros.\n"
    )
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "rag",
        "--home",
        str(home),
        "serve",
        "--corpus",
        str(docs),
        "--port",
        str(port),
    ]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    try:
        assert "in the background" in proc.stderr.readline()
        deadline = time.monotonic() + 120
        while True:
            try:
                client = Client(f"http://127.0.0.1:{port}/", verbose=False)
                break
            except Exception:
                assert time.monotonic() < deadline and proc.poll() is None, "the chat never came up"
                time.sleep(0.5)
        loan = client.predict("How much would the EU loan to Ukraine be?", None, "", None, api_name="/ask")
        assert "€90 billion" in loan["text"]
        while True:  # the new file arrives once the background sync has embedded it
            cranes = client.predict("How much did the crane repairs cost?", None, "", None, api_name="/ask")
            if "3 million euros" in cranes["text"]:
                break
            assert time.monotonic() < deadline, cranes["text"]
            time.sleep(1)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.parametrize(
    "args, problem",
    [(([], [5]), "urls must be a list of web addresses"), (([], "http://x.example/a"), "urls must be")],
    ids=["a number", "a string"],
)  # fmt: skip
def test_odd_argument_types_get_one_plain_line(client, args, problem):
    """Issue 24.19: urls=[5] gave "'int' object is not subscriptable", urls="http://..." gave "not a web
    address: h"."""
    with pytest.raises(AppError, match=problem) as e:
        client.predict(*args, api_name="/ingest")
    assert "object" not in str(e.value) and "Traceback" not in str(e.value)
    with pytest.raises(AppError, match=r"^ids must be a list of article ids"):
        client.predict("abc", None, api_name="/remove")
