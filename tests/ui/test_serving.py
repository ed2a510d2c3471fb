"""The served chat: RAG_AUTH login, date filters over the API, and answers streaming in a real browser."""

from __future__ import annotations

import re

import httpx
import pytest
from gradio_client import Client
from gradio_client.exceptions import AuthenticationError

import rag
from tests.support.app import served
from tests.support.openai_server import OpenAIServer, passage_number
from tests.support.ports import free_port

RATES = "How much did the central bank raise its main interest rate?"
EU = "How much would the EU loan to Ukraine be?"


@pytest.fixture(scope="module")
def served_topics(topics_kb):
    """The dated topic records served without a login."""
    with served(topics_kb) as url:
        yield Client(url, verbose=False)


@pytest.mark.parametrize(
    ("filters", "answered"),
    [
        ({"date_from": "2024-03-01", "date_to": "2024-03-31"}, True),
        ({"date_from": "2024-01-01"}, True),
        ({"date_to": "2024-03-05"}, True),
        ({"date_from": "2024-03-06"}, False),  # the record is dated 2024-03-05
        ({"date_from": "2024-06-01", "date_to": "2024-12-31"}, False),
        ({"date_to": "2024-03-04"}, False),
    ],
)
def test_ask_date_filters(served_topics, filters, answered):
    """/ask with date_from/date_to answers from the 2024-03-05 rates record only when it is in range."""
    answer = served_topics.predict(RATES, None, "", filters, api_name="/ask")
    assert answer["abstained"] is not answered
    if answered:
        assert "quarter point" in answer["text"]
        assert {c["date"] for c in answer["citations"]} == {"2024-03-05"}


@pytest.fixture(scope="module")
def with_login(topics_kb, embedder):
    """The same records served with RAG_AUTH=ann:pw1."""
    kb = rag.open(home=topics_kb.settings.home, embedder=embedder, auth="ann:pw1")
    with served(kb) as url:
        yield url


def test_login_refuses_a_wrong_password_and_admits_the_right_one(with_login):
    url = re.escape(with_login.rstrip("/"))
    with pytest.raises(ValueError, match=rf"^Could not login to {url}/?\.$"):
        Client(with_login, auth=("ann", "wrong"), verbose=False)
    with pytest.raises(
        AuthenticationError, match=rf"^Could not load {url}/? as credentials were not provided"
    ):
        Client(with_login, verbose=False).predict(RATES, None, "", None, api_name="/ask")  # the API is closed
    client = Client(with_login, auth=("ann", "pw1"), verbose=False)
    answer = client.predict(RATES, None, "", None, api_name="/ask")
    assert "quarter point" in answer["text"] and not answer["abstained"]


def test_login_over_http(with_login):
    """The login form: a wrong password is a 400 and no session; the right one sets the session cookie."""
    with httpx.Client(base_url=with_login, timeout=30) as http:
        assert http.get("config").status_code == 401
        wrong = http.post("login", data={"username": "ann", "password": "nope"})
        assert wrong.status_code == 400 and "Incorrect credentials" in wrong.text
        assert http.get("config").status_code == 401
        right = http.post("login", data={"username": "ann", "password": "pw1"})
        assert right.status_code == 200 and http.get("config").status_code == 200


# --- streaming in headless Chromium ---------------------------------------------------------------


@pytest.fixture(scope="module")
def slow_model_chat(sample_home, embedder):
    """The chat answering with a model (a real local server) that streams one word every 0.3 s."""
    reply = lambda r: f"The EU loan would be €90 billion [{passage_number(r, '€90 billion')}]."  # noqa: E731
    with OpenAIServer(reply, delay=0.3) as model:
        kb = rag.open(home=sample_home, model="openai/x", api_base=model.url, api_key="x", retries=0,
                      embedder=embedder)  # fmt: skip
        with served(kb) as url:
            yield url


def test_browser_answer_grows_in_pieces_before_the_final_answer(slow_model_chat, browser):
    """The chat shows the answer growing (several lengths) before the verified answer replaces it."""
    page = browser.new_page()
    page.goto(slow_model_chat)
    page.wait_for_selector("#chat", timeout=30000)
    page.evaluate("""() => {
        window.__seen = [];
        new MutationObserver(() => {
            const chat = document.querySelector('#chat');
            if (!chat.querySelector('.answered-by')) window.__seen.push(chat.innerText);
        }).observe(document.querySelector('#chat'), {subtree: true, childList: true,
                                                     characterData: true});
    }""")
    page.locator("#question textarea").fill(EU)
    page.locator("#ask").click()
    page.wait_for_selector("#chat .answered-by", timeout=30000)
    seen = [t for t in page.evaluate("window.__seen") if "The EU" in t]  # the answer being written
    final = page.locator("#chat").inner_text()
    lengths = sorted({len(t) for t in seen})
    assert len(lengths) >= 3, seen  # "The EU", "The EU loan", ...: shown as the words came
    assert "€90 billion" in final and "answered by openai/x" in final


def test_a_chat_served_beyond_localhost_does_not_fetch_from_the_local_network(tmp_path, embedder):
    """Bound to 0.0.0.0, the chat refuses URLs on loopback/private addresses (RAG_PRIVATE_URLS=allow
    lifts that); bound to 127.0.0.1 (the other tests) it fetches them."""
    from rag.api.server import serve
    from tests.support.web_server import WebServer

    body = (
        "<p>The pier at Saltcoats reopened on Friday after nine months of repairs to its timber deck.</p>"
        "<p>The council said the work cost 2.3 million pounds and the cafe at its end will open in May.</p>"
    )
    with WebServer() as web:
        url = web.add(
            "/pier.html", f"<html><body><article><h1>Pier</h1>{body}</article></body></html>".encode()
        )
        reports = {}
        for setting in ("", "allow"):
            kb = rag.open(
                home=tmp_path / "home", embedder=embedder, auth="ann:pw1", editors="ann", private_urls=setting
            )
            port = free_port()
            app = serve(kb, host="0.0.0.0", port=port, block=False)
            try:
                client = Client(f"http://127.0.0.1:{port}/", auth=("ann", "pw1"), verbose=False)
                reports[setting] = client.predict([], [url], api_name="/ingest")
            finally:
                app.close()
        assert (
            "refused: 127.0.0.1 is a private, loopback or link-local address" in reports[""]["failed"][0][1]
        )
        assert reports["allow"]["added"] == ["Pier"]
        assert web.count("/pier.html") == 1  # the refused request was never made
