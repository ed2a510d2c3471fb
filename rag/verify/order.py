"""Who did what to whom: two names that traded places ("Iraq attacked Kuwait" cited, "Kuwait attacked
Iraq" claimed). A name counts as moved into the other's place when the words around it in the claim
are the words around the other name in the cited sentence. Moving a phrase ("In 1903, X ..." ->
"X ... in 1903") changes the order but not the neighbours, and a passive ("was attacked by") turns
the order round legitimately, so neither counts."""

from __future__ import annotations

from rag.terms import MONTHS, STOPWORDS, words
from rag.verify.align import Span

REACH = 3  # tokens either side of a name word that make up its neighbourhood


def _around(span: Span, i: int, skip: set[str]) -> set[str]:
    """Stems of the content words within ``REACH`` of token ``i``, leaving out ``skip`` (the names)."""
    idx = [*range(max(0, i - REACH), i), *range(i + 1, min(len(span.tokens), i + 1 + REACH))]
    return {span.stems[j] for j in idx if _plain(span.tokens[j]) and span.tokens[j] not in skip}


def _plain(token: str) -> bool:
    """A content word that is not a number or month: those come with phrases that move ("in July 1977")."""
    return token not in STOPWORDS and token not in MONTHS and not any(c.isdigit() for c in token)


def _passive(span: Span, a: str, b: str) -> bool:
    i, j = sorted((span.tokens.index(a), span.tokens.index(b)))
    return "by" in span.tokens[i:j]


def check(claim: Span, names: list[str], cited: Span) -> str:
    """A reason when two name words of the claim took each other's places in the cited sentence, else "".

    Only words that occur once on each side are compared (a repeated word has no single place).
    """
    owner = {w: n for n in names for w in words(n) if w not in STOPWORDS | MONTHS}
    skip = set(owner)
    placed = [
        (w, _around(claim, claim.tokens.index(w), skip), _around(cited, cited.tokens.index(w), skip))
        for w in owner
        if claim.tokens.count(w) == 1 and cited.tokens.count(w) == 1
    ]
    for i, (a, a_mine, a_theirs) in enumerate(placed):
        for b, b_mine, b_theirs in placed[i + 1 :]:
            if owner[a] == owner[b] or _passive(claim, a, b) or _passive(cited, a, b):
                continue  # two words of one name, or "B was attacked by A"
            kept = len(a_mine & a_theirs) + len(b_mine & b_theirs)
            traded = len(a_mine & b_theirs) + len(b_mine & a_theirs)
            if traded >= 2 and traded > kept:
                return f"swapped: {owner[a]} ↔ {owner[b]}"
    return ""
