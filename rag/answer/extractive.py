"""The extractive answerer (the offline default, model ``extractive``): the best-supported sentence(s)
of the retrieved passages, cited, or a refusal when the evidence does not answer the question."""

from __future__ import annotations

from dataclasses import replace

from rag.answer import answerability, siblings
from rag.answer.extend import extend
from rag.answer.figures import with_other_figure
from rag.answer.finalize import cite, finalize
from rag.answer.qualifiers import off_topic, unmatched
from rag.answer.rank import Candidate, follows_up, rank_sentences
from rag.answer.refusal import refusal
from rag.core.config import Settings
from rag.core.types import Answer, Hit
from rag.question import kind as kinds
from rag.text.sentences import split_sentences


def extractive(
    question: str, hits: list[Hit], idf, settings: Settings, note: str = "", previous: str = "", similar=None
) -> Answer:
    """The offline answer: the best-supported sentence(s), cited; a refusal when support is too weak.

    ``previous`` is the previous answer when the question is a follow-up (see ``rank_sentences``).
    """
    chosen, candidates = _choose(question, hits, idf, settings, previous, similar)
    if not chosen or _elsewhere(question, chosen, hits):
        return refusal("extractive", question, note, hits)  # no answer, or one about something else
    chosen, remark, figures = with_other_figure(question, kinds.kind(question), chosen, candidates, hits)
    text = " ".join(cite(c.text, c.hit_index + 1) for c in chosen)
    answer = finalize(text, hits, "extractive", question, "; ".join(n for n in (note, remark) if n))
    return replace(answer, figures=figures)


def choose(
    question: str, hits: list[Hit], idf, settings: Settings, previous: str = "", similar=None
) -> list[Candidate]:
    """The answer sentence(s), or none when the evidence does not answer the question.

    ``similar`` scores sentences by meaning against the question (rag/answer/similar.py), None to go
    without.
    """
    return _choose(question, hits, idf, settings, previous, similar)[0]


def _choose(question, hits, idf, settings, previous, similar) -> tuple[list[Candidate], list[Candidate]]:
    """The answer sentence(s) (none: refuse) and every candidate sentence, best first."""
    candidates = rank_sentences(question, hits, idf, previous, similar)
    if candidates and previous and follows_up(question, candidates[0], hits, previous):
        return extend(question, candidates[0], hits), candidates  # "And how much money?"
    if not candidates or candidates[0].coverage < settings.min_coverage:
        return [], candidates
    model = answerability.load()
    threshold = model["threshold"] if settings.min_confidence is None else settings.min_confidence
    x = answerability.features(question, candidates, idf, [h.text for h in hits])
    if answerability.confidence(x, model) < threshold:
        return [], candidates
    return extend(question, candidates[0], hits), candidates


def supported(question: str, hits: list[Hit], idf, settings: Settings) -> bool:
    """Whether the passages answer the question well enough to answer at all."""
    return bool(choose(question, hits, idf, settings))


def _elsewhere(question: str, chosen: list[Candidate], hits: list[Hit]) -> bool:
    """Whether the answer is about something other than what the question names: its qualifiers are
    not in the answer's article, or a quotation's topic is not in the answer or the sentence before."""
    first = chosen[0]
    text = hits[first.hit_index].text
    before = [text[a:b] for a, b in split_sentences(text) if b <= first.start][-1:]
    context = " ".join([*before, *(c.text for c in chosen)])
    own = siblings.context(hits, first.hit_index, first.start, chosen[-1].end)
    return (
        bool(unmatched(question, hits[first.hit_index].article_id, hits))
        or off_topic(question, context)
        or bool(siblings.look_alike(question, own))
    )
