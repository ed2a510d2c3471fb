"""Headless Chromium for browser tests: its flags (as root, offline) and driving the chat in a page."""

CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def ask_in_page(page, question: str) -> None:
    """Type and send a question, then wait until its final (verified) answer is shown."""
    before = page.locator("#chat .answered-by").count()
    page.locator("#question textarea").fill(question)
    page.locator("#ask").click()
    page.wait_for_function(
        "n => document.querySelectorAll('#chat .answered-by').length > n", arg=before, timeout=20000
    )
