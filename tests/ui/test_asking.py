"""Issue 26, asking in Chromium: the question shows at once under a pending answer, Stop ends a
local-model stream and says so, and a problem (an empty box, a bad date) is one line beside the box,
never an error over the conversation."""

import time

import pytest

import rag
from tests.support.app import served
from tests.support.browser import ask_in_page
from tests.support.openai_server import OpenAIServer, passage_number

EU = "How much would the EU loan to Ukraine be?"
LONG = " ".join(["The EU loan would be €90 billion [{n}]."] * 40)  # 240 pieces, 0.1 s apart: 24 s

# Record, in the page's own clock, when Enter went down in the box and when the question showed.
WATCH = """q => {
  window.timing = {};
  document.querySelector('#question textarea').addEventListener('keydown', e => {
    if (e.key === 'Enter') window.timing.enter = performance.now(); }, {capture: true});
  new MutationObserver(() => {
    if (!window.timing.shown && document.querySelector('#chat').innerText.includes(q))
      window.timing.shown = performance.now(); }).observe(document.body, {subtree: true, childList: true,
      characterData: true});
}"""


@pytest.fixture
def slow_local(browser, sample_home, embedder):
    """The chat with model 'local' served by a real OpenAI-compatible server streaming slowly."""
    reply = lambda request: LONG.format(n=passage_number(request, "€90 billion"))  # noqa: E731
    with OpenAIServer(reply, delay=0.1) as server:
        kb = rag.open(home=sample_home, model="local", local_url=server.url, llm_jobs="answer",
                      embedder=embedder, retries=0)  # fmt: skip
        with served(kb) as url:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(url)
            yield page, server
            page.close()


def test_the_question_shows_at_once_and_stop_ends_the_stream(slow_local):
    page, server = slow_local
    page.locator("#question textarea").wait_for()
    page.evaluate(WATCH, EU)
    held, released = [], []  # every request to the server held back: the question must show without
    page.route("**/gradio_api/**", lambda route: route.continue_() if released else held.append(route))
    page.locator("#question textarea").fill(EU)
    page.locator("#question textarea").press("Enter")
    page.locator("#chat p.pending").wait_for(timeout=5000)
    assert EU in page.locator("#chat").inner_text()  # shown while the server has not heard of it
    shown = page.evaluate("window.timing.shown - window.timing.enter")
    print(f"\nquestion shown {shown:.0f} ms after Enter")
    released.append(True)
    for route in held:
        route.continue_()
    assert page.locator("#question textarea").is_editable()  # the box stays usable meanwhile
    page.wait_for_function(
        "() => document.querySelector('#chat').innerText.includes('€90 billion')", timeout=20000
    )
    stop = page.locator("#stop")
    assert stop.is_visible()
    clicked = time.monotonic()
    stop.click()
    page.locator("#chat").get_by_text("Stopped.").wait_for(timeout=5000)
    ended = time.monotonic() - clicked
    so_far = page.locator("#chat").inner_text()
    deadline = time.monotonic() + 3
    while not server.cut and time.monotonic() < deadline:
        time.sleep(0.05)
    cut = (server.cut[0] - clicked) if server.cut else float("inf")
    print(
        f"Stop: shown as stopped after {ended * 1000:.0f} ms, the model's stream cut after {cut * 1e3:.0f} ms"
    )
    time.sleep(1.5)
    assert page.locator("#chat").inner_text() == so_far  # nothing more arrives
    assert page.locator("#chat .answered-by").count() == 0 and not stop.is_visible()
    assert server.cut, "the stream from the model was not ended"


def test_an_empty_box_or_a_bad_date_is_said_beside_the_box_not_over_the_chat(sample_kb, browser):
    with served(sample_kb) as url:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(url)
        assert page.locator("#ask").is_disabled()  # nothing to ask yet
        page.locator("#question textarea").press("Enter")
        problem = page.locator("#ask-problem .problem")
        problem.wait_for(timeout=5000)
        assert problem.inner_text() == "⚠ Type a question first."
        ask_in_page(page, EU)
        before = page.locator("#chat").inner_text()
        page.get_by_text("Filters").click()
        page.locator("#since textarea").fill("next tuesday")
        page.locator("#question textarea").fill("Who is Ukraine's foreign minister?")
        page.locator("#ask").click()
        page.locator("#ask-problem").get_by_text("From date “next tuesday” is not a date").wait_for(
            timeout=5000
        )
        assert page.locator("#chat").inner_text() == before  # the conversation is untouched
        assert page.locator(".toast-body, .error").count() == 0  # no error walls or toasts
        assert page.locator("#question textarea").input_value() == "Who is Ukraine's foreign minister?"
        page.close()
