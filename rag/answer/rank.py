"""Sentence ranking for the extractive answerer: every sentence of the retrieved passages scored for
the question, best first.

A sentence's score is the IDF-weighted share of the question's content words it contains
(``coverage``), reduced when it lacks what the question type asks for (a number for "how many",
a date for "when", a name for "who"/"where"), with a small bonus for the passage's retrieval rank.
Whether the best sentence answers at all is decided by rag/answer/answerability.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rag.core.types import Hit
from rag.question import kind as kinds
from rag.question.event import asked_verbs, dates_event
from rag.question.wants import has_type, wanted_type
from rag.question.weights import borrowed_terms, coverage, name_terms, question_weights, sentence_terms, terms
from rag.text.sentences import POINTING

TYPE_PENALTY = 0.6  # score multiplier for a sentence lacking the kind of answer the question wants
RANK_BONUS = 0.05  # added for the top-ranked passage, shrinking with rank
MEANING = 0.3  # weight of question-sentence embedding likeness: on the tuning half +2.7 points contains
# Share of a word's weight a sentence gets when only its passage (or, for a name, its article's title)
# has it: a follow-up's borrowed words and the question's names; on the tuning halves (SQuAD dev-8 and
# both news sets) names at 0.5: SQuAD contains +2 points, the news sets unchanged
ABOUT = 0.5
ELSEWHERE = 0.7  # score multiplier for a follow-up's sentence whose passage names nothing it borrowed
NEAR_PREVIOUS = 0.15  # added, for a follow-up, to a sentence next to one the previous answer gave
# Part of a quotation: a quotation mark opening or closing words (a quotation spanning sentences
# leaves one mark in each).
QUOTATION = re.compile(r"[\"“]\w|\w[,.!?]?[\"”]")
DATED_EVENT = 0.1  # added, for a "when" question, to a sentence dating the question's own verb
REPORTED = 0.95  # score multiplier for reported speech: as good an answer, a quotation wins a tie
_REPORTED = re.compile(r"\b(?:said|says|told|warned|added|insisted|argued|claimed)\b", re.I)  # "X said that"


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage: ``hit_index`` into the hits, character span in its text."""

    hit_index: int
    start: int
    end: int
    text: str
    coverage: float
    score: float


def rank_sentences(
    question: str,
    hits: list[Hit],
    idf: Callable[[str], float],
    previous: str = "",
    similar: Callable[[list[str]], list[float]] | None = None,
) -> list[Candidate]:
    """Every sentence of ``hits`` scored for ``question``, best first.

    ``previous`` is the previous answer of a follow-up: the sentences next to the ones it gave get a
    bonus (a detail of the same event is usually there), the ones it gave none (asked again, they
    would only repeat it). ``similar`` scores sentences by meaning (rag/answer/similar.py): paraphrases
    that share few words with the question still count.
    """
    weights = question_weights(question, idf)
    kind = wanted_type(question)
    quoted = kinds.asks_quotation(question)
    borrowed, names = borrowed_terms(question), name_terms(question)
    verbs = asked_verbs(question) if kind == "date" else frozenset()
    texts = [hit.text[a:b] for hit in hits for a, b, _ in sentence_terms(hit.text)]
    meaning = iter(similar(texts) if similar else [0.0] * len(texts))
    out = []
    for i, hit in enumerate(hits):
        given = _given(hit.text, previous)
        spans = sentence_terms(hit.text)
        # What the sentence is about may be named only elsewhere in its passage: a follow-up's borrowed
        # words ("It employs 480 people." after "Who is buying Callander Mills?"), and the question's
        # names, also in the article's title ("The club's debts are £9.6m" for Brandmoor Athletic)
        passage = frozenset().union(*(s for _, _, s in spans))
        about = borrowed & passage | names & (passage | frozenset(terms(hit.title)))
        for j, (a, b, sentence_set) in enumerate(spans):
            sentence = hit.text[a:b]
            if quoted:  # "what did X say": a quotation, whose speaker is often named the sentence before
                factor = _said(sentence)
                sentence_set = (
                    sentence_set | _speaker_terms(hit.text, spans, j) if factor == 1 else sentence_set
                )
            else:
                factor = 1.0 if has_type(sentence, kind, question) else TYPE_PENALTY
            cover = coverage(weights, sentence_set) + ABOUT * coverage(weights, about - sentence_set)
            if borrowed and not borrowed & about:
                factor *= ELSEWHERE
            score = cover * factor + RANK_BONUS / (i + 1) + MEANING * next(meaning)
            if verbs and dates_event(sentence, verbs):
                score += DATED_EVENT
            if j not in given and {j - 1, j + 1} & given:
                score += NEAR_PREVIOUS
            out.append(Candidate(i, a, b, sentence, round(cover, 4), round(score, 4)))
    return sorted(out, key=lambda c: -c.score)


def follows_up(question: str, best: Candidate, hits: list[Hit], previous: str) -> bool:
    """True when ``best`` stands next to a sentence of the previous answer and holds what the question
    asks for: a follow-up's own words are few ("And how much money?"), so its coverage says little."""
    kind = wanted_type(question)
    if kind is None or not has_type(best.text, kind, question):
        return False
    spans = sentence_terms(hits[best.hit_index].text)
    at = next((j for j, (a, _, _) in enumerate(spans) if a == best.start), None)
    return at is not None and bool({at - 1, at + 1} & _given(hits[best.hit_index].text, previous))


def _given(text: str, previous: str) -> set[int]:
    """Indexes of the sentences of passage ``text`` that the previous answer gave."""
    if not previous:
        return set()
    return {j for j, (a, b, _) in enumerate(sentence_terms(text)) if " ".join(text[a:b].split()) in previous}


def _said(sentence: str) -> float:
    """How well a sentence can tell what someone said: a quotation fully, reported speech ("X said
    that ...") less, anything else as a sentence lacking the wanted type."""
    if QUOTATION.search(sentence):
        return 1.0
    return REPORTED if _REPORTED.search(sentence) else TYPE_PENALTY


def _speaker_terms(text: str, spans, j: int) -> frozenset[str]:
    """Terms of the sentences before quotation sentence ``j`` back to the first one outside the quotation
    (at most 3): where a quotation running over sentences names its speaker and what it is about."""
    out: frozenset[str] = frozenset()
    for k in range(j - 1, max(-1, j - 5), -1):
        a, b, found = spans[k]
        out |= found
        if not QUOTATION.search(text[a:b]) and not POINTING.match(text[a:b]):
            break  # "She now expects ..." names the speaker only by pointing back: go on
    return out
