"""How much each word of a question weighs (IDF, a follow-up's borrowed words capped) and how much of
that weight a sentence covers: what retrieval ranks passages by and the answerer ranks sentences by."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from rag.question.followup import split_context
from rag.text.lexicon import name_forms
from rag.text.sentences import split_sentences
from rag.text.terms import MONTHS, facts
from rag.text.terms import terms as _stems
from rag.text.verbs import base

CONTEXT_WEIGHT = 0.3  # weight of a follow-up's context words relative to the question's own
_TYPE_WORDS = re.compile(
    r"\b(?:what|which|how)\s+(?:year|date|day|month|century|decade|time|country|city|place|town|number"
    r"|amount|percentage|organi[sz]ation|group|company|person|official)s?\b",
    re.I,
)
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")


# Words asking for the latest state ("How many are there now?"): when to answer from, not what; an
# article seldom says "now" where it gives the figure.
NOW_WORDS = frozenset(["now", "current", "latest", "still"])


def terms(text: str) -> list[str]:
    """The text's content terms, an irregular verb's past form as its base ("began" as "begin"), without
    NOW_WORDS."""
    return [base(t) for t in _stems(text) if t not in NOW_WORDS]


def question_weights(question: str, idf: Callable[[str], float]) -> dict[str, float]:
    """The question's content terms with their IDF weights, normalised to sum to 1.

    Words a follow-up rewrite appended in parentheses (context from earlier turns) weigh together
    at most as much as the question's own words (n own words: n/(n+1) of the total, at most
    1/(1 + CONTEXT_WEIGHT)), so the answer is about what was asked now.
    """
    own, context = split_context(question)
    if not context:
        mine = {t: idf(t) for t in set(terms(own))}
        total = sum(mine.values()) or 1.0
        return {t: w / total for t, w in mine.items()}
    # A follow-up's words naming the kind of answer ("In what year?") are not found next to it.
    mine = {t: idf(t) for t in set(terms(_TYPE_WORDS.sub(" ", own)))}
    borrowed = {t: idf(t) for t in set(terms(context)) if t not in mine}
    # Each part is normalised on its own: however many words a rewrite borrows, they weigh no more
    # than the follow-up's own ("Who financed it?" is about financing), one own word as much as them.
    ours = min(len(mine) / (len(mine) + 1), 1 / (1 + CONTEXT_WEIGHT)) if borrowed else 1.0
    out = {t: (1 - ours) * w / (sum(borrowed.values()) or 1.0) for t, w in borrowed.items()}
    out.update({t: ours * w / (sum(mine.values()) or 1.0) for t, w in mine.items()})
    return out


def borrowed_terms(question: str) -> frozenset[str]:
    """The terms a follow-up rewrite appended (context from earlier turns) that the question's own
    words lack: what the conversation is about, often named once in an article and then "it"."""
    own, context = split_context(question)
    return frozenset(terms(context)) - frozenset(terms(_TYPE_WORDS.sub(" ", own))) if context else frozenset()


@functools.lru_cache(maxsize=1024)
def name_terms(question: str) -> frozenset[str]:
    """The terms of the names the question itself asks about ("Brandmoor Athletic"), not a follow-up's
    borrowed ones: an article names its subject once and then says "the club" or "it"."""
    own, _ = split_context(question)
    return frozenset(terms(" ".join(f for f in facts(own) if f.isalpha() and f not in MONTHS)))


@functools.lru_cache(maxsize=50_000)
def sentence_terms(text: str) -> tuple[tuple[int, int, frozenset[str]], ...]:
    """(start, end, content terms) of each sentence of a passage, names' other forms included; cached,
    passages repeat across questions."""
    spans = split_sentences(text)
    return tuple((a, b, frozenset(terms(text[a:b])) | _name_terms(text[a:b])) for a, b in spans)


@functools.lru_cache(maxsize=50_000)
def _forms(name: str) -> frozenset[str]:
    return frozenset(_stems(" ".join(f for f in name_forms(name) if " " not in f and len(f) > 2)))


def _name_terms(sentence: str) -> frozenset[str]:
    """Terms of the other forms of the sentence's capitalised words: "European" also covers a
    question's "Europe", "French" its "France"."""
    return frozenset().union(*(_forms(w) for w in _CAPITALISED.findall(sentence)))


def coverage(weights: dict[str, float], sentence: frozenset[str]) -> float:
    """Weighted share (0..1) of the question's terms that occur in the sentence."""
    return sum(w for t, w in weights.items() if t in sentence)


def best_coverage(text: str, weights: dict[str, float]) -> float:
    """Coverage of the passage sentence that covers the question best."""
    return max((coverage(weights, s) for _, _, s in sentence_terms(text)), default=0.0)
