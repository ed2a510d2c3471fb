import functools
from types import SimpleNamespace

import pytest

from rag.core.config import Settings
from rag.core.errors import RagError
from rag.llm import client as llm
from tests.support.openai_server import OpenAIServer

MESSAGES = [{"role": "user", "content": "How much would the EU loan be?"}]
REPLY = "The EU loan would be €90 billion [1]."


@pytest.fixture
def litellm():
    return llm._litellm()


@pytest.fixture
def settings():
    return Settings(model="openai/test", api_key="x", retries=2, timeout=5)


@pytest.fixture
def mocked(litellm, monkeypatch):
    """litellm.completion answering REPLY without any network (litellm's own mock_response)."""
    monkeypatch.setattr(litellm, "completion", functools.partial(litellm.completion, mock_response=REPLY))


@pytest.fixture
def no_sleep(monkeypatch):
    waits = []
    monkeypatch.setattr(llm.time, "sleep", waits.append)
    return waits


def test_check_model():
    llm.check_model("extractive")
    llm.check_model("openai/gpt-4o-mini")
    llm.check_model("ollama/llama3.1")
    with pytest.raises(RagError, match="unknown model 'bogus/x'"):
        llm.check_model("bogus/x")


def test_complete_returns_the_reply(mocked, settings):
    assert llm.complete(MESSAGES, settings) == REPLY


def test_stream_yields_pieces_of_the_reply(mocked, settings):
    pieces = list(llm.stream(MESSAGES, settings))
    assert len(pieces) > 1 and all(isinstance(p, str) for p in pieces)
    assert "".join(pieces) == REPLY


def test_call_arguments(litellm, monkeypatch):
    seen = {}

    def fake(**kwargs):
        seen.update(kwargs)
        return SimpleNamespace(choices=[SimpleNamespace(message=SimpleNamespace(content=None))])

    monkeypatch.setattr(litellm, "completion", fake)
    s = Settings(model="openai/local", api_base="http://127.0.0.1:8080/v1", timeout=7)
    assert llm.complete(MESSAGES, s, max_tokens=50) == ""
    assert seen["model"] == "openai/local" and seen["api_base"] == "http://127.0.0.1:8080/v1"
    assert (seen["max_tokens"], seen["temperature"], seen["timeout"]) == (50, 0, 7)
    assert "api_key" not in seen  # unset settings are not passed


def test_unreachable_server_raises_llm_unavailable():
    s = Settings(model="openai/x", api_base="http://127.0.0.1:9", api_key="x", retries=1, timeout=2)
    with pytest.raises(llm.LLMUnavailable, match="openai/x") as err:
        llm.complete(MESSAGES, s)
    assert isinstance(err.value, RagError) and "\n" not in str(err.value)


def test_transient_errors_are_retried(litellm, monkeypatch, settings, no_sleep):
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs)
        raise litellm.RateLimitError("slow down", llm_provider="openai", model="test")

    monkeypatch.setattr(litellm, "completion", flaky)
    with pytest.raises(llm.LLMUnavailable, match="unreachable"):
        llm.complete(MESSAGES, settings)
    assert len(calls) == settings.retries + 1 and len(no_sleep) == settings.retries


def test_recovers_after_a_transient_error(litellm, monkeypatch, settings, no_sleep):
    original = functools.partial(litellm.completion, mock_response=REPLY)
    calls = []

    def once_flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise litellm.APIConnectionError("refused", llm_provider="openai", model="test")
        return original(**kwargs)

    monkeypatch.setattr(litellm, "completion", once_flaky)
    assert llm.complete(MESSAGES, settings) == REPLY and len(calls) == 2


def test_permanent_errors_are_not_retried(litellm, monkeypatch, settings, no_sleep):
    calls = []

    def denied(**kwargs):
        calls.append(1)
        raise litellm.AuthenticationError("bad key", llm_provider="openai", model="test")

    monkeypatch.setattr(litellm, "completion", denied)
    with pytest.raises(llm.LLMUnavailable, match="failed"):
        llm.complete(MESSAGES, settings)
    assert calls == [1] and no_sleep == []


def test_broken_stream_raises_llm_unavailable(litellm, monkeypatch, settings):
    def parts():
        yield SimpleNamespace(choices=[SimpleNamespace(delta=SimpleNamespace(content="The EU "))])
        raise ConnectionResetError("peer reset")

    monkeypatch.setattr(litellm, "completion", lambda **kwargs: parts())
    got = []
    with pytest.raises(llm.LLMUnavailable, match="stopped mid-answer"):
        for piece in llm.stream(MESSAGES, settings):
            got.append(piece)
    assert got == ["The EU "]


# --- a real OpenAI-compatible server on 127.0.0.1 -----------------------------------------------------


@pytest.mark.parametrize("retries", [0, 2, 3])
def test_server_errors_are_retried_with_exponential_backoff(retries):
    """HTTP 500 from a real server: retries + 1 requests, waiting 0.5 s, 1 s, 2 s ... between them."""
    with OpenAIServer(status=500) as server:
        s = Settings(model="openai/x", api_base=server.url, api_key="x", retries=retries, timeout=5)
        with pytest.raises(llm.LLMUnavailable, match="openai/x unreachable"):
            llm.complete(MESSAGES, s)
    times = [t for t, _ in server.requests]
    assert len(times) == retries + 1  # neither litellm nor the OpenAI SDK retries on its own
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    for attempt, gap in enumerate(gaps):
        assert 0.5 * 2**attempt <= gap < 0.5 * 2**attempt + 0.6, gaps


def test_real_server_reply_and_stream():
    """The reply of a real HTTP server, whole and as streamed pieces, exactly as the server sent it."""
    with OpenAIServer(REPLY) as server:
        s = Settings(model="openai/x", api_base=server.url, api_key="x", retries=0)
        assert llm.complete(MESSAGES, s, max_tokens=50) == REPLY
        pieces = list(llm.stream(MESSAGES, s))
    assert len(pieces) == len(REPLY.split()) and "".join(pieces) == REPLY
    (_, sent), (_, streamed) = server.requests
    assert sent["messages"] == MESSAGES and sent["max_tokens"] == 50 and sent["temperature"] == 0
    assert streamed["stream"] is True
