"""An LLM writes the answer: the numbered passages that fit the prompt's budget and the question go to
the model, its reply streams, and the verified Answer follows; the extractive answer stands in when
the model is unreachable or most of its sentences are not supported."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from rag.answer import figures
from rag.answer.extractive import extractive
from rag.answer.finalize import finalize, has_support
from rag.answer.refusal import REFUSAL
from rag.core.config import Settings
from rag.core.types import Answer, Hit
from rag.llm import budget
from rag.llm import client as llm
from rag.llm.prompts import render
from rag.question import kind as kinds
from rag.verify import answer_spans


def messages(question: str, hits: list[Hit], settings: Settings, prompt: str = "answer") -> list[dict]:
    """Chat messages for an LLM: numbered passages, each with its source and date (as many as fit
    the token budget), and the question, in the ``prompt`` template (answer, or briefing)."""
    blocks = [f"[{i + 1}] {h.title}{_source_and_date(h)}\n{h.text}" for i, h in enumerate(hits)]
    blocks = blocks[: budget.fit(blocks, settings.context_tokens)]
    user = render(
        settings.prompts_dir, prompt, passages="\n\n".join(blocks), question=question, refusal=REFUSAL
    )
    return [
        {"role": "system", "content": render(settings.prompts_dir, "system")},
        {"role": "user", "content": user},
    ]


def generate(
    question: str, hits: list[Hit], idf, settings: Settings, prompt: str = "answer"
) -> Iterator[str | Answer]:
    """The configured LLM's answer as it streams, then the verified Answer; the extractive answer
    (with a note) when the model is unreachable or its answer has no supported sentence."""
    pieces: list[str] = []
    try:
        for piece in llm.stream(messages(question, hits, settings, prompt), settings):
            pieces.append(piece)
            yield piece
    except llm.LLMUnavailable as e:
        note = f"{e}; showing the extractive answer."
        yield replace(extractive(question, hits, idf, settings, note), fallback="unreachable")
        return
    final = figures.marked(
        finalize("".join(pieces), hits, settings.model, question), question, kinds.kind(question)
    )
    note = "" if final.abstained else _unverified(final, settings.model)
    if note:
        final = replace(extractive(question, hits, idf, settings, note), fallback="unverified")
    yield final


def _unverified(answer: Answer, model: str) -> str:
    """The note replacing an LLM answer none of whose sentences verified, or more than half of them not
    (a reader should not have to pick the few true ones out); '' when it stands."""
    what = f"the {model} answer could not be verified against the articles; the extractive answer is shown."
    if not has_support(answer):
        return what[0].upper() + what[1:]
    sentences = len(answer_spans(answer.text))
    return (
        f"{len(answer.flags)} of {sentences} sentences of {what}" if 2 * len(answer.flags) > sentences else ""
    )


def _source_and_date(hit: Hit) -> str:
    """' (source, date)' after a passage's title, or '' when it has neither."""
    known = ", ".join(x for x in (hit.source, hit.date) if x)
    return f" ({known})" if known else ""
