"""Polarity: does a claim say the opposite of the sentence it cites?

Two things flip a statement: a negation ("did not", "failed to", "no") and a word swapped for its
opposite (approved -> rejected, rose -> fell). Each is counted against the part of the cited sentence
the claim covers; an odd number of flips means the claim reverses it. An even number is a faithful
paraphrase: "failed to reach a deal" = "reached no deal", "unclear" = "not clear".
"""

from __future__ import annotations

import re

from rag.text.lexicon import antonyms, in_use, lemmas
from rag.text.terms import STOPWORDS
from rag.verify.align import Span, clause_for, clauses, span, window
from rag.verify.coverage import covered

NEGATIONS = frozenset("not no never neither nor none nothing nobody nowhere without cannot".split())
NEGATIVE_VERBS = frozenset({"fail", "refuse"})  # "failed to agree" = "did not agree"
_PREFIXES = ("un", "dis", "non", "in", "im", "il", "ir")
_INSTEAD = ("rather than", "instead of")  # "X rather than Y" = "X, not Y"
# Opposites among function words, which WordNet (open-class words only) does not hold; polysemous
# ones (over/under, up/down) are left out: "take over" and "up to" are not opposites of anything.
PHRASE_OPPOSITES = (
    ("for", "against"), ("in favour of", "against"), ("in favor of", "against"), ("in support of", "against"),
    ("with", "without"), ("before", "after"), ("more", "less"), ("more", "fewer"), ("always", "never"),
    ("most", "least"), ("earlier", "later"),
)  # fmt: skip


def negations(span: Span) -> list[str]:
    """The negation cues of a span, in order: not, never, no, n't, failed, refused, and a negative
    prefix on a word whose opposite is its stem (unclear, impossible, unsuccessful). "Not only" and
    "not just" add, they do not negate."""
    cues = []
    for i, t in enumerate(span.tokens):
        if t == "not" and span.tokens[i + 1 : i + 2] in (("only",), ("just",), ("merely",)):
            continue
        if t in NEGATIONS or t.endswith(("n't", "n’t")) or lemmas(t, "v") & NEGATIVE_VERBS or _prefixed(t):
            cues.append(t)
    text = f" {' '.join(span.tokens)} "
    return cues + [phrase for phrase in _INSTEAD for _ in range(text.count(f" {phrase} "))]


def _prefixed(word: str) -> bool:
    """A negative prefix on a word whose opposite is what follows it (unclear, dissatisfied,
    independent), that other word being in common use (not immediate: "mediate" is rare)."""
    if word in ("unlike", "unless", "until"):  # prepositions and conjunctions, not negated words
        return False
    for p in _PREFIXES:
        base = word[len(p) :]
        if word.startswith(p) and len(base) > 3 and lemmas(base) & antonyms(word):
            return any(in_use(b, pos) for b in lemmas(base) for pos in "av")
    return False


def reversals(claim: Span, cited: Span) -> list[tuple[str, str]]:
    """(cited word, claim word) pairs where the claim uses an opposite the cited span lacks."""
    own = {t for t in claim.tokens}
    theirs = [t for t in cited.tokens if t not in STOPWORDS and t not in own]
    found = []
    for word in dict.fromkeys(t for t in claim.tokens if t not in STOPWORDS and t not in cited.tokens):
        hit = next((t for t in theirs if _opposed(word, t)), None)
        if hit and not covered(word, cited.text) and not covered(hit, claim.text):
            found.append((hit, word))
    claim_text, cited_text = f" {' '.join(claim.tokens)} ", f" {' '.join(cited.tokens)} "
    for a, b in PHRASE_OPPOSITES:
        for mine, other in ((a, b), (b, a)):
            flipped = _has(claim_text, mine) and not _has(claim_text, other)
            if (
                flipped
                and _has(cited_text, other)
                and not _has(cited_text, mine)
                and (other, mine) not in found
            ):
                found.append((other, mine))
    return found


def _opposed(a: str, b: str) -> bool:
    """True when a form of ``a`` is an opposite of ``b`` or the other way round."""
    return bool(lemmas(a) & antonyms(b) or lemmas(b) & antonyms(a))


def _has(text: str, phrase: str) -> bool:
    return re.search(rf"\s{re.escape(phrase)}\s", text) is not None


def check(claim: Span, sentence: Span) -> str:
    """A reason when the claim reverses the cited ``sentence`` where it covers it, else "".

    Compared with the clauses of the sentence that the claim's clauses match, from the first to the
    last word they share (plus a few words either side), so a negation in a part of the sentence the
    claim leaves out does not count.
    """
    matched = [c for part in clauses(claim.text) for c in clause_for(part, sentence)]
    texts = list(dict.fromkeys(c.text for c in matched))
    return _parity(claim, window(claim, span(" ".join(texts)))) if texts else ""


def _parity(claim: Span, cited: Span) -> str:
    flips = reversals(claim, cited)
    paired = {w for pair in flips for w in pair}  # "failed" opposite "succeeded" counts once, not twice
    mine = [t for t in negations(claim) if t not in paired]
    theirs = [t for t in negations(cited) if t not in paired]
    shift = abs(len(mine) - len(theirs))
    if (len(flips) + shift) % 2 == 0 and len(flips) <= shift:
        return ""  # no flip, or each opposite undone by a negation ("not clear" for "unclear")
    if flips:
        was, now = flips[0]
        return f"reversed: {was} → {now}"
    if len(mine) > len(theirs):
        extra = [t for t in mine if t not in theirs] or mine
        return f"negated: adds “{extra[0]}”"
    gone = [t for t in theirs if t not in mine] or theirs
    return f"negated: drops “{gone[0]}”"
