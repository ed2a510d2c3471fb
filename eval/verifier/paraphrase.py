"""Rule-based faithful paraphrases: each returns (claim, changed text, its rewrite) or None."""

from __future__ import annotations

import random
import re

from eval.verifier.corrupt import Edit, Pools, svo
from eval.verifier.lexicon import POSSESSIVE_DEMONYM, SYNONYMS

_LEAD = re.compile(
    r"^((?:In|On|During|After|Before|By|Since|At|Under|Following|Despite|Elsewhere on|Meanwhile on)"
    r"\s[^,]{2,60}),\s+(.+?)([.!?])$"
)
# A clause is dropped only when a finite verb follows it ("X, who led the talks, resigned"), so a
# list item (", the Caribbean, and") or a clause whose end the commas do not mark stays put.
_VERB_NEXT = (
    r"(?=\s+(?:[a-z]+ed|is|was|were|are|has|had|have|will|would|can|could|still|also|said|told|took|"
    r"made|became|led|won|began|gave|built|wrote|came|went|found|saw|remains)\b)"
)
_APPOSITIVE = re.compile(r",\s+(?:who|which)\s[^,()\"“”]{3,120}," + _VERB_NEXT)
_NAMED_APPOSITIVE = re.compile(r"(?<=[A-Z][a-z]),\s+(?:the|a|an)\s[a-z][^,()\"“”]{2,80}," + _VERB_NEXT)
_RELATIONAL = ("partner", "all", "enem", "neighbo", "friend", "rival", "opponent", "critic")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def reorder(sentence: str, pools: Pools, rng: random.Random) -> Edit | None:
    """Move a leading adverbial ("In 1066, X did Y.") to the end ("X did Y in 1066.")."""
    m = _LEAD.match(sentence)
    if not m or '"' in m.group(2) or "“" in m.group(2):
        return None
    lead, rest, end = m.groups()
    if len(lead.split()) < 3 and not re.search(r"[\dA-Z]", lead[1:]):
        return None  # a discourse marker ("In turn,"), not a time or place
    rest = rest[:1].upper() + rest[1:]
    return f"{rest} {_lower_first(lead)}{end}", lead, "(moved to the end)"


def appositive(sentence: str, pools: Pools, rng: random.Random) -> Edit | None:
    """Drop a non-restrictive clause (", who led the delegation,") or appositive (", the ...,")."""
    m = _APPOSITIVE.search(sentence) or _NAMED_APPOSITIVE.search(sentence)
    if not m:
        return None
    return sentence[: m.start()] + sentence[m.end() :], m.group(), ""


def name_variant(sentence: str, pools: Pools, rng: random.Random) -> Edit | None:
    """A name form: "Russia's advance" → "the Russian advance", "US envoys" → "American envoys",
    "Mr Trump" → "Trump", "the United States" → "the US"."""
    for country, demonym in POSSESSIVE_DEMONYM.items():
        m = re.search(rf"\b{country}['’]s ([a-z][\w-]*)", sentence)
        if m and not m.group(1).startswith(_RELATIONAL):  # "Ukraine's partners" ≠ "Ukrainian partners"
            article = "" if m.start() and sentence[m.start() - 4 : m.start()].lower() == "the " else "the "
            article = article if m.start() else article.capitalize()
            return _sub(sentence, m, f"{article}{demonym} {m.group(1)}")
    for pattern, new in ((r"\bUS (?=[a-z])", "American "), (r"\bUK (?=[a-z])", "British ")):
        m = re.search(pattern, sentence)
        if m:
            return _sub(sentence, m, new)
    for long, short in (("the United States", "the US"), ("the United Kingdom", "the UK"),
                        ("the European Union", "the EU"), ("the United Nations", "the UN")):  # fmt: skip
        m = re.search(rf"\b{long}\b", sentence)
        if m:
            return _sub(sentence, m, short)
    m = re.search(r"\b(?:Mr|Mrs|Ms|Dr) (?=[A-Z])", sentence)
    if m and m.start() > 0:
        return _sub(sentence, m, "")
    return None


def _sub(sentence: str, m: re.Match, new: str) -> Edit:
    return sentence[: m.start()] + new + sentence[m.end() :], m.group(), new


def synonym(sentence: str, pools: Pools, rng: random.Random) -> Edit | None:
    """Swap one word for a synonym from a small list ("resigned" → "stepped down")."""
    found = [(m, w) for w in sorted(SYNONYMS) if (m := re.search(rf"(?<![\w'’-]){w}(?![\w'’-])", sentence))]
    if not found:
        return None
    m, w = rng.choice(found)
    return _sub(sentence, m, SYNONYMS[w])


def passive(sentence: str, pools: Pools, rng: random.Random) -> Edit | None:
    """Active "X defeated Y ..." at the start of a sentence → "Y was defeated by X ..."."""
    found = svo(sentence, pools)
    if not found:
        return None
    (x, xs), verb, (y, ys) = found
    head = sentence[:xs]
    if head.strip() not in ("", "The", "the") or sentence[ys + len(y) :].startswith(("'", "’")):
        return None
    obj = sentence[xs + len(x) : ys].replace(verb, "", 1).strip()  # "the" before the object, if any
    obj = f"{obj} {y}".strip()
    by = f"{head.strip().lower()} {x}".strip()
    claim = f"{obj[:1].upper()}{obj[1:]} was {verb} by {by}"
    return claim + sentence[ys + len(y) :], f"{x} {verb} {y}", f"{y} was {verb} by {x}"


PARAPHRASES = {"reorder": reorder, "appositive": appositive, "name-variant": name_variant,
               "synonym": synonym, "passive": passive}  # fmt: skip
