"""Who did what to whom: two names on opposite sides of the same word in the claim and in the cited
sentence ("Iraq attacked Kuwait" cited, "Kuwait attacked Iraq" claimed; "Russia ceded land to Ukraine"
for "Ukraine ceded land to Russia"). Moving a phrase ("In 1903, X ..." -> "X ... in 1903") keeps each
name on its side of the words between them, and a passive ("was attacked by") turns the order round
legitimately, so neither counts."""

from __future__ import annotations

from rag.text.names import word_forms
from rag.text.terms import MONTHS, STOPWORDS, words
from rag.verify.align import Span, around

REACH = 6  # tokens a name may stand from the word it is the doer or the object of


def _labels(span: Span, names: list[str]) -> list[int | None]:
    """For each token, the index in ``names`` of the name it belongs to (any form), else None."""
    forms = [{f for w in words(n) if w not in STOPWORDS | MONTHS for f in word_forms(w) | {w}} for n in names]
    return [next((k for k, f in enumerate(forms) if t in f), None) for t in span.tokens]


def _sides(labels: list[int | None], i: int) -> tuple[int | None, int | None]:
    """The nearest name before token ``i`` and the nearest after it, within ``REACH`` tokens."""
    before = next(
        (labels[j] for j in range(i - 1, max(-1, i - 1 - REACH), -1) if labels[j] is not None), None
    )
    after = next(
        (labels[j] for j in range(i + 1, min(len(labels), i + 1 + REACH)) if labels[j] is not None), None
    )
    return before, after


def _passive(span: Span, i: int) -> bool:
    """True when "by" follows token ``i`` closely ("was attacked by"): the doer comes after the verb."""
    return "by" in span.tokens[i + 1 : i + 3]


def _plain(token: str) -> bool:
    """A content word that is not a number or month (those come with phrases that move)."""
    return token not in STOPWORDS and token not in MONTHS and not any(c.isdigit() for c in token)


def check(claim: Span, names: list[str], cited: Span) -> str:
    """A reason when two names of the claim traded places with each other in the cited sentence, else "".

    Two tests: the names stand on opposite sides of a word both sentences have, or (for names far
    apart) each has the other's neighbouring words.
    """
    names = _distinct(names)
    return _sides_swapped(claim, names, cited) or _neighbours_traded(claim, names, cited)


def _distinct(names: list[str]) -> list[str]:
    """One name per thing: a name sharing a form with an earlier one (Norman, Dukes of Normandy) is
    the same thing, not a second party that could swap with it."""
    kept: list[str] = []
    seen: set[str] = set()
    for name in dict.fromkeys(names):
        forms = {f for w in words(name) if w not in STOPWORDS | MONTHS for f in word_forms(w) | {w}}
        if not forms & seen:
            kept.append(name)
        seen |= forms
    return kept


def _runs(labels: list[int | None]) -> dict[int, int]:
    """How many separate times each name occurs."""
    out: dict[int, int] = {}
    for i, label in enumerate(labels):
        if label is not None and (i == 0 or labels[i - 1] != label):
            out[label] = out.get(label, 0) + 1
    return out


def _neighbours_traded(claim: Span, names: list[str], cited: Span) -> str:
    """Name words that occur once on each side: does each have the words around the other?"""
    owner = {w: n for n in names for w in words(n) if w not in STOPWORDS | MONTHS}
    placed = [
        (
            w,
            _around(claim, claim.tokens.index(w), set(owner)),
            _around(cited, cited.tokens.index(w), set(owner)),
        )
        for w in owner
        if claim.tokens.count(w) == 1 and cited.tokens.count(w) == 1
    ]
    for i, (a, a_mine, a_theirs) in enumerate(placed):
        for b, b_mine, b_theirs in placed[i + 1 :]:
            if owner[a] == owner[b] or _passive_between(claim, a, b) or _passive_between(cited, a, b):
                continue
            if _listed(claim, a, b, set(owner)) or _listed(cited, a, b, set(owner)):
                continue  # items of one list ("A, B and C") trade places freely
            kept = len(a_mine & a_theirs) + len(b_mine & b_theirs)
            traded = len(a_mine & b_theirs) + len(b_mine & a_theirs)
            if a_mine & b_theirs and b_mine & a_theirs and traded > kept:  # each in the other's place
                return f"swapped: {owner[a]} ↔ {owner[b]}"
    return ""


def _around(span: Span, i: int, skip: set[str], reach: int = 3) -> set[str]:
    """Stems of the plain words within ``reach`` tokens of token ``i``, leaving out ``skip`` (the names)."""
    return around(span, i, 1, reach, keep=lambda t: _plain(t) and t not in skip)


def _listed(span: Span, a: str, b: str, named: set[str]) -> bool:
    """True when only names and function words stand between ``a`` and ``b`` (a list)."""
    i, j = sorted((span.tokens.index(a), span.tokens.index(b)))
    return not any(_plain(t) and t not in named for t in span.tokens[i + 1 : j])


def _passive_between(span: Span, a: str, b: str) -> bool:
    i, j = sorted((span.tokens.index(a), span.tokens.index(b)))
    return "by" in span.tokens[i:j]


def _sides_swapped(claim: Span, names: list[str], cited: Span) -> str:
    """Is there a word with name A before it and B after it in the claim, B before and A after in the
    cited sentence?"""
    mine, theirs = _labels(claim, names), _labels(cited, names)
    once = {k for k, n in _runs(mine).items() if n == 1}  # a name the claim repeats has no one place
    where = {}
    for j, (t, s) in enumerate(zip(cited.tokens, cited.stems, strict=True)):
        if _plain(t) and theirs[j] is None:
            where.setdefault(s, []).append((_sides(theirs, j), j))
    for i, (t, s) in enumerate(zip(claim.tokens, claim.stems, strict=True)):
        if not _plain(t) or mine[i] is not None or s not in where:
            continue
        a, b = _sides(mine, i)
        if (
            a not in once
            or b not in once
            or a == b
            or _passive(claim, i)
            or any(side == (a, b) for side, _ in where[s])
        ):
            continue
        if any(side == (b, a) and not _passive(cited, j) for side, j in where[s]):
            return f"swapped: {names[a]} ↔ {names[b]}"
    return ""
