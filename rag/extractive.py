"""The offline answerer: picks the sentence(s) of the retrieved passages that best answer the question.

A sentence's score is the IDF-weighted share of the question's content words it contains
(``coverage``), reduced when it lacks what the question type asks for (a number for "how many",
a date for "when", a name for "who"/"where"), with a small bonus for the passage's retrieval rank.
The best score also decides answerability: below ``min_coverage`` the articles don't say.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rag.sentences import split_sentences
from rag.terms import MONTHS, NUMBER_WORDS, facts, terms
from rag.types import Hit

TYPE_PENALTY = 0.6  # score multiplier for a sentence lacking the kind of answer the question wants
RANK_BONUS = 0.05  # added for the top-ranked passage, shrinking with rank
_NUMBER = re.compile(r"\d|\b(" + "|".join(NUMBER_WORDS) + r"|hundred|thousand|million|billion|dozen)\b", re.I)
_DATE = re.compile(
    r"\b(1\d{3}|20\d{2}|\d{1,2}(st|nd|rd|th)|centur\w*|decade|" + "|".join(MONTHS) + r")\b", re.I
)


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage: ``hit_index`` into the hits, character span in its text."""

    hit_index: int
    start: int
    end: int
    text: str
    coverage: float
    score: float


def wanted_type(question: str) -> str | None:
    """'number', 'date' or 'name' when the question's form asks for one."""
    q = question.lower()
    if re.search(r"\bhow (many|much|long|old|far|big|large)\b|\bwhat (percentage|number|amount)\b", q):
        return "number"
    if re.search(r"\bwhen\b|\bwhat (year|date|day|month|century|time)\b|\bwhich (year|century)\b", q):
        return "date"
    if re.search(r"^\s*(who|whom|whose)\b|\bwho (is|was|were|did)\b|^\s*where\b", q):
        return "name"
    return None


def has_type(sentence: str, kind: str | None) -> bool:
    if kind == "number":
        return bool(_NUMBER.search(sentence))
    if kind == "date":
        return bool(_DATE.search(sentence))
    if kind == "name":
        return bool(facts(sentence) - {w for w in facts(sentence) if w.isdigit()})
    return True


def rank_sentences(question: str, hits: list[Hit], idf: Callable[[str], float]) -> list[Candidate]:
    """Every sentence of ``hits`` scored for ``question``, best first."""
    q_terms = set(terms(question))
    weights = {t: idf(t) for t in q_terms}
    total = sum(weights.values()) or 1.0
    kind = wanted_type(question)
    out = []
    for i, hit in enumerate(hits):
        for a, b in split_sentences(hit.text):
            sentence = hit.text[a:b]
            coverage = sum(weights[t] for t in q_terms & set(terms(sentence))) / total
            score = coverage * (1.0 if has_type(sentence, kind) else TYPE_PENALTY) + RANK_BONUS / (i + 1)
            out.append(Candidate(i, a, b, sentence, round(coverage, 4), round(score, 4)))
    return sorted(out, key=lambda c: -c.score)


def choose(candidates: list[Candidate], min_coverage: float) -> list[Candidate]:
    """The answer sentence(s): the best one when it covers enough of the question, else none."""
    if not candidates or candidates[0].coverage < min_coverage:
        return []
    return [candidates[0]]
