"""LLM calls: the only module that imports litellm (imported lazily: it costs ~3 s)."""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Iterator

from rag.core.config import Settings
from rag.core.errors import RagError

EXTRACTIVE = "extractive"
LOCAL = "local"  # the model `rag llm serve` serves, reached through litellm's OpenAI-compatible provider


class LLMUnavailable(RagError):
    """The model could not answer after retries (timeout, rate limit, refused connection, ...)."""


@functools.cache
def _litellm():
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # no cost-map download at import
    import litellm

    litellm.suppress_debug_info = True
    litellm.telemetry = False
    return litellm


def check_model(model: str) -> None:
    """Raise RagError when litellm cannot route ``model`` to a provider."""
    if model in (EXTRACTIVE, LOCAL):
        return
    try:
        _litellm().get_llm_provider(model)
    except Exception:
        raise RagError(
            f"unknown model {model!r}: use 'extractive' or a litellm model string such as "
            "'openai/gpt-4o-mini', 'ollama/llama3.1' or 'openai/<name>' with RAG_API_BASE"
        ) from None


def complete(messages: list[dict], settings: Settings, max_tokens: int = 400) -> str:
    """The model's reply text; retries transient failures, then raises LLMUnavailable."""
    response = _call(messages, settings, max_tokens, stream=False)
    return response.choices[0].message.content or ""


def stream(messages: list[dict], settings: Settings, max_tokens: int = 400) -> Iterator[str]:
    """The model's reply as text pieces (the connection is retried; a broken stream raises)."""
    response = _call(messages, settings, max_tokens, stream=True)
    said = False
    try:
        for part in response:
            piece = part.choices[0].delta.content if part.choices else None
            if piece:
                said = True
                yield piece
    except Exception as e:
        down = _local_down(settings)
        raise LLMUnavailable(down or f"model {settings.model} stopped mid-answer: {_reason(e)}") from None
    finally:  # also when the reader stops early (Stop in the chat): hang up, so the model stops writing
        _hang_up(response)
    if not said:  # e.g. HTTP 200 with a proxy's HTML error page: no event parses, so nothing streams
        raise LLMUnavailable(f"model {settings.model} sent no readable reply (empty, or not an API response)")


def _hang_up(response) -> None:
    """Close a streamed reply's HTTP connection (litellm wraps the OpenAI SDK's stream)."""
    for stream in (getattr(response, "completion_stream", None), response):
        close = getattr(stream, "close", None)
        if callable(close):
            close()
            return


def _call(messages: list[dict], settings: Settings, max_tokens: int, stream: bool):
    litellm = _litellm()
    transient = (
        litellm.Timeout, litellm.RateLimitError, litellm.APIConnectionError,
        litellm.ServiceUnavailableError, litellm.InternalServerError, litellm.BadGatewayError,
    )  # fmt: skip
    model, kwargs = route(settings)
    for attempt in range(settings.retries + 1):
        try:
            return litellm.completion(
                model=model, messages=messages, max_tokens=max_tokens, temperature=0,
                timeout=settings.timeout, stream=stream, num_retries=0, **kwargs,
            )  # fmt: skip
        except transient as e:
            down = _local_down(settings)  # litellm reports a refused connection as several error types
            if down:  # a crashed server stays down: retrying only delays saying so
                raise LLMUnavailable(down) from None
            if attempt == settings.retries:
                hint = "; start it with: rag llm serve" if settings.model == LOCAL else ""
                raise LLMUnavailable(f"model {settings.model} unreachable: {_reason(e)}{hint}") from None
            time.sleep(min(0.5 * 2**attempt, 8.0))
        except Exception as e:  # auth, bad request, unknown model: retrying will not help
            raise LLMUnavailable(f"model {settings.model} failed: {_reason(e)}") from None
    raise AssertionError("unreachable")


def _local_down(settings: Settings) -> str | None:
    """For the local model, how its server ended (crashed, stopped), when that was recorded."""
    if settings.model != LOCAL:
        return None
    from rag.llm.local import crash_note

    note = crash_note(settings.local_url)
    return f"model local is down: {note}" if note else None


def route(settings: Settings) -> tuple[str, dict]:
    """The litellm model string and connection arguments for the configured model."""
    if settings.model == LOCAL:
        return "openai/local", {"api_base": settings.local_url, "api_key": "local"}
    kwargs = {"api_base": settings.api_base, "api_key": settings.api_key}
    return settings.model, {k: v for k, v in kwargs.items() if v}


def _reason(e: Exception) -> str:
    text = " ".join(str(e).split())
    return (text[:200] + "…") if len(text) > 200 else text or type(e).__name__
