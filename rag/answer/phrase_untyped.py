"""The answer phrase of a question that asks for no particular type ("What law justified ...?",
"Imperialism extends a country's power and what?"): in the answer sentence that shares most words
with the question, the words the question does not have stand where its wh-word stood. Those runs,
cut at punctuation, clause words and verbs and trimmed of function words, are the candidates; the one
nearest the question's own words wins, names and numbers first (most answers are names). A tie is
no answer: a phrase is given only when one candidate stands out.

On SQuAD dev-8 it raises short F1 over all answerable questions from 0.16 to 0.29 on the tuning half
of the articles and from 0.11 to 0.28 on the checking half (``rag eval``).
"""

from __future__ import annotations

import functools
import re

from rag.text.lexicon import parts_of_speech
from rag.text.sentences import split_sentences
from rag.text.terms import MONTHS, STOPWORDS, stems, words

_TOKEN = re.compile(r"[$€£¥#]?\d(?:[\d,.]*\d)?%?|[^\W_]+(?:['’.&-][^\W_]+)*|\S")
_WHY = re.compile(r"^\W*why\b", re.I)  # a reason is a clause, not a phrase
# Words that open a clause or link subject and predicate: an answer phrase does not run across them.
_CLAUSE = frozenset(
    "which who whom whose that where when while because although though but is are was were be been"
    " being has have had will would can could did does do".split()
)
_EDGE = STOPWORDS | {"like"}  # never the first or last word of a phrase
_TIMES = MONTHS | {"today", "yesterday", "tomorrow", "tonight", "morning", "evening", "night"}
LONG = 4  # words: longer candidates lose 0.3 a word beyond this (answers are short)
NAMED = 0.5


def untyped(question: str, answer: str) -> str | None:
    """The phrase of ``answer`` answering ``question``; None when no candidate stands out."""
    if _WHY.match(question):
        return None
    own = set(stems([w for w in words(question) if w not in STOPWORDS]))
    sentence = _best_sentence(answer, own)
    if not sentence:
        return None
    ranked = sorted(_candidates(sentence, own), key=lambda c: c[0])
    if not ranked or len(ranked) > 1 and ranked[1][0][0] <= ranked[0][0][0]:
        return None
    return ranked[0][1]


def _best_sentence(answer: str, own: set[str]) -> str:
    spans = [answer[a:b] for a, b in split_sentences(answer)]
    return max(spans, key=lambda s: len(own & set(stems(words(s)))), default="")


def _candidates(sentence: str, own: set[str]) -> list[tuple[tuple[float, int], str]]:
    """((score, position), phrase) for each run of words the question does not have; lower is better."""
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]
    low = [t[0].lower().rstrip(".") for t in tokens]
    stemmed = stems([re.sub(r"['’]s$", "", w) for w in low])
    asked = [
        k
        for k, (w, s) in enumerate(zip(low, stemmed, strict=True))
        if w not in _EDGE and (s in own or "-" in w and set(stems(words(w))) <= own)  # Aix-la-Chapelle
    ]
    free = [
        k not in asked and bool(re.search(r"\w", w)) and w not in _CLAUSE and not _is_verb(w)
        for k, w in enumerate(low)
    ]
    out = []
    for a, b in _runs(free):
        while a < b and (low[a] in _EDGE or a == 0 and _is_verb(low[a])):
            a += 1
        while b > a and low[b - 1] in _EDGE:
            b -= 1
        if b > a and not set(low[a:b]) <= _TIMES:  # "when" asks for a day: "what" does not
            near = min((min(abs(k - a), abs(k - b + 1)) for k in asked), default=99)
            named = any(t[0][:1].isupper() or t[0][:1].isdigit() for t in tokens[max(a, 1) : b])
            score = near + 0.3 * max(0, b - a - LONG) - NAMED * named
            out.append(((score, a), sentence[tokens[a][1] : tokens[b - 1][2]]))
    return out


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """(start, end) of each maximal run of True."""
    runs, start = [], None
    for k, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = k
        elif not flag and start is not None:
            runs.append((start, k))
            start = None
    return runs


@functools.lru_cache(maxsize=20_000)
def _is_verb(word: str) -> bool:
    """A lower-case word that is a verb or participle ("includes", "formed", "known") or only an
    adverb ("thus"): the edge of a noun phrase."""
    if not word.isalpha() or word in STOPWORDS:
        return False
    pos = parts_of_speech(word)
    if "VERB" in pos and ("NOUN" not in pos or word.endswith(("ed", "en", "wn"))):
        return True
    return "ADV" in pos and "NOUN" not in pos and "ADJ" not in pos
