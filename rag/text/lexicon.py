"""Word relations the verifier needs: lemmas (lemminflect), synonyms, antonyms, person nouns and the
forms of a name (WordNet: France/French/French Republic, US/United States/America/American).

Only a word's most frequent senses are used (``SENSES``): rare senses make almost any two words
synonyms or opposites. Results are lower-case. Without WordNet every lookup is empty, so the
verifier falls back to exact words.
"""

from __future__ import annotations

import functools

import lemminflect

from rag.text.wordnet import Synset, wordnet

SENSES = 3  # senses per word and part of speech consulted
_UPOS = {"n": "NOUN", "v": "VERB", "a": "ADJ", "r": "ADV"}


@functools.lru_cache(maxsize=65536)
def lemmas(word: str, pos: str = "") -> frozenset[str]:
    """Dictionary forms of ``word`` (itself included): rose -> {rose, rise}; ``pos`` is one of n, v, a, r."""
    found = lemminflect.getAllLemmas(word, _UPOS[pos]) if pos else lemminflect.getAllLemmas(word)
    return frozenset({word.lower()} | {x.lower() for forms in found.values() for x in forms})


def _senses(word: str, pos: str = "nvar") -> list[Synset]:
    wn = wordnet()
    if wn is None:
        return []
    out: list[Synset] = []
    for p in pos:
        for lemma in lemmas(word, p):
            out += wn.synsets(lemma, p)[:SENSES]
    return out


@functools.lru_cache(maxsize=65536)
def synonyms(word: str) -> frozenset[str]:
    """Words sharing one of the frequent senses of ``word`` (any part of speech), lower-case."""
    return frozenset(w.lower() for s in _senses(word) for w in s.words)


@functools.lru_cache(maxsize=65536)
def antonyms(word: str) -> frozenset[str]:
    """Opposites of ``word``: WordNet antonyms of its frequent senses, with their synonyms, e.g.
    continue -> {discontinue, stop, cease, ...}; an adjective satellite takes its head's (arduous ->
    difficult -> easy) and a verb its direct hypernym's (declined -> decrease -> increase)."""
    w = word.lower()
    found: set[str] = set()
    wn = wordnet()
    for sense in _senses(word):
        link = {"s": "&", "v": "@"}.get(sense.pos)
        heads = [sense] + ([wn.synset(o, p) for o, p in sense.related(link)] if link else [])
        for head in heads:
            for offset, pos in head.related("!"):
                found |= {x.lower() for x in wn.synset(offset, pos).words}
    return frozenset(found - {w})


@functools.lru_cache(maxsize=65536)
def is_person(word: str) -> bool:
    """True when ``word`` mainly names a person or role (minister, envoy, queen): its first noun sense
    or two of its first three are persons. Proper names do not count (Bridges the labour leader does
    not make "bridges" a role), nor do words used as often as another part of speech ("put forward",
    "colonial rule", "newborn") or mainly meaning something else ("type")."""
    wn = wordnet()
    if wn is None:
        return False
    forms = lemmas(word.lower(), "n")
    noun = max(wn.tagged(f, "n") for f in forms)
    other = {p: max((wn.tagged(f, p) for f in lemmas(word.lower(), p) | forms), default=0) for p in "var"}
    if other["v"] > noun or other["r"] > noun or other["a"] >= max(noun, 1):
        return False  # an adjective as often as a noun is a modifier ("colonial rule")
    for f in forms:
        person = [s.lexname == "noun.person" and f in s.words for s in wn.synsets(f, "n")[:SENSES]]
        if person and (person[0] or sum(person) >= 2):
            return True
    return False


@functools.lru_cache(maxsize=65536)
def is_common(word: str) -> bool:
    """True when ``word`` in lower case is an ordinary English word (a lemma WordNet lists in lower case)."""
    wn = wordnet()
    if wn is None:
        return False
    return any(
        lemma in s.words for p in "nvar" for lemma in lemmas(word.lower(), p) for s in wn.synsets(lemma, p)
    )


@functools.lru_cache(maxsize=65536)
def name_forms(name: str) -> frozenset[str]:
    """Lower-case forms of a capitalised name or phrase: its proper-noun synonyms and, for an adjective
    such as French or American, the noun it pertains to (France, America = United States = US)."""
    wn = wordnet()
    forms = {name.lower()}
    if wn is None:
        return frozenset(forms)
    for pos in "na":
        for sense in wn.synsets(name, pos):
            own = next((w for w in sense.words if w.lower() == name.lower() and w[:1].isupper()), None)
            if own is None or sense.lexname == "noun.person":
                continue  # a common-noun sense (turkey the bird), or a person's (Harvard = John Harvard)
            forms |= {w.lower() for w in sense.words}
            for offset, p in sense.related("\\", own) + sense.related("+", own):
                target = wn.synset(offset, p)
                if any(w[:1].isupper() for w in target.words):
                    forms |= {w.lower() for w in target.words}
    return frozenset(forms)


@functools.lru_cache(maxsize=65536)
def is_demonym(name: str) -> bool:
    """True when ``name`` is a capitalised adjective (French, Ukrainian, Islamic), not a noun."""
    wn = wordnet()
    return wn is not None and any(name in s.words for s in wn.synsets(name, "a"))


@functools.lru_cache(maxsize=65536)
def is_descriptive(word: str) -> bool:
    """True for a word mostly used as a qualitative adjective (major, significant), not a noun or a
    relational adjective (defence, deputy, economic): swapping one such for another is rewording."""
    wn = wordnet()
    if wn is None:
        return False
    adj = wn.tagged(word, "a")
    senses = wn.synsets(word, "a")[:1]
    return adj > wn.tagged(word, "n") and bool(senses) and senses[0].lexname == "adj.all"


@functools.lru_cache(maxsize=65536)
def person_kinds(word: str) -> frozenset[tuple[int, str]]:
    """The direct hypernyms of the person senses of ``word``: two words sharing one are kin
    (offspring ~ descendant, envoy ~ ambassador), unlike secretary and minister."""
    return frozenset(
        (o, p) for s in _senses(word, "n") if s.lexname == "noun.person" for o, p in s.related("@")
    )


def is_place(name: str) -> bool:
    """True for a capitalised name of a place: a country or city (WordNet's noun.location), a
    continent, river or island (noun.object), or a name with other forms but no WordNet sense."""
    wn = wordnet()
    if wn is None:
        return False
    senses = [s for s in wn.synsets(name, "n")[:3] if any(w == name for w in s.words)]
    places = ("noun.location", "noun.object")
    return any(s.lexname in places for s in senses) or len(name_forms(name)) > 1 and not senses


@functools.lru_cache(maxsize=65536)
def parts_of_speech(word: str) -> frozenset[str]:
    """The parts of speech ``word`` can be a form of (lemminflect's NOUN, VERB, ADJ, ADV, ...)."""
    return frozenset(lemminflect.getAllLemmas(word))


def in_use(word: str, pos: str) -> bool:
    """True when WordNet's tagged texts use ``word`` as part of speech ``pos`` (n, v, a, r); True
    for every word without WordNet, so a check that needs this does not reject everything."""
    wn = wordnet()
    return wn is None or bool(wn.tagged(word, pos))
