"""Answer-type completion: the best sentence alone may not hold the answer. When it lacks what the
question asks for (a number, a date, a name) and the sentence before or after it in the same passage
has it, that sentence joins the answer; a sentence that opens by pointing back ("He said ...", "It
was ...") or ends a quotation begun before it brings the sentence before; a short one (under
``SHORT`` words) brings the next. At most one sentence is added on each side."""

from __future__ import annotations

import re

from rag.answer import phrase as short
from rag.answer.rank import Candidate
from rag.core.types import Hit
from rag.question import kind as kinds
from rag.question.wants import has_type
from rag.text.sentences import CONTINUES, POINTING, split_sentences

_QUOTE = re.compile(r"[\"“][^\"“”]{12,}[\"”]")  # a quotation of a few words, not a “scare” word
SHORT = 20  # words: a best sentence shorter than this takes the next one too (tuning half: +2 points)
_TYPES = {"number": "number", "date": "date", "person": "name", "place": "name", "name": "name"}


def extend(question: str, best: Candidate, hits: list[Hit]) -> list[Candidate]:
    """``best`` with the neighbouring sentence(s) it needs, in text order."""
    text = hits[best.hit_index].text
    spans = split_sentences(text)
    at = min(range(len(spans)), key=lambda k: abs(spans[k][0] - best.start), default=None)
    if at is None:
        return [best]
    wanted = _TYPES.get(short.kind(question) or "")
    chosen = {at}
    if wanted and not has_type(best.text, wanted, question):
        chosen |= _first(text, spans, at, wanted, question)
    if kinds.asks_quotation(question) and not _QUOTE.search(best.text):
        chosen |= _first(text, spans, at, "quote", question)  # what they said is often the next sentence
    if (POINTING.match(best.text) or CONTINUES.match(best.text)) and at > 0:
        chosen.add(at - 1)
    if len(chosen) == 1 and len(best.text.split()) < SHORT and at + 1 < len(spans):
        chosen.add(at + 1)  # a short sentence seldom says it all: what follows often completes it
    return [best if j == at else _candidate(best.hit_index, text, spans[j]) for j in sorted(chosen)]


def _first(text: str, spans: list[tuple[int, int]], at: int, wanted: str, question: str) -> set[int]:
    """The next sentence if it has the wanted type (a quotation for "quote"), else the previous one if
    it has, else none."""
    for j in (at + 1, at - 1):
        sentence = text[spans[j][0] : spans[j][1]] if 0 <= j < len(spans) else ""
        typed = _QUOTE.search(sentence) if wanted == "quote" else has_type(sentence, wanted, question)
        if sentence and typed:
            return {j}
    return set()


def _candidate(hit_index: int, text: str, span: tuple[int, int]) -> Candidate:
    a, b = span
    return Candidate(hit_index, a, b, text[a:b], 0.0, 0.0)
