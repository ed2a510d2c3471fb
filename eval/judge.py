"""Optional LLM-as-judge faithfulness score (``--judge MODEL``), through rag.llm."""

from __future__ import annotations

import re
from dataclasses import replace

from rag.core.config import Settings
from rag.core.types import Answer
from rag.llm import client as llm
from rag.llm.prompts import render


class Judge:
    """Asks ``model`` what share of an answer's sentences its cited passages support (0..1)."""

    def __init__(self, settings: Settings, model: str) -> None:
        llm.check_model(model)
        self.settings = replace(settings, model=model)

    def __call__(self, answer: Answer) -> float | None:
        passages = "\n\n".join(f"[{c.n}] {c.text}" for c in answer.citations)
        prompt = render(self.settings.prompts_dir, "judge", passages=passages, answer=answer.text)
        try:
            reply = llm.complete([{"role": "user", "content": prompt}], self.settings, max_tokens=10)
        except llm.LLMUnavailable:
            return None
        return parse_score(reply)


def parse_score(reply: str) -> float | None:
    """The first number in ``reply`` clamped to 0..1 (a percentage is divided by 100); None if none."""
    m = re.search(r"\d+(?:\.\d+)?", reply)
    if not m:
        return None
    value = float(m.group())
    value = value / 100 if value > 1 else value
    return max(0.0, min(1.0, value))
