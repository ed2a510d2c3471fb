"""The offline answerer: picks the sentence(s) of the retrieved passages that best answer the question.

A sentence's score is the IDF-weighted share of the question's content words it contains
(``coverage``), reduced when it lacks what the question type asks for (a number for "how many",
a date for "when", a name for "who"/"where"), with a small bonus for the passage's retrieval rank.
Whether the best sentence answers at all is decided by rag/answerability.py.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from rag.followup import split_context
from rag.sentences import split_sentences
from rag.terms import MONTHS, NUMBER_WORDS, SCALES, facts, terms
from rag.types import Hit
from rag.verify.lexicon import name_forms

CONTEXT_WEIGHT = 0.3  # weight of a follow-up's context words relative to the question's own
TYPE_PENALTY = 0.6  # score multiplier for a sentence lacking the kind of answer the question wants
RANK_BONUS = 0.05  # added for the top-ranked passage, shrinking with rank
MEANING = 0.3  # weight of question-sentence embedding likeness: on the tuning half +2.7 points contains
NEAR_PREVIOUS = 0.15  # added, for a follow-up, to a sentence next to one the previous answer gave
_NUMBER_WORD = r"\b(" + "|".join(NUMBER_WORDS) + r"|hundred|thousand|million|billion|dozen)\b"
_NUMBER = re.compile(r"\d|" + _NUMBER_WORD, re.I)
_WHOLE_NUMBER = re.compile(r"\d+(?:[.,]\d+)*|" + _NUMBER_WORD, re.I)
_WANTS_NUMBER = re.compile(
    r"\bhow (many|much|long|old|far|big|large)\b|\bwhat (percentage|number|amount)\b"
    r"|\bwhat (is|was|are|were|will be) the (\w+ )?(rate|percentage|population|cost|price|amount|number"
    r"|total|size|value|budget|length|height|distance|speed|temperature)\b"
)
_TYPE_WORDS = re.compile(
    r"\b(?:what|which|how)\s+(?:year|date|day|month|century|decade|time|country|city|place|town|number"
    r"|amount|percentage|organi[sz]ation|group|company|person|official)s?\b",
    re.I,
)
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")
YEAR = re.compile(r"(?<![\d,.])\b(?:1\d{3}|20\d{2})\b(?![,.]\d)")
_NOT_NAMES = MONTHS | set(SCALES.values())  # facts that are not names of people, places or bodies
# Absolute dates, and the relative ones news articles use ("later this month", "next week", "today").
_DATE = re.compile(
    r"\b(1\d{3}|20\d{2}|\d{1,2}(st|nd|rd|th)|centur\w*|decade|today|tonight|tomorrow|yesterday"
    r"|(this|next|last|coming|following) (week|month|year|spring|summer|autumn|fall|winter)|"
    + "|".join(MONTHS)
    + r")\b",
    re.I,
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
    if _WANTS_NUMBER.search(q):
        return "number"
    if re.search(r"\bwhen\b|\bwhat (year|date|day|month|century|time)\b|\bwhich (year|century)\b", q):
        return "date"
    if re.search(r"^\s*(who|whom|whose)\b|\bwho (is|was|were|did)\b|^\s*where\b", q):
        return "name"
    return None


def has_type(sentence: str, kind: str | None, question: str = "") -> bool:
    """Whether ``sentence`` holds what ``kind`` asks for, beyond what the question itself names."""
    if kind is None:
        return True
    numbers, dates, names = _asked(question)
    if kind == "name":
        return any(w.isalpha() and w not in _NOT_NAMES and w not in names for w in facts(sentence))
    # "€90 billion" in the question does not answer "what is the rate on the €90 billion loan"
    for pattern, asked in ((_WHOLE_NUMBER, numbers), (_DATE, dates)):
        if asked:
            sentence = pattern.sub(lambda m, a=asked: " " if m.group().lower() in a else m.group(), sentence)
    if kind == "number":  # "how many books" is not answered by "in 1639"
        sentence = YEAR.sub(" ", sentence)
    return bool((_NUMBER if kind == "number" else _DATE).search(sentence))


@functools.lru_cache(maxsize=1024)
def _asked(question: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The numbers, dates and names a question itself contains (lower case); computed once per question,
    not once per candidate sentence."""
    numbers = frozenset(m.group().lower() for m in _WHOLE_NUMBER.finditer(question))
    dates = frozenset(m.group().lower() for m in _DATE.finditer(question))
    names = frozenset(facts(question, skip_first=False)) if question else frozenset()
    return numbers, dates, names


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


@functools.lru_cache(maxsize=50_000)
def sentence_terms(text: str) -> tuple[tuple[int, int, frozenset[str]], ...]:
    """(start, end, content terms) of each sentence of a passage, names' other forms included; cached,
    passages repeat across questions."""
    spans = split_sentences(text)
    return tuple((a, b, frozenset(terms(text[a:b])) | _name_terms(text[a:b])) for a, b in spans)


@functools.lru_cache(maxsize=50_000)
def _forms(name: str) -> frozenset[str]:
    return frozenset(terms(" ".join(f for f in name_forms(name) if " " not in f and len(f) > 2)))


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
    would only repeat it). ``similar`` scores sentences by meaning (rag/similar.py): paraphrases
    that share few words with the question still count.
    """
    weights = question_weights(question, idf)
    kind = wanted_type(question)
    texts = [hit.text[a:b] for hit in hits for a, b, _ in sentence_terms(hit.text)]
    meaning = iter(similar(texts) if similar else [0.0] * len(texts))
    out = []
    for i, hit in enumerate(hits):
        given = _given(hit.text, previous)
        for j, (a, b, sentence_set) in enumerate(sentence_terms(hit.text)):
            sentence = hit.text[a:b]
            cover = coverage(weights, sentence_set)
            typed = has_type(sentence, kind, question)
            score = cover * (1.0 if typed else TYPE_PENALTY) + RANK_BONUS / (i + 1) + MEANING * next(meaning)
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
