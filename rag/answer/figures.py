"""Figures that changed or differ (issue 25): when the question asks for a number (or for the current
state of something) and another article's sentence, about as relevant as the answer's, gives a
different figure, that sentence joins the answer, both cited, the newest article first. A revision
over days then reads as one (the newest first, the older one after it, each with its date), and two
outlets giving different figures on one day are both shown with their sources; a question about the
current state never gets only a superseded figure when a newer one was retrieved."""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import combinations

from rag.answer.rank import Candidate
from rag.core.types import Answer, Citation, Hit
from rag.question.wants import has_type, wanted_type
from rag.text import dates
from rag.text.dates import YEAR
from rag.text.monthdays import DAY_OF_MONTH

NEAR = 0.8  # an other figure's sentence needs this share of the best sentence's coverage
NEAR_CURRENT = 0.6  # less for the current state: a newer figure is worth showing beside an older one
LOOK = 8  # candidates looked at, best first
LOOSE = 0.15  # ... or this share when it counts the same thing ("60 fishing boats" for "40 fishing boats")
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
# A figure and what it counts: the word or two after it ("40 fishing boats", "23 ships", "4.6%")
_COUNTED = re.compile(r"(\d+(?:[.,]\d+)*)\s*(%|per cent|[a-z]+(?:\s+[a-z]+)?)")


def with_other_figure(
    question: str, kind: str, chosen: list[Candidate], candidates: list[Candidate], hits: list[Hit]
) -> tuple[list[Candidate], str, str]:
    """``chosen`` plus another article's sentence giving a different figure, ordered newest first, a
    note saying which it is, and which: "differ" (sources on one day) or "changed" (days apart)."""
    if not chosen or (wanted_type(question) != "number" and kind != "current"):
        return chosen, "", ""
    best = max(c.coverage for c in candidates[:1] + chosen)
    near = (NEAR_CURRENT if kind == "current" else NEAR) * best
    have = _figures(" ".join(c.text for c in chosen))
    mine = {hits[c.hit_index].article_id for c in chosen}
    counts = _counts(" ".join(c.text for c in chosen))
    others = [
        c
        for c in candidates[1 : 3 * LOOK]
        if hits[c.hit_index].article_id not in mine
        and _same_thing(c, candidates[:LOOK], near, LOOSE * best, counts)
        and (figures := _figures(c.text))
        and not figures & have
        and has_type(c.text, "number", question)
    ]
    if not others:
        return chosen, "", ""
    # the best-matching other figure; for the current state, the newest one (the latest revision)
    other = max(others, key=lambda c: hits[c.hit_index].date) if kind == "current" else others[0]
    newer, older = sorted([chosen, [other]], key=lambda g: hits[g[0].hit_index].date, reverse=True)
    if kind == "current":
        newer = newer + _companion(newer, candidates[:LOOK], hits, near)
    which, note = _note(hits[newer[0].hit_index], hits[older[0].hit_index])
    return newer + older, note, which


def _companion(
    newest: list[Candidate], top: list[Candidate], hits: list[Hit], near: float
) -> list[Candidate]:
    """Another sentence of the newest answer's article giving another figure about as relevant (480p a
    share beside a £1.44bn takeover): that day's state as the article reports it; none when none."""
    article = hits[newest[0].hit_index].article_id
    have = _figures(" ".join(c.text for c in newest))
    for c in top:
        if hits[c.hit_index].article_id == article and c.coverage >= near and _figures(c.text) - have:
            return [c]
    return []


def marked(answer: Answer, question: str, kind: str) -> Answer:
    """An LLM's ``answer`` marked (``figures`` and a note) when two of its citations from different
    articles give different figures for the same thing: it may quote both, and the reader should see
    that they differ (one day) or changed (days apart), as with the extractive answer."""
    if answer.abstained or answer.figures or (wanted_type(question) != "number" and kind != "current"):
        return answer
    cited = [c for c in answer.citations if _figures(c.quote)]
    for a, b in combinations(cited, 2):
        same = _heads(_counts(a.quote)) & _heads(_counts(b.quote))
        if a.article_id != b.article_id and same and not _figures(a.quote) & _figures(b.quote):
            newer, older = sorted([a, b], key=lambda c: c.date, reverse=True)
            which, note = _note(newer, older)
            return replace(answer, figures=which, note="; ".join(x for x in (answer.note, note) if x))
    return answer


def _note(newer: Hit | Citation, older: Hit | Citation) -> tuple[str, str]:
    """Which it is and the note saying so: "differ" ('sources differ ...') for two outlets on one day,
    "changed" ('the figure changed ...') across days."""
    new, old = dates.day_of(newer.date), dates.day_of(older.date)
    a, b = newer.source or newer.title, older.source or older.title
    if new == old or not (new and old):
        both = f", both {dates.label(new, new)}" if new else ""
        return "differ", f"sources differ on this figure: {a} and {b}{both}"
    then, now = dates.label(old, old), dates.label(new, new)
    return "changed", f"the figure changed: newest first, {now} ({a}); earlier {then} ({b})"


def _figures(text: str) -> set[str]:
    """The numbers in ``text`` other than years and days of a month ("29 December"), without thousands
    separators."""
    return {m.group().replace(",", "") for m in _FIGURE.finditer(DAY_OF_MONTH.sub(" ", YEAR.sub(" ", text)))}


def _same_thing(c: Candidate, top: list[Candidate], near: float, loose: float, counts: set[str]) -> bool:
    """Whether ``c`` gives a figure for what the answer's figure counts: less well matching the question
    but counting the same thing in the same words (60 fishing boats for 40 fishing boats), or matching
    it about as well and counting nothing else (23 ships, not a 3.2% pay offer)."""
    theirs = _counts(c.text)
    if theirs & counts:
        return c.coverage >= loose
    same = not (theirs and counts) or _heads(theirs) & _heads(counts)
    return c.coverage >= near and c in top and bool(same)


def _heads(counts: set[str]) -> set[str]:
    """The first word of each thing counted ("fishing" of "fishing boat"): near enough to compare."""
    return {phrase.split()[0] for phrase in counts}


def _counts(text: str) -> set[str]:
    """What the text's figures count: the word or two after each ("fishing boat" for "40 fishing boats",
    "%" for "4.6%"), plurals as singulars, without a leading or trailing function word."""
    out = set()
    for m in _COUNTED.finditer(YEAR.sub(" ", text)):
        words = [w[:-1] if w.endswith("s") and len(w) > 3 else w for w in m.group(2).lower().split()]
        while words and words[-1] in _NOT_COUNTS:
            words.pop()
        if words and words[0] not in _NOT_COUNTS:
            out.add(" ".join(words))
    return out


_NOT_COUNTS = frozenset("on in at by of to the a and or from for per this".split())  # no things counted
