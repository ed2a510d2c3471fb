"""Issue 26: sources belong to their answer. After two questions, clicking [1] in the first answer
shows the first answer's passage (not the latest one's), and hovering [n] previews the cited sentence."""

import pytest

from tests.support.app import served
from tests.support.browser import ask_in_page
from tests.support.news import article, news_kb

ARTICLES = {
    "bridge.txt": article("Bridge reopens", "Harbour Gazette", "2025-12-04",
                          "The Kell Street bridge reopened on Thursday after repairs costing £2.3m."),
    "fares.txt": article("Rail fares rise", "Northfield Post", "2025-12-05",
                         "Rail fares on the North Coast will rise by an average of 4.6% in January."),
}  # fmt: skip


@pytest.fixture
def page(tmp_path, embedder, browser):
    """The chat on the two articles, in Chromium at 1440×900."""
    with served(news_kb(tmp_path, embedder, ARTICLES)) as url:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(url)
        yield page
        page.close()


def test_a_citation_of_an_earlier_answer_shows_that_answers_passage(page):
    ask_in_page(page, "How much did the Kell Street bridge repairs cost?")
    ask_in_page(page, "By how much will rail fares rise?")
    first = page.locator("#chat a.cite").first
    assert first.get_attribute("title") == (
        "The Kell Street bridge reopened on Thursday after repairs costing £2.3m."
    )  # the cited sentence, previewed on hover
    target = first.get_attribute("href")
    first.click()
    shown = page.locator(f"#chat {target}")
    shown.wait_for(state="visible", timeout=5000)
    assert "£2.3m" in shown.inner_text() and "4.6%" not in shown.inner_text()
    latest = page.locator("#chat a.cite").last.get_attribute("href")
    assert latest != target and "4.6%" in page.locator(f"#chat {latest}").text_content()


def test_a_refusal_shows_the_closest_passages_as_not_an_answer(page):
    ask_in_page(page, "Who painted the Kell Street bridge?")
    assert "The articles don't say." in page.locator("#chat .refusal").last.inner_text()
    closest = page.locator("#chat .closest").last
    assert closest.locator("strong").inner_text() == "Closest passages — not an answer"
    assert "The Kell Street bridge reopened on Thursday" in closest.inner_text()
    assert "Bridge reopens" in closest.inner_text() and "Harbour Gazette" in closest.inner_text()
