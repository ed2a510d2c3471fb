"""Saved conversations in the browser, in headless Chromium: a reload resumes the conversation with
its sources and follow-ups use it; another browser (another user) cannot see it; rename, export and
delete (confirmed), off until there is a conversation; the chat's trash starts afresh; titles told apart
by time; thumbs under each answer."""

import pytest

import rag
from tests.support.app import served
from tests.support.browser import ask_in_page
from tests.support.corpus import CORPUS

EU = "What did the European Commission announce about funding Ukraine?"


@pytest.fixture(scope="module")
def chat_url(tmp_path_factory, embedder):
    kb = rag.open(home=tmp_path_factory.mktemp("chats") / "home", embedder=embedder)
    assert kb.ingest([CORPUS]).added
    with served(kb) as url:
        yield url, kb


def wait_resumed(page, text: str) -> None:
    page.wait_for_function(
        "t => document.querySelector('#chat') && document.querySelector('#chat').innerText.includes(t)",
        arg=text, timeout=20000,
    )  # fmt: skip


def asked_then_started_afresh(browser, url: str, button: str):
    """A new browser's page that asked EU, then clicked ``button`` and saw the chat emptied."""
    page = browser.new_context().new_page()
    page.goto(url)
    ask_in_page(page, EU)
    page.locator(button).click()
    page.wait_for_function("() => !document.querySelector('#chat').innerText.includes('European Commission')")
    page.wait_for_function("() => document.querySelector('#export').disabled")  # the server let it go too
    return page


def test_reload_resumes_the_conversation_and_follow_ups_use_it(chat_url, browser):
    url, kb = chat_url
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    ask_in_page(page, EU)
    page.reload()
    wait_resumed(page, "European Commission")  # after a reload: the question and its answer are back
    assert "€90 billion loan" in page.locator("#sources").inner_text()  # with the sources panel
    ask_in_page(page, "How much would it be?")  # a follow-up: the stored history makes it answerable
    assert "€90 billion" in page.locator("#chat .answered-by").last.locator("xpath=../..").inner_text()
    page.reload()
    wait_resumed(page, "How much would it be?")
    assert (
        page.locator("#conversations input").input_value().startswith(f"{EU} · ")
    )  # open, by title and time
    other = browser.new_context().new_page()  # another browser: another user
    other.goto(url)
    other.wait_for_timeout(2000)
    assert "European Commission" not in other.locator("#chat").inner_text()
    other.locator("#conversations input").click()
    assert other.get_by_role("option", name=EU).count() == 0  # not listed for them
    context.close()


def test_rename_export_and_delete_are_off_until_a_conversation_and_delete_asks_first(chat_url, browser):
    url, kb = chat_url
    page = browser.new_context().new_page()
    page.goto(url)
    page.locator("#loaded .loaded b").wait_for(timeout=20000)
    for control in ("#rename", "#delete-conversation", "#export"):
        assert page.locator(control).is_disabled(), control  # nothing to rename, delete or export yet
    ask_in_page(page, EU)
    page.wait_for_function("() => !document.querySelector('#export').disabled")
    page.locator("#rename-to textarea, #rename-to input").first.fill("EU money")
    page.locator("#rename").click()
    page.wait_for_function(
        "() => document.querySelector('#conversations input').value.startsWith('EU money')"
    )
    page.wait_for_timeout(500)  # the download is renewed when the title changes
    with page.expect_download() as download:
        page.locator("#export").click()  # one click
    assert download.value.suggested_filename == "EU-money.md"
    text = download.value.path().read_text(encoding="utf-8")
    assert text.startswith("# EU money") and f"## {EU}" in text and "Sources:" in text
    page.locator("#delete-conversation").click()
    page.wait_for_timeout(1000)
    assert "European Commission" in page.locator("#chat").inner_text()  # not yet: it asks first
    page.locator("#delete-confirm").click()
    page.wait_for_function("() => !document.querySelector('#chat').innerText.includes('European Commission')")
    page.reload()
    page.wait_for_timeout(2000)
    assert "European Commission" not in page.locator("#chat").inner_text()  # gone after a reload too
    assert page.locator("#delete-conversation").is_disabled()


def test_the_chats_trash_starts_afresh_for_follow_ups_and_reloads(chat_url, browser):
    page = asked_then_started_afresh(browser, chat_url[0], "#chat button[aria-label='Clear']")
    ask_in_page(page, "How much would it be?")  # with the old history this is answered with €90 billion
    answer = page.locator("#chat .answered-by").last.locator("xpath=../..").inner_text()
    assert "don't say" in answer and "€90 billion loan" not in answer
    page.reload()
    wait_resumed(page, "How much would it be?")
    assert "European Commission announce" not in page.locator("#chat").inner_text()  # not brought back


def test_conversations_with_one_title_are_told_apart_by_time(chat_url, browser):
    page = asked_then_started_afresh(browser, chat_url[0], "#new-conversation")
    ask_in_page(page, EU)
    page.locator("#conversations input").click()
    labels = [o.inner_text().strip() for o in page.get_by_role("option").all()]
    same = [label.removeprefix("✓").strip() for label in labels if f"{EU} · " in label]
    assert len(same) == 2 and len(set(same)) == 2, labels


def test_whose_conversations_the_login_user_else_the_browser():
    from types import SimpleNamespace

    from rag.core.errors import RagError
    from rag.ui.chats import owner

    browser = "0f8fad5b-d9cb-469f-a165-70867728950e"
    assert owner(browser, SimpleNamespace(username="ann")) == "user:ann"  # a login wins over the browser
    assert owner(browser, SimpleNamespace(username=None)) == f"browser:{browser}"
    for bad in ("", "../../etc", "x" * 100):
        with pytest.raises(RagError, match="no id yet"):
            owner(bad, None)


def test_the_chat_answers_when_its_conversations_cannot_be_saved(tmp_path, embedder):
    from rag.ui.app import ChatApp

    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    assert kb.ingest([CORPUS]).added
    (tmp_path / "home" / "conversations.sqlite3").mkdir()  # the store can't be written there
    app = ChatApp(kb)
    *_, last = app.chat(EU, [], [], "extractive", [], "", "", "0f8fad5b-d9cb-469f-a165-70867728950e", "")
    shown, history, panel, _, conversation, _, problem = last
    assert (
        "€90 billion" in shown[-1]["content"] and conversation == "" and problem == ""
    )  # answered, not saved


def test_thumbs_under_any_answer_are_stored_with_its_turn(chat_url, browser):
    url, kb = chat_url
    from rag.chats.conversations import Conversations

    page = browser.new_context().new_page()
    page.goto(url)
    ask_in_page(page, EU)
    ask_in_page(page, "Who is Ukraine's foreign minister?")
    dislikes = page.locator("#chat button[aria-label='Dislike']")
    assert dislikes.count() == 2  # one under each answer
    dislikes.first.click()  # the first answer, not the last
    page.wait_for_function("() => document.querySelector('#conversation-status').innerText.includes('noted')")
    assert EU in [q for q, _ in Conversations(kb.settings.home).thumbs_down()]
    assert "Who is Ukraine's foreign minister?" not in [
        q for q, _ in Conversations(kb.settings.home).thumbs_down()
    ]
