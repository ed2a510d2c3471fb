"""Issue 26, the Articles tab in real Chromium: each URL line reported on its own, the result shown
(and announced) under the forms, forms cleared after they worked, pasted articles dated, Remove menu
labels without hashes, and a summary in plain words."""

import datetime as dt

import pytest

import rag
from rag.ui.articles import MAX_URLS, _summary
from tests.support.app import served
from tests.support.news import article
from tests.support.web_server import WebServer

ARTICLES = {
    "bridge.txt": article("Bridge reopens", "Harbour Gazette", "2025-12-04",
                          "The Kell Street bridge reopened on Thursday after repairs costing £2.3m."),
    "untold.txt": "Title: Untold story\n\nA story with neither a source nor a date, about the lighthouse.\n",
}  # fmt: skip
LIGHTHOUSE = (
    "<html><head><title>Lighthouse relit | Coast News</title></head><body><article><h1>Lighthouse relit</h1>"
    "<p>The Ardmore lighthouse was relit on Friday after a two-year restoration by volunteers.</p>"
    "<p>Its beam reaches 18 miles out to sea, and the keeper's cottage opens to visitors in spring.</p>"
    "</article></body></html>"
)
NOT_URL = "not a web address (http or https)"
IN_VIEW = """() => { const r = document.querySelector('#ingest-result').getBoundingClientRect();
                     return r.top >= 0 && r.height > 0 && r.bottom <= window.innerHeight + 1; }"""
TOPS = """() => ({form: document.querySelector('#paste-add').getBoundingClientRect().bottom,
                result: document.querySelector('#ingest-result').getBoundingClientRect().top,
                remove: document.querySelector('#remove-pick').getBoundingClientRect().top})"""


@pytest.fixture(scope="module")
def web():
    with WebServer() as server:
        server.add("/news/lighthouse.html", LIGHTHOUSE.encode())
        yield server


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedder):
    """The chat on two articles, one with neither source nor date; tests add more."""
    base = tmp_path_factory.mktemp("articles")
    (base / "news").mkdir()
    for name, text in ARTICLES.items():
        (base / "news" / name).write_text(text)
    kb = rag.open(home=base / "home", embedder=embedder)
    assert len(kb.ingest([base / "news"]).added) == 2
    with served(kb) as url:  # on 127.0.0.1 the app may fetch from the local test server
        yield url


@pytest.fixture
def page(server, browser):
    """The Articles tab at 1024×600, its article list loaded."""
    page = browser.new_page(viewport={"width": 1024, "height": 600})
    page.goto(server)
    page.get_by_role("tab", name="Articles").click()
    page.wait_for_function("() => document.querySelector('#stats').innerText.includes('Untold story')")
    yield page
    page.close()


def _result(page, has: str) -> str:
    """The result's text once it includes ``has``; it is a live region (role=status), so it is announced."""
    status = page.locator("#ingest-result [role=status]")
    status.filter(has_text=has).wait_for(timeout=30000)
    return status.inner_text()


def test_each_url_line_is_reported_and_only_failed_lines_stay(page, web):
    long_line = "www." + "x" * 300 + ".example/story"
    lines = [f"{web.url}/news/lighthouse.html", "not a url <b>bold</b>", "", "ftp://files.example/a.txt",
             long_line, f"{web.url}/missing"]  # fmt: skip
    page.locator("#urls textarea").fill("\n".join(lines))
    page.locator("#urls-add").click()
    shown = _result(page, "Lighthouse relit")
    items = page.locator("#ingest-result li").all_inner_texts()
    assert (
        items
        == [
            "✅ Lighthouse relit: added",
            f"❌ {web.url}/missing: HTTP 404 Not Found",
            f"❌ not a url <b>bold</b>: {NOT_URL}",  # escaped: shown as typed, not as markup
            f"❌ ftp://files.example/a.txt: {NOT_URL}",
            f"❌ {long_line[:200]}…: {NOT_URL}",
        ]
    )
    assert shown.splitlines()[0] == "1 article added, 4 failed, 1 passage indexed"
    marks = page.locator("#ingest-result [role=img]")
    assert [marks.nth(i).get_attribute("aria-label") for i in range(5)] == ["added", *["failed"] * 4]
    assert "Lighthouse relit" in page.locator("#stats").inner_text()
    kept = page.locator("#urls textarea").input_value().splitlines()
    assert kept == ["not a url <b>bold</b>", "ftp://files.example/a.txt", long_line, f"{web.url}/missing"]


def test_too_many_url_lines_are_left_in_the_box_with_one_line(page):
    lines = [f"story {n}" for n in range(MAX_URLS + 3)]
    page.locator("#urls textarea").fill("\n".join(lines))
    page.locator("#urls-add").click()
    _result(page, "not read")
    items = page.locator("#ingest-result li").all_inner_texts()
    assert len(items) == MAX_URLS + 1
    assert items[-1] == f"❌ 3 more lines not read: at most {MAX_URLS} at a time (left in the box)"
    assert page.locator("#urls textarea").input_value().splitlines() == lines


def test_a_paste_is_reported_in_view_under_the_forms_then_cleared_and_dated_today(page):
    page.locator("#paste-title textarea, #paste-title input").first.fill("Harbour seals counted")
    page.locator("#paste-text textarea").fill("Volunteers counted 212 harbour seals on the sandbanks in May.")
    page.locator("#paste-source textarea, #paste-source input").first.fill("Coast News")
    add = page.locator("#paste-add")
    add.evaluate("b => b.scrollIntoView({block: 'end'})")  # the button at the bottom of the screen
    height = page.viewport_size["height"]
    assert abs(add.bounding_box()["y"] + add.bounding_box()["height"] - height) < 2
    add.click()
    today = dt.date.today().isoformat()
    shown = _result(page, "added")
    assert shown.splitlines()[0] == (
        f"1 article added, 1 passage indexed — dated today ({today}) — give a date to change it"
    )
    page.wait_for_function(IN_VIEW, timeout=5000)  # seen without scrolling
    top = page.evaluate(TOPS)  # measured at once: the page may still scroll between two measurements
    assert top["form"] <= top["result"] < top["remove"]  # under the forms, above the Remove row
    for field in ("paste-title", "paste-text", "paste-source", "paste-date"):
        assert page.locator(f"#{field} textarea, #{field} input").first.input_value() == ""
    page.locator("#remove-pick input").click()
    assert page.get_by_role("option", name=f"Harbour seals counted (Coast News · {today})").count() == 1
    assert page.get_by_role("option", name="Bridge reopens (Harbour Gazette · 2025-12-04)").count() == 1
    assert page.get_by_role("option", name="Untold story", exact=True).count() == 1  # no hash


def test_a_refused_paste_is_said_in_the_result_and_keeps_what_was_typed(page):
    page.locator("#paste-title textarea, #paste-title input").first.fill("Only a title")
    page.locator("#paste-date textarea, #paste-date input").first.fill("2025-12-01")
    page.locator("#paste-add").click()
    said = page.locator("#ingest-result").get_by_text("give the pasted article a title and some text")
    said.wait_for(timeout=20000)
    assert page.locator(".toast-body, .error").count() == 0  # no error walls or toasts
    assert "Untold story" in page.locator("#stats").inner_text()  # the list is still there
    assert page.locator("#paste-title textarea, #paste-title input").first.input_value() == "Only a title"
    assert page.locator("#paste-date textarea, #paste-date input").first.input_value() == "2025-12-01"


@pytest.mark.parametrize(
    "report, line",
    [({"added": ["a"], "passages": 3}, "1 article added, 3 passages indexed"),
     ({"skipped": ["a", "b"], "failed": [["x", "y"]]}, "2 articles unchanged, 1 failed"),
     ({"updated": ["a", "b"], "passages": 1}, "2 articles updated, 1 passage indexed"),
     ({}, "No articles added")],
)  # fmt: skip
def test_the_summary_reads_plainly(report, line):
    assert _summary({"added": [], "updated": [], "skipped": [], "failed": [], **report}) == line
