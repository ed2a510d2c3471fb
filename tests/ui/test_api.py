"""The /ask API on a real served app: only the models of the menu may be used, and wrong arguments are
told in words (never Python's own wording)."""

import json
import re

import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

import rag
from rag.ui.app import ChatApp, models_offered
from tests.support.app import served
from tests.support.corpus import CORPUS
from tests.support.openai_server import OpenAIServer

EU = "How much would the EU loan to Ukraine be?"
REPLY = "The EU would fund Ukraine with a €90 billion loan [1]."


@pytest.fixture(scope="module")
def llm_url():
    """A real OpenAI-compatible server on 127.0.0.1 answering REPLY to any chat completion."""
    with OpenAIServer(REPLY) as server:
        yield server.url


@pytest.fixture(scope="module")
def app_kb(tmp_path_factory, embedder, llm_url):
    kb = rag.open(home=tmp_path_factory.mktemp("api") / "home", embedder=embedder, models="openai/menu-model",
                  api_base=llm_url, api_key="x", retries=0)  # fmt: skip
    assert not kb.ingest([CORPUS]).failed
    return kb


@pytest.fixture(scope="module")
def client(app_kb):
    with served(app_kb) as url:
        yield Client(url, verbose=False)


def test_rag_models_are_offered(app_kb):
    assert models_offered(app_kb) == ["extractive", "local", "openai/menu-model"]


def test_a_model_of_the_menu_answers_through_ask(client):
    answer = client.predict(EU, None, "openai/menu-model", None, api_name="/ask")
    assert answer["model"] == "openai/menu-model" and answer["fallback"] == ""
    assert "€90 billion" in answer["text"] and answer["citations"]


@pytest.mark.parametrize("model", ["openai/gpt-4o", "anthropic/claude-3-opus", "ollama/llama3.1"])
def test_a_model_not_in_the_menu_is_refused(client, model):
    with pytest.raises(AppError, match=rf"^model '{re.escape(model)}' is not offered here") as err:
        client.predict(EU, None, model, None, api_name="/ask")
    assert "\n" not in str(err.value).strip()


def test_the_chat_refuses_an_unlisted_model_too(app_kb):
    shown, *_, problem = next(ChatApp(app_kb).chat(EU, [], [], "openai/gpt-4o", [], "", ""))
    assert "model &#x27;openai/gpt-4o&#x27; is not offered here" in problem and shown == []  # beside the box


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((EU, 5, "", None), "history must be a list of messages, got a number"),
        ((EU, [{"role": "user"}], "", None), "history message 1 must be"),
        ((EU, ["hi"], "", None), "history message 1 must be"),
        ((5, None, "", None), "the question must be text, got a number"),
        ((EU, None, 5, None), "is not offered here"),
        ((EU, None, "", "Reuters"), "filters must be an object"),
        ((EU, None, "", {"source": 5}), "filter source must be text or a list of texts"),
        ((EU, None, "", {"when": 1}), "unknown filter 'when'"),
        (("x" * 2001, None, "", None), "question too long: 2,001 characters"),
    ],
    ids=["history-int", "history-no-content", "history-str", "question-int", "model-int", "filters-str",
         "source-int", "filter-unknown", "too-long"],
)  # fmt: skip
def test_wrong_arguments_are_told_in_words(client, args, message):
    with pytest.raises(AppError, match=message) as err:
        client.predict(*args, api_name="/ask")
    text = str(err.value)
    assert "object is not" not in text and "NoneType" not in text and "Traceback" not in text


def test_a_lone_surrogate_through_the_api(client):
    """JSON may carry a lone surrogate as an escape (gradio_client cannot send one: raw HTTP does)."""
    import httpx

    body = '{"data": ["' + EU + ' \\ud800", null, "", null, ""]}'
    base = client.src.rstrip("/") + "/gradio_api/call/ask"
    event = httpx.post(base, content=body, headers={"Content-Type": "application/json"}, timeout=30).json()
    with httpx.stream("GET", f"{base}/{event['event_id']}", timeout=60) as reply:
        lines = [line for line in reply.iter_lines() if line.startswith("data:")]
    answer = json.loads(lines[-1][5:])[0]
    assert "€90 billion" in answer["text"], lines


# --- a flagged sentence and why, through /ask and in the browser chat ----------------------------------

WRONG = "The EU would fund Ukraine with a €90 billion loan [{n}]. Ukraine would repay €60 billion [{n}]."


@pytest.fixture(scope="module")
def flagging_url(tmp_path_factory, embedder):
    """The app with a model whose second sentence reverses what its passage says."""
    from tests.support.openai_server import passage_number

    with OpenAIServer(lambda request: WRONG.format(n=passage_number(request, "€90 billion"))) as model:
        home = tmp_path_factory.mktemp("flag") / "home"
        kb = rag.open(home=home, embedder=embedder, models="openai/flagger", model="openai/flagger",
                      api_base=model.url, api_key="x", retries=0)  # fmt: skip
        assert not kb.ingest([CORPUS]).failed
        with served(kb) as url:
            yield url


def test_ask_gives_the_reason_a_sentence_was_flagged(flagging_url):
    answer = Client(flagging_url, verbose=False).predict(EU, None, "openai/flagger", None, api_name="/ask")
    assert answer["unsupported"] == ["Ukraine would repay €60 billion [1]."]
    assert answer["reasons"] == {"Ukraine would repay €60 billion [1].": "changed: €90 billion → €60 billion"}


def test_the_chat_shows_why_a_sentence_is_flagged(flagging_url, browser):
    from tests.support.browser import ask_in_page

    page = browser.new_page()
    page.goto(flagging_url)
    ask_in_page(page, EU)
    flagged = page.locator("#chat .unsupported").last
    why = flagged.get_attribute("title")
    assert why == "Not verified: the source says “€90 billion”, not “€60 billion”"
    assert "Ukraine would repay €60 billion" in flagged.inner_text()
    assert why.removeprefix("Not verified: ") in flagged.locator(".why").inner_text()


def test_with_a_login_only_editors_change_the_library(tmp_path, embedder):
    """Issue 24.3: with RAG_AUTH=alice:pw1,bob:pw2 any logged-in user could remove every article (bob
    deleted alice's upload). Now only the users RAG_EDITORS names may add or remove; all may ask."""
    kb = rag.open(home=tmp_path / "home", embedder=embedder, auth="alice:pw1,bob:pw2", editors="alice")
    doc = tmp_path / "ferry.txt"
    doc.write_text("Title: Ferry fares\n\nThe ferry fare rose to 7 pounds on Monday, the operator said.")
    with served(kb) as url:
        alice = Client(url, auth=("alice", "pw1"), verbose=False)
        bob = Client(url, auth=("bob", "pw2"), verbose=False)
        with pytest.raises(AppError, match=r"^'bob' \(reader\) may not add or remove articles"):
            bob.predict([handle_file(str(doc))], None, api_name="/ingest")
        assert alice.predict([handle_file(str(doc))], None, api_name="/ingest")["added"] == ["Ferry fares"]
        [article] = bob.predict(api_name="/stats")["list"]
        with pytest.raises(AppError, match=r"^'bob' \(reader\) may not add or remove articles"):
            bob.predict([article["id"]], None, api_name="/remove")
        assert (
            "7 pounds" in bob.predict("How much is the ferry fare?", None, "", None, api_name="/ask")["text"]
        )
        assert alice.predict([article["id"]], None, api_name="/remove") == {"removed": ["Ferry fares"]}
    assert kb.stats()["articles"] == 0
