"""Issue 25: when outlets give different figures, the chat marks the answer "sources differ" (in the
browser, as a reader sees it), apart from the grey note that says which outlets."""

from tests.support.app import served
from tests.support.browser import ask_in_page
from tests.support.news import article, news_kb

MARCH = {
    "gazette.txt": article("Nurses march", "Harbour Gazette", "2025-12-06",
                           "About 12,000 nurses marched through Northfield on Saturday, organisers said."),
    "post.txt": article("Nurses rally", "Northfield Post", "2025-12-06",
                        "Police estimated that 8,000 nurses marched through Northfield on Saturday."),
}  # fmt: skip


def test_the_chat_marks_an_answer_whose_sources_differ(tmp_path, embedder, browser):
    kb = news_kb(tmp_path, embedder, MARCH)
    with served(kb) as url:
        page = browser.new_page()
        page.goto(url)
        ask_in_page(page, "How many nurses marched through Northfield?")
        mark = page.locator("#chat .figures.differ")
        assert mark.count() == 1 and mark.is_visible()
        assert mark.inner_text().strip() == "⚖ Sources differ on this figure"
        chat = page.locator("#chat").inner_text()
        assert "12,000" in chat and "8,000" in chat and "sources differ on this figure: " in chat
        assert "Harbour Gazette" in chat and "Northfield Post" in chat
        page.close()
