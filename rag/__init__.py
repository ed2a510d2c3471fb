"""rag: a cited-answer chatbot over articles.

    import rag
    kb = rag.open()                       # $RAG_HOME or .rag/, model $RAG_MODEL or 'extractive'
    kb.ingest(["corpus/"])
    answer = kb.ask("How much would the EU loan to Ukraine be?")
    print(answer.text, answer.citations)

Heavy libraries (torch, chromadb, litellm) load only when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rag.core.errors import RagError
from rag.core.types import REFUSAL, Answer, Article, Chunk, Citation, Hit, IngestReport

if TYPE_CHECKING:
    from rag.kb import KnowledgeBase

__all__ = ["REFUSAL", "Answer", "Article", "Chunk", "Citation", "Hit", "IngestReport", "RagError", "open"]


def open(home=None, model: str | None = None, **settings) -> KnowledgeBase:  # noqa: A001 (mirrors io.open)
    """Open (or create) the knowledge base at ``home`` answering with ``model`` (default 'extractive')."""
    from rag.kb import open_kb

    return open_kb(home, model, **settings)
