"""Answerability: does the best retrieved sentence really answer the question, or should we refuse?

A logistic model over lexical features of the question and its best sentence. Its coefficients
live in ``answerability.json`` beside this file, fitted by ``eval/train_answerability.py`` on half
of the SQuAD 2.0 dev-8 articles and checked on the other half (numbers in the JSON).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable
from pathlib import Path

from rag.answer.rank import Candidate
from rag.question.followup import split_context
from rag.question.wants import has_type, wanted_type
from rag.question.weights import NOW_WORDS
from rag.text.terms import facts, terms, words

_DEMONYM = ("n", "an", "ian", "ese", "ish", "i")  # Estonia-n, Russi-an, Ukrain-ian, Chin-ese, Pol-ish
MODEL_FILE = Path(__file__).with_name("answerability.json")
FEATURES = [
    "coverage",  # IDF-weighted share of question terms in the best sentence
    "type_match",  # 1 when the best sentence has what the question type asks for
    "absent_weight",  # IDF-weighted share of question terms found in none of the retrieved passages
    "missing_terms",  # how many question terms the best sentence lacks
    "missing_facts",  # names and numbers of the question absent from all retrieved passages
]


def features(
    question: str, candidates: list[Candidate], idf: Callable[[str], float], passages: list[str]
) -> list[float]:
    """The FEATURES of a question, its ranked candidate sentences (best first) and the passages."""
    if not candidates:
        return [0.0, 0.0, 1.0, float(len(set(terms(question)))), float(len(facts(question)))]
    own, _ = split_context(question)  # a follow-up's appended context is not what must be answered
    best = candidates[0]
    q_terms = set(terms(own)) - NOW_WORDS  # "How much are they offering now?": "now" is not asked for
    missing = q_terms - set(terms(best.text))
    context = " ".join(passages)
    known = facts(context, skip_first=False) | set(words(context))
    absent = q_terms - set(terms(context))
    weight = {t: idf(t) for t in q_terms}
    total = sum(weight.values()) or 1.0

    def own_coverage(c: Candidate) -> float:
        """Coverage of the question as asked or as rewritten, whichever is higher: a follow-up's own
        words ("How many abstentions were there?") or, when they are only pronouns, its context."""
        own = sum(weight[t] for t in q_terms & set(terms(c.text))) / total if q_terms else 0.0
        return max(own, c.coverage)

    return [
        own_coverage(best),
        float(has_type(best.text, _fitted_type(question), own)),
        sum(weight[t] for t in absent) / total,
        float(len(missing)),
        float(len([f for f in facts(own) if not _known(f, known)])),
    ]


def _known(fact: str, known: set[str]) -> bool:
    """Whether a name or number of the question occurs in the passages, a name also in derived form
    (the question's "Estonia" is in "Estonian foreign minister", "Ukraine" in "Ukrainian")."""
    if fact in known:
        return True
    if len(fact) < 5 or not fact.isalpha():
        return False
    stem = fact[:-1] if fact[-1] in "aey" else fact  # Ukraine -> Ukrain-ian, Italy -> Ital-ian
    return any(stem + suffix in known for suffix in _DEMONYM)


@functools.cache
def load(path: Path = MODEL_FILE) -> dict:
    """The fitted model: feature names, coefficients, intercept, default threshold."""
    model = json.loads(path.read_text())
    if model["features"] != FEATURES:
        raise ValueError(f"{path} was fitted on other features; rerun eval/train_answerability.py")
    return model


def confidence(x: list[float], model: dict | None = None) -> float:
    """Probability (0..1) that the question is answered by its best sentence."""
    model = model or load()
    z = model["intercept"] + sum(c * v for c, v in zip(model["coef"], x, strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def _fitted_type(question: str) -> str | None:
    """The wanted type as the model was fitted with: numbers, dates and names (a reason, for "why",
    only steers sentence ranking: many answers give one without a marker word)."""
    wanted = wanted_type(question)
    return None if wanted == "reason" else wanted
