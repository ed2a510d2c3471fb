"""Issue 26, the screen as a reader meets it, in Chromium: the first screen (what is loaded, example
questions from it, models by what they are, conversation controls off until there is one), the layout
at 1440×900, 1024×700 and 390×844 in light and dark mode with axe-core finding no serious or critical
problem (contrast 4.5:1 included) on a page holding an extractive answer, a flagged AI answer and a
refusal, and screenshots of each kept in artifacts/screenshots/."""

import pytest

import rag
from tests.support.app import served
from tests.support.browser import ask_in_page
from tests.support.openai_server import OpenAIServer, passage_number
from tests.support.screens import choose, serious_violations, shoot

SIZES = [(1440, 900), (1024, 700), (390, 844)]
AI = "openai/x"


def invented(request: dict) -> str:
    """An AI answer: one sentence the article supports, one it does not."""
    n = passage_number(request, "€90 billion")
    return f"The EU would lend Ukraine €90 billion [{n}]. The loan was signed in Tokyo in 1999 [{n}]."


@pytest.fixture(scope="module")
def url(sample_home, embedder):
    """The chat on the sample article; the AI model offered beside the built-in ones."""
    with OpenAIServer(invented) as server:
        kb = rag.open(home=sample_home, models=AI, api_base=server.url, api_key="x", embedder=embedder)
        with served(kb) as address:
            yield address


def opened(browser, url: str, size: tuple[int, int], scheme: str = "light"):
    page = browser.new_page(viewport={"width": size[0], "height": size[1]}, color_scheme=scheme)
    page.goto(url + ("?__theme=dark" if scheme == "dark" else ""))
    page.locator("#example-0").wait_for(state="visible", timeout=20000)
    return page


def inside(page, selector: str) -> bool:
    """Whether the element is wholly on the screen, without scrolling."""
    box = page.locator(selector).first.bounding_box()
    view = page.viewport_size
    return (
        box is not None and box["y"] >= -1 and box["y"] + box["height"] <= view["height"] + 1
    )  # ±1 px: rounding


def test_the_first_screen_says_what_is_loaded_and_offers_questions_about_it(browser, url):
    page = opened(browser, url, (1440, 900))
    assert page.locator("#loaded").inner_text().strip() == (
        "Loaded: 1 article: Ukraine peace talks — Guardian, Reuters and AP"
    )
    asked = [page.locator(f"#example-{i}").inner_text() for i in range(3)]
    assert len(set(asked)) == 3 and all("Ukraine peace talks" in q for q in asked)
    assert page.locator("#model input").input_value() == "Quotes from the articles (fast, offline)"
    page.locator("#model input").click()
    offered = page.get_by_role("option").all_inner_texts()
    assert (
        "Small local AI (SmolLM2, runs on this machine)" in offered and f"{AI} (AI model by API)" in offered
    )
    page.keyboard.press("Escape")
    box = page.get_by_role("textbox", name="Your question")  # its name for a screen reader
    page.reload()
    page.locator("#example-0").wait_for(state="visible", timeout=20000)
    assert box.evaluate("e => e === document.activeElement")  # focused: a reader types at once
    for control in ("#rename", "#delete-conversation", "#export"):
        assert page.locator(control).is_disabled(), control  # nothing to rename, delete or export yet
    assert page.locator("#sources").inner_text().strip() == "Sources of the latest answer appear here."
    page.locator("#example-0").click()  # an example is asked, and answered from the article
    page.locator("#chat .answered-by").first.wait_for(timeout=20000)
    assert page.locator("#chat .refusal").count() == 0 and page.locator("#chat a.cite").count() >= 1
    assert asked[0] in page.locator("#chat").inner_text()
    page.locator("#examples").wait_for(state="hidden", timeout=5000)  # gone once the chat has begun
    page.locator("#export:not([disabled])").wait_for(timeout=10000)
    assert (
        not page.locator("#rename").is_disabled() and not page.locator("#delete-conversation").is_disabled()
    )
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_each_size_and_mode_keeps_the_question_box_in_view_and_passes_axe(browser, url, size, scheme):
    page = opened(browser, url, size, scheme)
    name = f"{size[0]}x{size[1]}-{scheme}"
    shoot(page, f"first-{name}")
    assert inside(page, "#question textarea") and inside(page, "#example-0")
    if size[0] >= 1024:  # beside the chat: the model, the filters and a new conversation, all in view
        assert all(inside(page, c) for c in ("#model", "#filters", "#new-conversation"))
    else:  # a phone: the chat before the conversation list, the question box in view
        assert (
            page.locator("#question").bounding_box()["y"] < page.locator("#conversations").bounding_box()["y"]
        )
    ask_in_page(page, "Who won the football match?")  # a refusal, with the closest passages
    choose(page, "#model", f"{AI} (AI model by API)")
    ask_in_page(page, "How much would the EU loan to Ukraine be?")  # an AI answer with a flagged sentence
    assert page.locator("#chat .unsupported").count() == 1 and page.locator("#chat .closest").count() == 1
    page.locator("#chat details.answer-sources").last.evaluate("d => d.open = true")
    shoot(page, f"answers-{name}")
    assert serious_violations(page) == []
    page.close()


def test_on_a_phone_a_citation_leads_to_its_source_and_back(browser, url):
    page = opened(browser, url, (390, 844))
    ask_in_page(page, "How much would the EU loan to Ukraine be?")
    page.wait_for_timeout(1000)  # a reader taps once the answer has settled (the chat scrolls to its end)
    cite = page.locator("#chat a.cite").first
    cite.click()
    href = cite.get_attribute("href")
    source = page.locator(f"#chat {href}")
    source.wait_for(state="visible", timeout=5000)
    page.wait_for_function(
        "s => Math.abs(document.querySelector(s).getBoundingClientRect().top) < 2", arg=f"#chat {href}"
    )  # the tap lands on the source's top, where its way back is
    assert inside(page, f"#chat {href} a.back")
    source.locator("a.back").click()
    page.wait_for_timeout(300)
    assert inside(page, f"#chat #{cite.get_attribute('id')}")  # back where the reader was
    shoot(page, "phone-back-to-the-answer")
    page.close()


def test_choosing_the_small_local_ai_says_it_is_starting_then_ready(browser, sample_home, embedder):
    """A real start: llama.cpp's server for SmolLM2 on a free port, begun by the choice itself."""
    import os
    import signal

    from rag.llm.local.status import read_status
    from tests.support.ports import free_port

    local = f"http://127.0.0.1:{free_port()}/v1"
    kb = rag.open(home=sample_home, embedder=embedder, local_url=local)
    with served(kb) as address:
        page = opened(browser, address, (1440, 900))
        assert page.locator("#model-status").is_hidden()  # quotes need no start
        choose(page, "#model", "Small local AI (SmolLM2, runs on this machine)")
        status = page.locator("#model-status")
        status.get_by_text("The local model is starting").wait_for(timeout=10000)
        assert "until it is ready, answers are quotes from the articles" in status.inner_text()
        try:
            status.get_by_text("The small local AI is ready.").wait_for(timeout=120000)  # without asking
        finally:
            started = read_status(local).get("pid")
            if started:
                os.kill(started, signal.SIGTERM)  # the server this choice started
        page.close()


def test_copying_an_answer_gives_its_text_and_sources_not_html(browser, url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(url)
    page.locator("#example-0").wait_for(state="visible", timeout=20000)
    ask_in_page(page, "How much would the EU loan to Ukraine be?")
    page.locator("#chat button[aria-label='Copy message']").nth(1).click()  # [0] copies the question
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.includes('Sources:'))")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "<" not in copied and "class=" not in copied
    answer, sources = copied.split("\nSources:\n")
    assert "€90 billion loan" in answer and "[1]" in answer
    assert sources.startswith('[1] Ukraine peace talks (Guardian, Reuters and AP): "On Wednesday')
    choose(page, "#model", f"{AI} (AI model by API)")
    ask_in_page(page, "How much would the EU loan to Ukraine be?")
    page.locator("#chat button[aria-label='Copy message']").nth(3).click()  # the AI answer
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.includes('openai/x'))")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "Not verified: The loan was signed in Tokyo in 1999 [1]." in copied  # the flag goes with it
    assert "The EU would lend Ukraine €90 billion [1]." in copied and "\nSources:\n[1] " in copied
    context.close()
