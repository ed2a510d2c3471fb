"""Where a claim sits in its cited text: the source sentence that best covers it, as tokens.

The structural checks (negation, who-did-what order, what changed) compare a claim with this
sentence, not with the whole passage, so a negation elsewhere in the passage does not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.text.sentences import split_sentences
from rag.text.terms import STOPWORDS, stems, words


@dataclass(frozen=True)
class Span:
    """A piece of text as lower-case word tokens and their stems (same length, same order)."""

    text: str
    tokens: tuple[str, ...]
    stems: tuple[str, ...]

    def content(self) -> set[str]:
        """Stems of the tokens that are not stopwords."""
        return {s for t, s in zip(self.tokens, self.stems, strict=True) if t not in STOPWORDS}


def span(text: str) -> Span:
    tokens = words(text)
    return Span(text, tuple(tokens), tuple(stems(tokens)))


def aligned(claim: Span, source: str) -> Span:
    """The sentence of ``source`` sharing most content stems with ``claim``, joined with its best
    neighbour when the claim draws on both (an answer sentence may merge two source sentences)."""
    pieces = [span(source[a:b]) for a, b in split_sentences(source)] or [span(source)]
    want = claim.content()
    scores = [len(want & p.content()) for p in pieces]
    best = max(range(len(pieces)), key=scores.__getitem__)
    covered = want & pieces[best].content()
    for near in (best - 1, best + 1):
        if 0 <= near < len(pieces) and len((want & pieces[near].content()) - covered) >= 2:
            a, b = sorted((best, near))
            return span(f"{pieces[a].text} {pieces[b].text}")
    return pieces[best]


_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]|\s(?=(?:but|though|although|while|whereas)\s)", re.I)


def clauses(text: str) -> list[Span]:
    """``text`` cut at commas, semicolons, dashes and "but"/"though"/"while"; a piece with fewer than
    two content words joins the one before it (", but failed" belongs to what failed), or the one after
    it when it comes first ("In 1996, ...")."""
    out: list[str] = []
    for piece in (p for p in _CLAUSE_BREAK.split(text) if words(p)):
        if out and (len(span(piece).content()) < 2 or (len(out) == 1 and len(span(out[0]).content()) < 2)):
            out[-1] += f" {piece}"
        else:
            out.append(piece)
    return [span(p) for p in out]


def clause_for(claim: Span, sentence: Span) -> list[Span]:
    """The clauses of ``sentence`` that ``claim`` draws on: those sharing two or more content words
    with it, else the one sharing most (none if no clause shares any)."""
    pieces = clauses(sentence.text)
    scores = [len(claim.content() & p.content()) for p in pieces]
    if not pieces or max(scores) == 0:
        return []
    return [p for p, n in zip(pieces, scores, strict=True) if n >= 2 or n == max(scores)]


def window(claim: Span, source: Span, lead: int = 3) -> Span:
    """The part of ``source`` from the first to the last content word it shares with the claim,
    widened by ``lead`` tokens before it (where "did not" or "failed to" sit) and by as many tokens as
    the claim has before its first and after its last shared word (so a copied sentence is whole); a
    tail of at most ``lead`` tokens is taken whole (", but failed")."""
    shared = claim.content() & source.content()
    mine, theirs = _hits(claim, shared), _hits(source, shared)
    if not theirs:
        return Span("", (), ())
    a = max(0, theirs[0] - max(lead, mine[0]))
    b = theirs[-1] + 1 + (len(claim.tokens) - 1 - mine[-1])
    if len(source.tokens) - b <= lead:  # a short tail belongs to it: "..., but failed."
        b = len(source.tokens)
    return Span(" ".join(source.tokens[a:b]), source.tokens[a:b], source.stems[a:b])


def _hits(span: Span, shared: set[str]) -> list[int]:
    pairs = enumerate(zip(span.tokens, span.stems, strict=True))
    return [i for i, (t, s) in pairs if s in shared and t not in STOPWORDS]


def places(span: Span, phrase: str) -> list[int]:
    """Token indexes where ``phrase`` (as words) occurs in ``span``."""
    want = words(phrase)
    n = len(want)
    return [i for i in range(len(span.tokens) - n + 1) if want and list(span.tokens[i : i + n]) == want]


def around(
    span: Span, start: int, length: int, reach: int, keep=lambda token: token not in STOPWORDS
) -> set[str]:
    """Stems of the tokens within ``reach`` of tokens ``start .. start+length-1`` that ``keep`` accepts."""
    idx = [
        *range(max(0, start - reach), start),
        *range(start + length, min(len(span.tokens), start + length + reach)),
    ]
    return {span.stems[j] for j in idx if keep(span.tokens[j])}


def _around(span: Span, phrase: str, reach: int = 3) -> set[str]:
    """Content stems within ``reach`` tokens of where ``phrase`` first occurs in ``span``."""
    at = places(span, phrase)
    return around(span, at[0], len(words(phrase)), reach) if at else set()


def counterpart(new: str, claim: Span, olds: list[str], cited: Span) -> str | None:
    """The phrase of ``olds`` (from the cited sentence) standing where ``new`` stands in the claim:
    the one sharing most neighbouring words, nearer ones counting more; the first on a tie."""
    if not olds:
        return None

    def score(old: str) -> int:
        return sum(len(_around(claim, new, r) & _around(cited, old, r)) for r in range(1, 5))

    return max(olds, key=score)
