"""One-fact corruptions of a sentence: each returns (claim, replaced text, replacement) or None."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from eval.verifier.lexicon import ANTONYMS, DEMONYMS, MONTHS, RELATIVE_TIMES, ROLES, TRANSITIVE, WEEKDAYS
from eval.verifier.names import names, spans

Edit = tuple[str, str, str]
Pools = dict[str, list[str]]
_YEAR = re.compile(r"(?<![\d,.])\b(1[0-9]{3}|20[0-2][0-9])\b(?![\d,])")
_NUMBER = re.compile(r"(?<![\w.,-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w,]|\.\d)")
_DEMONYMS = frozenset(DEMONYMS)
_NUMBER_WORDS = "two three four five six seven eight nine ten eleven twelve fifteen twenty hundred".split()
_AUXILIARY = r"\b(is|was|were|are|has|had|have|can|will|would|could|should|did|does|do|must)"
_AUX = re.compile(_AUXILIARY + r"\b(?= [a-z])")
_NEG = re.compile(_AUXILIARY + r" not\b")


def _replace(sentence: str, start: int, old: str, new: str) -> Edit:
    return sentence[:start] + new + sentence[start + len(old) :], old, new


def _word(sentence: str, word: str) -> re.Match | None:
    return re.search(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])", sentence)


def number(sentence: str, passage: str, pools: Pools, rng: random.Random) -> Edit | None:
    """Change one number (not a year) to a different one in the same format."""
    found = [m for m in _NUMBER.finditer(sentence) if not _YEAR.fullmatch(m.group())]
    if found:
        m = rng.choice(found)
        value = float(m.group().replace(",", ""))
        for _ in range(20):
            new = value * rng.choice([0.5, 2, 3, 1.5]) + rng.choice([0, 1, 2, 5])
            text = f"{new:,.{len(m.group().split('.')[1])}f}" if "." in m.group() else f"{int(new):,}"
            text = text if "," in m.group() else text.replace(",", "")
            if text != m.group() and text not in passage and not _YEAR.fullmatch(text):
                return _replace(sentence, m.start(), m.group(), text)
    words = [w for w in _NUMBER_WORDS if _word(sentence, w)]
    if words:
        w = rng.choice(words)
        new = rng.choice([x for x in _NUMBER_WORDS if x != w and not _word(passage, x)])
        return _replace(sentence, _word(sentence, w).start(), w, new)
    return None


def time(sentence: str, passage: str, pools: Pools, rng: random.Random) -> Edit | None:
    """Change one year, month, weekday or relative time expression ("this month") to another."""
    options: list[tuple[re.Match, list[str]]] = []
    for m in _YEAR.finditer(sentence):
        year = int(m.group())
        options.append((m, [str(year + d) for d in (-40, -12, -7, -3, 3, 7, 12, 40)]))
    for group in (WEEKDAYS, MONTHS, RELATIVE_TIMES):
        for w in group:
            m = _word(sentence, w)
            if m and not any(m.start() < o.end() and o.start() < m.end() for o, _ in options):
                options.append((m, [x for x in group if x != w and w not in x and x not in w]))
    if not options:
        return None
    m, choices = rng.choice(options)
    choices = [c for c in choices if c.lower() not in passage.lower()]
    return _replace(sentence, m.start(), m.group(), rng.choice(choices)) if choices else None


def _name(kind: str) -> Callable[[str, str, Pools, random.Random], Edit | None]:
    def corrupt(sentence: str, passage: str, pools: Pools, rng: random.Random) -> Edit | None:
        found = [n for n in names(sentence, frozenset(pools["person"])) if n.kind == kind]
        if not found:
            return None
        n = rng.choice(found)
        size = len(n.text.split()) > 1
        pool = [
            p
            for p in pools[kind]
            if p.lower() not in passage.lower()
            and n.text.lower() not in p.lower()
            and not _aliases(n.text, p)
        ]
        same = [p for p in pool if (len(p.split()) > 1) == size] if kind == "person" else pool
        return _replace(sentence, n.start, n.text, rng.choice(same)) if same else None

    corrupt.__doc__ = f"Replace one {kind} name by another of the same kind from the article (or the lists)."
    return corrupt


_ALIASES = (
    {"America", "United States", "US"},
    {"Britain", "United Kingdom", "UK", "England"},
    {"EU", "European Union"},
    {"UN", "United Nations"},
    {"Nato", "NATO"},
)


def _aliases(a: str, b: str) -> bool:
    return any(a in group and b in group for group in _ALIASES)


person, place, organisation, nationality = (
    _name(k) for k in ("person", "place", "organisation", "nationality")
)  # noqa: E501


def polarity(sentence: str, passage: str, pools: Pools, rng: random.Random) -> Edit | None:
    """Replace one word by its antonym (approved → rejected, rose → fell, before → after)."""
    found = [(m, w) for w in sorted(ANTONYMS) if (m := _word(sentence, w))]
    if not found:
        return None
    m, w = rng.choice(found)
    return _replace(sentence, m.start(), w, ANTONYMS[w])


def negation(sentence: str, passage: str, pools: Pools, rng: random.Random) -> Edit | None:
    """Remove a "not" after an auxiliary, or add one after the first auxiliary."""
    m = _NEG.search(sentence)
    if m:
        return _replace(sentence, m.start(), m.group(), m.group(1))
    m = _AUX.search(sentence)
    if m and not sentence[m.end() :].startswith(" not"):
        return _replace(sentence, m.start(), m.group(), m.group() + " not")
    return None


def role(sentence: str, passage: str, pools: Pools, rng: random.Random) -> Edit | None:
    """Replace a role or title ("secretary general") by another ("foreign minister")."""
    for r in ROLES:  # longest, most specific first
        m = re.search(rf"(?<![\w-]){r}(?![\w-])", sentence, re.I)
        if m:
            pick = rng.choice([x for x in ROLES if x != r and x not in r and x not in passage.lower()])
            new = pick.capitalize() if m.group()[0].isupper() else pick
            return _replace(sentence, m.start(), m.group(), new)
    return None


def swap(sentence: str, passage: str, pools: Pools, rng: random.Random) -> Edit | None:
    """Swap subject and object of "X <verb> Y" where both are names (who-did-what)."""
    found = svo(sentence, pools) or _roles(sentence, pools)
    if not found:
        return None
    (x, xs), verb, (y, ys) = found
    new = sentence[:xs] + y + sentence[xs + len(x) : ys] + x + sentence[ys + len(y) :]
    return new, f"{x} {verb} {y}", f"{y} {verb} {x}"


def _roles(sentence: str, pools: Pools) -> tuple[tuple[str, int], str, tuple[str, int]] | None:
    """Two names of the same kind with a verb between them ("A told B", not "A and B"): swapping them
    swaps who did what to whom."""
    found = names(sentence, frozenset(pools["person"]))
    for a, b in zip(found, found[1:], strict=False):
        between = sentence[a.start + len(a.text) : b.start]
        same = a.kind == b.kind and a.text.lower() != b.text.lower() and ";" not in between
        verb = re.search(r"\b[a-z]{3,}(?:ed|s)\b", between)
        if same and verb and not re.fullmatch(r"[\s,]*(and|or)?[\s,]*", between):
            return (a.text, a.start), between.strip(), (b.text, b.start)
    return None


_AFTER_OBJECT = re.compile(r"(['’]s\b|[,.;:]|\s(?:in|at|on|with|to|for|and|from|by|of|as|after|before)\b|$)")


def svo(sentence: str, pools: Pools) -> tuple[tuple[str, int], str, tuple[str, int]] | None:
    """The first "Name verb Name" triple of a sentence (a past-tense verb between two names)."""
    found = spans(sentence)
    for (a, sa), (b, sb) in zip(found, found[1:], strict=False):
        verb = sentence[sa + len(a) : sb].strip().removesuffix(" the").strip()
        if not (verb in TRANSITIVE or re.fullmatch(r"[a-z]{3,}ed", verb)) or a.lower() == b.lower():
            continue
        bare = sentence[sa + len(a) : sa + len(a) + 1] == " " and not {a, b} & _DEMONYMS
        subject = (bare and sa > 0 or names(a)) and not sentence[:sa].endswith(("de ", "la "))
        if subject and _AFTER_OBJECT.match(sentence, sb + len(b)):  # a lone first word may be an adverb
            return (a, sa), verb, (b, sb)
    return None


CORRUPTIONS = {"number": number, "time": time, "person": person, "place": place,
               "organisation": organisation, "nationality": nationality, "polarity": polarity,
               "negation": negation, "role": role, "swap": swap}  # fmt: skip
