"""Time in every answer: a relative date in an answer sentence ("on Tuesday", "last week") is followed by
the date it means, from the article date of the passage the sentence cites ("on Tuesday (2 Dec 2025)"),
so the answer still says when a week later; ``Answer.dates`` keeps wording -> ISO date."""

from __future__ import annotations

from dataclasses import replace

from rag.core.types import Answer, Hit
from rag.text import dates
from rag.verify import answer_sentences, markers


def dated(answer: Answer, hits: list[Hit], order: list[int]) -> Answer:
    """``answer`` with its verified sentences' relative dates resolved; ``order[n-1]`` is the passage
    (1-based, in ``hits``) marker [n] stands for. Flagged sentences stay word for word."""
    text, found, short = answer.text, {}, answer.short
    for sentence in answer_sentences(answer.text):
        nums = markers(sentence)
        if not nums or sentence in answer.unsupported or not 0 < nums[0] <= len(order):
            continue
        anchor = dates.day_of(hits[order[nums[0] - 1] - 1].date)
        new, spoken = dates.annotate(sentence, anchor)
        if spoken:
            text, found = text.replace(sentence, new, 1), {**found, **spoken}
            if short and short in sentence:
                short = dates.annotate(short, anchor)[0]  # "when?" -> "yesterday (1 Dec 2025)"
    return replace(answer, text=text, dates=found, short=short) if found else answer
