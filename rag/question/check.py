"""What a question may be: the one check every entry point (CLI, API, browser, Python) goes through.

A question is text of at most RAG_MAX_QUESTION_CHARS characters. Invalid UTF-8 (a terminal's bytes
decoded with surrogateescape) and lone surrogates become U+FFFD; control characters become spaces;
markup and scripts are not part of what is asked, so tags and the content of script/style blocks are
removed (the words outside tags stay).
"""

from __future__ import annotations

import re

from rag.core.errors import RagError

_BLOCKS = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|$)", re.I | re.S)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<![^<>]*>")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
HISTORY_MESSAGES = 20  # a follow-up needs the last turns only; older ones are dropped
ROLES = ("user", "assistant")


def clean(question: object, max_chars: int) -> str:
    """The question as retrieval should see it; RagError (one line) when it is not a usable question."""
    if question is None:
        question = ""
    if not isinstance(question, str):
        raise RagError(f"the question must be text, got {_kind(question)}")
    if len(question) > max_chars:
        raise RagError(
            f"question too long: {len(question):,} characters (the limit is {max_chars:,}, "
            "RAG_MAX_QUESTION_CHARS)"
        )
    text = _SURROGATE.sub("\ufffd", question)  # undecodable bytes (surrogateescape), lone halves
    text = _TAG.sub(" ", _COMMENT.sub(" ", _BLOCKS.sub(" ", text)))
    text = " ".join(_CONTROL.sub(" ", text).split())
    if not text:
        raise RagError("empty question: ask something about the articles (markup is not read)")
    return text


def history(messages: object, max_chars: int) -> list[dict] | None:
    """Validated conversation: a list of {"role": "user"|"assistant", "content": text}, the last
    HISTORY_MESSAGES of it, each content cleaned of invalid text and cut to 4 x ``max_chars``."""
    if messages is None or messages == []:
        return None
    if not isinstance(messages, list):
        raise RagError(f"history must be a list of messages, got {_kind(messages)}")
    kept = []
    for i, m in enumerate(messages[-HISTORY_MESSAGES:]):
        if not isinstance(m, dict) or m.get("role") not in ROLES or not isinstance(m.get("content"), str):
            raise RagError(
                f'history message {i + 1} must be {{"role": "user" or "assistant", "content": text}}'
            )
        content = _SURROGATE.sub("\ufffd", m["content"][: 4 * max_chars])
        kept.append({"role": m["role"], "content": content})
    return kept


def _kind(value: object) -> str:
    """A type in words, for messages that reach people who did not write Python."""
    names = {int: "a number", float: "a number", bool: "true/false", dict: "an object", list: "a list",
             str: "text", type(None): "nothing"}  # fmt: skip
    return names.get(type(value), "something else")
