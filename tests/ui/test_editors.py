"""Who may change the library in the browser (issue 24, item 3): with a login, only the users
RAG_EDITORS names may remove or add articles in the Articles tab; the others are told why, in one
message, and nothing changes. The same rule over the API is in tests/ui/test_api.py."""

import rag
from tests.support.app import served

FERRY = "Title: Ferry fares\nSource: Harbour Post\n\nThe ferry fare rose to 7 pounds on Monday.\n"
REFUSED = "'bob' (reader) may not add or remove articles or feeds"


def _login(browser, url: str, user: str, password: str):
    page = browser.new_context().new_page()
    page.goto(url)
    page.get_by_label("username").fill(user)
    page.get_by_label("password").fill(password)
    page.get_by_role("button", name="Login").click()
    page.get_by_role("tab", name="Articles").click()
    page.wait_for_function("() => document.querySelector('#stats').innerText.includes('Ferry fares')")
    return page


def _remove_ferry(page) -> None:
    page.locator("#remove-pick input").click()
    page.get_by_role("option", name="Ferry fares (Harbour Post)").click()
    page.locator("#remove").click()
    page.locator("#remove-confirm").click()


def test_only_an_editor_removes_articles_in_the_browser(tmp_path, embedder, browser):
    doc = tmp_path / "ferry.txt"
    doc.write_text(FERRY)
    kb = rag.open(home=tmp_path / "home", embedder=embedder, auth="alice:pw1,bob:pw2", editors="alice")
    kb.ingest([doc])
    with served(kb) as url:
        bob = _login(browser, url, "bob", "pw2")
        _remove_ferry(bob)
        bob.get_by_text(REFUSED).first.wait_for(timeout=20000)
        assert "Traceback" not in bob.content()
        assert kb.stats()["articles"] == 1
        alice = _login(browser, url, "alice", "pw1")
        _remove_ferry(alice)
        alice.wait_for_function(
            "() => document.querySelector('#ingest-result').innerText.includes('Removed: Ferry fares')",
            timeout=20000,
        )
    assert kb.stats()["articles"] == 0
