"""The collection selector in the browser (issue 27): shown once a home has two collections, it picks
what the chat asks and what the Articles tab lists; a conversation remembers its collection, so a
reload or opening it from the list goes back to it; a user limited to some collections sees only those."""

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

import rag
from rag import collections
from rag.access import users
from tests.support.app import served
from tests.support.browser import ask_in_page
from tests.support.corpus import CORPUS
from tests.support.screens import choose

RACE = (
    "Title: Glenmoor hill climb\nSource: Valley Courier\nDate: 2025-11-30\n\n"
    "Ines Varga won the Glenmoor hill climb on Sunday in 14 minutes and 12 seconds, "
    "a course record for the cycling race.\n"
)
QUESTION = "Who won the Glenmoor hill climb cycling race?"


@pytest.fixture(scope="module")
def home(tmp_path_factory, embedder):
    base = tmp_path_factory.mktemp("collections")
    (base / "race.txt").write_text(RACE)
    home = base / "home"
    news = rag.open(home=home, embedder=embedder)
    news.ingest([CORPUS])
    collections.create(news.settings, "sport")
    rag.open(home=home, embedder=embedder, collection="sport").ingest([base / "race.txt"])
    return home


def _selected(page) -> str:
    return page.locator("#collection input").input_value()


def _answer(page) -> str:
    return page.locator("#chat .answered-by").last.locator("xpath=../..").inner_text()


def test_the_selector_picks_what_the_chat_asks_and_a_conversation_keeps_it(home, embedder, browser):
    with served(rag.open(home=home, embedder=embedder)) as url:
        page = browser.new_context().new_page()
        page.goto(url)
        page.locator("#collection input").wait_for(timeout=20000)
        assert _selected(page) == "articles"
        ask_in_page(page, QUESTION)
        assert "don't say" in _answer(page)  # the race is not in the default collection
        choose(page, "#collection", "sport")
        _wait_chat(page, "!", "Glenmoor")
        ask_in_page(page, QUESTION)
        assert "Ines Varga" in _answer(page)
        page.get_by_role("tab", name="Articles").click()
        listed = page.locator("#stats").inner_text()
        assert "Glenmoor hill climb" in listed and "Ukraine peace talks" not in listed
        page.reload()  # the open conversation comes back, in its collection
        _wait_chat(page, "", "Ines Varga")
        page.wait_for_function("() => document.querySelector('#collection input').value === 'sport'")
        choose(page, "#collection", "articles")
        _wait_chat(page, "!", "Ines Varga")
        _open_saved(page, QUESTION)  # the newest of the two so titled: asked in sport
        page.wait_for_function("() => document.querySelector('#collection input').value === 'sport'")


def _wait_chat(page, negate: str, text: str) -> None:
    """Until the chat (absent a moment while it is re-rendered) does, or with "!" does not, show it."""
    page.wait_for_function(
        f"t => {{ const c = document.querySelector('#chat'); return c && {negate}c.innerText.includes(t) }}",
        arg=text, timeout=20000,
    )  # fmt: skip


def _open_saved(page, title: str) -> None:
    """Open the saved conversation titled ``title`` (not the one open now) from the list."""
    page.locator("#conversations input").click()
    names = page.get_by_role("option").all_inner_texts()
    pick = next(n for n in names if n.strip().startswith(title))
    page.get_by_role("option", name=pick.strip()).click()


def test_a_user_limited_to_one_collection_sees_only_it(home, embedder, browser):
    users.add(home, "ann", "ann-password", "reader", ("sport",))
    try:
        with served(rag.open(home=home, embedder=embedder)) as url:
            page = browser.new_context().new_page()
            page.goto(url)
            page.get_by_label("username").fill("ann")
            page.get_by_label("password").fill("ann-password")
            page.get_by_role("button", name="Login").click()
            page.locator("#loaded .loaded b").wait_for(timeout=20000)
            page.wait_for_timeout(1000)
            assert not page.locator("#collection").is_visible()  # one collection: nothing to choose
            ask_in_page(page, QUESTION)
            assert "Ines Varga" in _answer(page)  # her only collection is the one asked
            client = Client(url, auth=("ann", "ann-password"), verbose=False)
            for collection in ("", "articles"):  # "" is the server's default: not hers either
                with pytest.raises(AppError, match="^'ann' may not use collection 'articles'$"):
                    client.predict(QUESTION, None, "", None, collection, api_name="/ask")
            assert "Ines Varga" in client.predict(QUESTION, None, "", None, "sport", api_name="/ask")["text"]
    finally:
        users.remove(home, "ann")
