"""Names in a sentence and whether the cited text names the same thing, in any of its forms.

A name is a run of capitalised words ("Vladimir Putin", "Bank of England"). It is supported when
the cited text has it, or a form of it: France/French/France's, US/U.S./United States/American.
The first word of a sentence is capitalised anyway, so it counts as a name only when it is not an
ordinary English word, or when the text also capitalises it mid-sentence (Trump, not "Talks").
"""

from __future__ import annotations

import functools
import re

from rag.text.lexicon import is_common, is_demonym, name_forms
from rag.text.terms import STOPWORDS, words

_NAME = re.compile(r"(?<![\w'’])[A-Z][\w'’.-]*(?:\s+(?:(?:of|de|the|al|bin|von|van)\s+)?[A-Z][\w'’.-]*)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|[\"“‘(]\s*)$")
# Function words that open sentences and are not in WordNet (which lists open-class words only).
FUNCTION_WORDS = frozenset(
    """since although though unlike despite following among amid amidst across along
    beyond like toward towards whereas however meanwhile moreover thus hence therefore nevertheless
    nonetheless still even instead besides throughout unless whenever wherever whatever whoever""".split()
)
_POSSESSIVE = re.compile(r"['’]s?$")  # Putin's, the US'


_CONNECTORS = frozenset({"of", "de", "the", "al", "bin", "von", "van"})


def _runs(text: str) -> list[tuple[int, str]]:
    """(start, text) of each run of capitalised words, cut after a word that ends a sentence
    ("... the United States. It ..." is two runs; "U.S. envoys" and "W. Eliot" are not cut)."""
    out = []
    for m in _NAME.finditer(text):
        start, piece = m.start(), m.group()
        for cut in re.finditer(r"(?<=[a-z\d]{2}\.)\s+", m.group()):
            out.append((start, piece[: cut.start() - (start - m.start())]))
            start = m.start() + cut.end()
            piece = m.group()[cut.end() :]
        out.append((start, piece))
    return out


def names(text: str, usage: str = "") -> list[str]:
    """Capitalised names in ``text``; a sentence-initial word only when it is a name (see module doc).

    ``usage`` is more text (the cited passage) whose mid-sentence capitals show what is a name.
    """
    proper = _mid_capitals(f"{text} {usage}")
    out = []
    for start, run in _runs(text):
        name = _undot(run)
        if _SENTENCE_START.search(text[:start]):
            first, _, rest = name.partition(" ")
            if first.lower() in STOPWORDS | FUNCTION_WORDS or (is_common(first) and first not in proper):
                name = rest
        name = " ".join(_undot(_POSSESSIVE.sub("", w)) for w in name.split())
        if name and name.lower() not in STOPWORDS:
            out.append(name)
    return out


@functools.lru_cache(maxsize=4096)
def _mid_capitals(text: str) -> frozenset[str]:
    runs = [run for start, run in _runs(text) if not _SENTENCE_START.search(text[:start])]
    return frozenset(_undot(w) for run in runs for w in run.split())


def _undot(word: str) -> str:
    """A name without a sentence's full stop, keeping an abbreviation's (U.S. stays U.S.)."""
    return word if "." in word.rstrip(".") else word.rstrip(".")


def word_forms(word: str) -> frozenset[str]:
    """Lower-case forms of one capitalised word, and of its singular when plural (Americans)."""
    out = name_forms(word)
    if word.endswith("s") and len(word) > 3:  # Normans, the Balkans
        out |= name_forms(word[:-1])
    return out


@functools.lru_cache(maxsize=1024)
def known_forms(source: str) -> frozenset[str]:
    """Every form of every name in ``source`` (sentence-initial ones too), and its words in lower case."""
    found = set(words(source))
    for name in names(source, source) + [run.split()[0] for _, run in _runs(source)]:
        found |= name_forms(name)
        for word in name.split():
            found |= word_forms(_POSSESSIVE.sub("", _undot(word)))
    return frozenset(found)


@functools.lru_cache(maxsize=1024)
def _spans(source: str) -> tuple[frozenset[str], ...]:
    """The forms of each name of ``source``, one set per name."""
    return tuple(name_forms(n) | {f for w in n.split() for f in word_forms(w)} for n in names(source, source))


def supported(name: str, source: str) -> bool:
    """True when ``source`` has ``name`` in any form: whole, or word by word with the words that are
    names in the source all from one of its names (John Harvard is not John Smith ... Harvard), part
    by part around "of" (Donald Davies of Britain). In a hyphenated word only capitalised parts count
    (British-occupied)."""
    known = known_forms(source)
    parts = [w for w in name.split() if w.lower() not in STOPWORDS]
    if name_forms(name) - {w.lower() for w in parts[1:]} & known:  # not John Harvard = Harvard
        return True
    groups: list[list[str]] = [[]]
    for word in name.split():
        if word.lower() in _CONNECTORS:
            groups.append([])
            continue
        groups[-1] += [p for p in _POSSESSIVE.sub("", word).split("-") if p[:1].isupper()] or [word]
        if _POSSESSIVE.search(word):  # Britain's National Physical Laboratory: two names
            groups.append([])
    return all(_one_name(g, source) for g in groups if g)


def _one_name(parts: list[str], source: str) -> bool:
    known = known_forms(source)
    if name_forms(" ".join(parts)) & known - {w.lower() for w in parts[1:]}:
        return True
    if not all(word_forms(w) & known for w in parts):
        return False
    spans = _spans(source)
    named = [w for w in parts if any(word_forms(w) & s for s in spans) and not is_demonym(w)]
    return len(named) < 2 or any(all(word_forms(w) & s for w in named) for s in spans)


def missing(claim: str, source: str) -> list[str]:
    """Names of ``claim`` that ``source`` does not have in any form."""
    return [n for n in names(claim, source) if not supported(n, source)]
