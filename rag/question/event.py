"""The event a "when" question asks the date of, and whether a sentence dates that event.

"When did Calloway's board reject the first approach?" asks when the rejecting happened. A sentence
that names the board, Calloway and the approach and carries a date ("raised its proposal on Tuesday
..., but Calloway's board turned the approach down") can date something else; the one that dates the
question's verb ("which Calloway's directors rejected on Friday") answers. The question's verbs are
its words that WordNet knows mostly as verbs (more tagged verb senses than noun senses), so
"blockade" and "board" are not taken for the event but "begin", "reject" and "expect" are.
"""

from __future__ import annotations

import functools
import re

from rag.text.dates import DATE
from rag.text.lexicon import lemmas
from rag.text.terms import STOPWORDS, stems, words
from rag.text.verbs import base
from rag.text.wordnet import wordnet

WINDOW = 6  # words between an event's verb and a date that still dates it ("began late on Sunday")
_AUXILIARIES = frozenset("do does did is are was were will would has have had be been can could".split())


@functools.lru_cache(maxsize=1024)
def asked_verbs(question: str) -> frozenset[str]:
    """Stems of the question's verbs (base forms of irregular pasts), besides auxiliaries; empty
    without WordNet."""
    wn = wordnet()
    if wn is None:
        return frozenset()
    found = []
    for w in re.findall(r"\b[a-z][a-z'’-]+\b", question):  # lower case: names are not events
        if w in STOPWORDS or w in _AUXILIARIES:
            continue
        verb = sum(wn.tagged(x, "v") for x in lemmas(w, "v"))
        noun = sum(wn.tagged(x, "n") for x in lemmas(w, "n"))
        if verb > noun:
            found.append(w)
    return frozenset(base(s) for s in stems(found))


def dates_event(sentence: str, verbs: frozenset[str]) -> bool:
    """Whether a date expression in ``sentence`` stands within WINDOW words of one of ``verbs``."""
    tokens = words(sentence)
    at = [i for i, s in enumerate(stems(tokens)) if base(s) in verbs]
    if not at:
        return False
    # word positions of the date expressions, which may be several words ("last night")
    dated = [len(words(sentence[: m.start()])) for m in DATE.finditer(sentence)]
    return any(abs(i - j) <= WINDOW for i in at for j in dated)
