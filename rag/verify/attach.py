"""Facts attached to the wrong thing: a number, date or weekday the cited text has, but about something
else ("met at the Kremlin on Tuesday, then in Florida on Thursday" cited, "met at the Kremlin on
Thursday" claimed; "$28 billion in September 2010 and $26 billion in 2009" cited, "$26 billion in
September 2010" claimed). A fact is misplaced when the words around it in the claim are found around
another fact of its kind in the cited text, clearly more than around any place the text has it."""

from __future__ import annotations

from rag.text.sentences import split_sentences
from rag.text.terms import amounts, words
from rag.verify.align import Span, around, places, span

REACH = 4  # tokens either side of a fact that say what it is about
MIN_SHARED = 2  # context words a rival must share before the fact counts as misplaced


def _framing(s: Span, phrase: str) -> bool:
    """True when ``phrase`` opens or closes the text ("In December 2008, ..." / "... in 2008.")."""
    n = len(words(phrase))
    return any(i < REACH or i + n > len(s.tokens) - REACH for i in places(s, phrase))


def _context(s: Span, phrase: str) -> list[set[str]]:
    """For each place ``phrase`` occurs in ``s``, the content stems within ``REACH`` tokens of it."""
    return [around(s, i, len(words(phrase)), REACH) for i in places(s, phrase)]


def _kind(facts: set[str]) -> str:
    """year, number or date (month, weekday): a fact is only mistaken for one of its own kind."""
    digits = [f for f in facts if f.isdigit()]
    if any(len(f) == 4 and 1000 <= int(f) <= 2100 for f in digits):
        return "year"
    return "number" if any(c.isdigit() for f in facts for c in f) else "date"


def _sentence_of(source: str, phrase: str) -> Span:
    """The sentence of ``source`` that has ``phrase`` (the whole text if none does alone)."""
    for a, b in split_sentences(source):
        if places(span(source[a:b]), phrase):
            return span(source[a:b])
    return span(source)


def check(claim: Span, source: str) -> str:
    """A reason when a fact of the claim belongs to something else in the cited text, else "".

    Names are not checked this way: dropping an appositive ("X, who succeeded Y in October, invited
    Z" -> "X invited Z") puts other words around them in faithful claims too often.
    """
    cited = span(source)
    found = amounts(source)
    for phrase, fs in amounts(claim.text):
        if (
            _kind(fs) != "number"
            and _framing(claim, phrase)
            and _framing(_sentence_of(source, phrase), phrase)
        ):
            continue  # a date that frames both sentences moved from one end to the other
        mine = [p for p, f in found if fs <= f]
        rivals = [p for p, f in found if not fs <= f and _kind(f) == _kind(fs)]
        reason = _misplaced(phrase, claim, mine, rivals, cited)
        if reason:
            return reason
    return ""


def _misplaced(phrase: str, claim: Span, mine: list[str], rivals: list[str], cited: Span) -> str:
    """A reason when the words around ``phrase`` in the claim are around a rival in the cited text,
    at least ``MIN_SHARED`` of them and more than around any place it has ``phrase`` (as ``mine``)."""
    around = next(iter(_context(claim, phrase)), set())
    own = [len(around & c) for p in mine for c in _context(cited, p)]
    if not own:
        return ""  # not in the cited text in these words: other checks judge it
    shared, rival = max(((len(around & c), p) for p in rivals for c in _context(cited, p)), default=(0, ""))
    if shared >= MIN_SHARED and shared > max(own):
        return f"changed: {rival} → {phrase} (the cited text gives {phrase} for something else)"
    return ""
