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

from rag.extractive import Candidate, has_type, wanted_type
from rag.followup import split_context
from rag.terms import facts, terms, words

MODEL_FILE = Path(__file__).with_name("answerability.json")
FEATURES = [
    "coverage",  # IDF-weighted share of question terms in the best sentence
    "second_coverage",  # the same for the runner-up sentence
    "type_match",  # 1 when the best sentence has what the question type asks for
    "max_missing_idf",  # the rarest question term the best sentence lacks (IDF / max IDF)
    "missing_terms",  # how many question terms the best sentence lacks
    "missing_facts",  # names and numbers of the question absent from the best sentence
    "question_terms",  # how many content terms the question has
]


def features(question: str, candidates: list[Candidate], idf: Callable[[str], float]) -> list[float]:
    """The FEATURES of a question and its ranked candidate sentences (best first)."""
    if not candidates:
        return [0.0, 0.0, 0.0, 1.0, float(len(set(terms(question)))), float(len(facts(question))), 0.0]
    own, _ = split_context(question)  # a follow-up's appended context is not what must be answered
    best = candidates[0]
    q_terms = set(terms(own))
    missing = q_terms - set(terms(best.text))
    known = facts(best.text, skip_first=False) | set(words(best.text))
    max_idf = idf("\x00never-seen")
    return [
        best.coverage,
        candidates[1].coverage if len(candidates) > 1 else 0.0,
        float(has_type(best.text, wanted_type(question))),
        max((idf(t) for t in missing), default=0.0) / max_idf,
        float(len(missing)),
        float(len([f for f in facts(own) if f not in known])),
        float(len(q_terms)),
    ]


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
