"""The ``shorten`` LLM job: the extractive answer sentence cut by the model to the phrase that answers,
kept only when it restates the sentence (a tiny local model invents otherwise) and says more than the
question; an answer whose dates or other outlet's figure a phrase would cut stays whole."""

from __future__ import annotations

from dataclasses import replace

from rag import verify
from rag.answer.extractive import extractive
from rag.answer.finalize import cite, finalize
from rag.core.config import Settings
from rag.core.types import Answer, Hit
from rag.llm import client as llm
from rag.llm.prompts import render
from rag.question import kind as kinds
from rag.text.terms import terms


def shorten(question: str, hits: list[Hit], idf, settings: Settings, model: str) -> Answer | None:
    """The extractive sentence cut by the LLM to the phrase that answers; None if it fails to."""
    base = extractive(question, hits, idf, settings)
    if base.abstained or base.dates or base.figures or len(base.citations) > 1:
        return base  # a phrase would cut what dates it or the other outlet's figure
    if kinds.kind(question) in ("quote", "why"):
        return base  # someone's words, a reason: the sentence is the answer, not a phrase of it
    quote = base.citations[0].quote
    folder = settings.prompts_dir
    messages = [
        {"role": "system", "content": render(folder, "shorten_system")},
        {"role": "user", "content": render(folder, "shorten", sentence=quote, question=question)},
    ]
    try:
        phrase = llm.complete(messages, settings, max_tokens=32)
    except llm.LLMUnavailable as e:
        return replace(base, note=f"{e}; showing the extractive answer.", fallback="unreachable")
    phrase = " ".join(phrase.strip().strip('"“”').split())
    if not phrase or len(phrase.split()) > 20 or not verify.restates(phrase, quote, question):
        return None  # says more than the sentence and question do: keep the sentence
    if phrase.endswith("?") or not set(terms(phrase)) - set(terms(question)):
        return None  # the question echoed: it answers nothing
    n = next(i for i, h in enumerate(hits, 1) if h.chunk_id == base.citations[0].chunk_id)
    return finalize(cite(phrase.rstrip(".") + ".", n), hits, model, question)
