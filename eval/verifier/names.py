"""Capitalised name spans in a sentence, each classed as person, place, organisation or nationality."""

from __future__ import annotations

import re
from dataclasses import dataclass

from eval.verifier.lexicon import DEMONYMS, GIVEN_NAMES, ORG_WORDS, ORGS, PLACES, TITLES

_SPAN = re.compile(r"(?<![\w'’-])[A-Z][A-Za-z'’-]*(?:\s+(?:of\s+|de\s+)?[A-Z][A-Za-z'’-]*)*")
_FUNCTION = frozenset(
    """The A An In On At After Before During By Since From Under Following Despite
Although While When This That These Those It He She They His Her Its Their Both Some Many Most Also
Meanwhile Elsewhere Speaking However Only Other Such As If For With Without Between Among""".split()
)
_PLACE_SET, _DEMONYM_SET = frozenset(PLACES), frozenset(DEMONYMS)


@dataclass(frozen=True)
class Name:
    """A name span ``text`` at ``start`` of a sentence, with its ``kind``."""

    text: str
    start: int
    kind: str  # person | place | organisation | nationality


def spans(sentence: str) -> list[tuple[str, int]]:
    """Capitalised word runs (possessive 's and leading function words dropped), with offsets."""
    out = []
    for m in _SPAN.finditer(sentence):
        text, start = re.sub(r"['’]s$", "", m.group()), m.start()
        while text.split(" ", 1)[0] in _FUNCTION:
            head, _, rest = text.partition(" ")
            if not rest:
                text = ""
                break
            start += len(head) + 1
            text = rest.lstrip()
        if text:
            out.append((text, start))
    return out


def kind(text: str, before: str, persons: frozenset[str]) -> str | None:
    """Class of a name span given the text just before it and the article's known person names."""
    words = text.split()
    if text in _DEMONYM_SET:
        return "nationality"
    if text in _PLACE_SET:
        return "place"
    if text in ORGS or words[-1] in ORG_WORDS:
        return "organisation"
    if any(w in _PLACE_SET or w in _DEMONYM_SET or w in TITLES for w in words):
        return None  # mixed span ("US President Trump"): ambiguous, not used
    prev = before.split()[-1] if before.split() else ""
    if words[0] in GIVEN_NAMES or prev in TITLES or text in persons:
        return "person"
    return None


def names(sentence: str, persons: frozenset[str] = frozenset()) -> list[Name]:
    """Classified names of ``sentence``; unclassifiable spans are left out."""
    found = []
    for text, start in spans(sentence):
        k = kind(text, sentence[:start], persons)
        if k:
            found.append(Name(text, start, k))
    return found


def article_names(sentences: list[str]) -> dict[str, list[str]]:
    """Every classified name of an article by kind, sorted (the replacement pools).

    Surnames of multi-word persons count as persons too, so "Mr Putin" later is recognised.
    """
    persons: set[str] = set()
    for s in sentences:
        persons.update(n.text for n in names(s) if n.kind == "person")
    persons |= {p.split()[-1] for p in persons if len(p.split()) > 1}
    frozen = frozenset(persons)
    pools: dict[str, set[str]] = {"person": set(persons), "place": set(), "organisation": set()}
    pools["nationality"] = set()
    for s in sentences:
        for n in names(s, frozen):
            pools[n.kind].add(n.text)
    return {k: sorted(v) for k, v in pools.items()}
