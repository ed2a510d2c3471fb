"""Roles: who someone is (foreign secretary, minister of education, president). A role noun the cited
text lacks, or a role noun whose qualifier changed ("defence secretary" for "foreign secretary",
"minister of defence" for "minister of education"), is a changed fact, not a paraphrase."""

from __future__ import annotations

from rag.text import names
from rag.text.lexicon import is_descriptive, is_person, person_kinds
from rag.text.terms import STOPWORDS, words
from rag.verify.align import Span
from rag.verify.coverage import changed, covered

# Indefinite pronouns are person nouns to WordNet ("nobody" is a nonentity), but no one's role.
PRONOUNS = frozenset("nobody somebody anybody everybody someone anyone everyone people person".split())


def _role(token: str, named: set[str]) -> bool:
    return token not in STOPWORDS | PRONOUNS and token not in named and is_person(token)


def _kin(word: str, cited: Span, named: set[str]) -> bool:
    """True when a role of the cited sentence is of the same kind (offspring for descendants)."""
    kinds = person_kinds(word)
    return any(kinds & person_kinds(t) for t in cited.tokens if _role(t, named))


def _qualifiers(span: Span, i: int) -> list[int]:
    """Token indexes that qualify the role at ``i``: the word before it, or X in "<role> of X"."""
    out = [i - 1] if i > 0 and span.tokens[i - 1] not in STOPWORDS else []
    if span.tokens[i + 1 : i + 2] == ("of",) and i + 2 < len(span.tokens):
        out.append(i + 2)
    return out


def check(claim: Span, source: str, cited: Span) -> str:
    """A reason when the claim gives someone a role, or a role's qualifier, the cited text does not."""
    named = {w for n in names.names(f"{claim.text} {cited.text}", source) for w in words(n)}  # Americans
    new = [
        t
        for t in dict.fromkeys(claim.tokens)
        if _role(t, named) and not covered(t, source) and not _kin(t, cited, named)
    ]
    old = [t for t in cited.tokens if _role(t, named) and not covered(t, claim.text)]
    if new:
        return changed(new, claim, old, cited)
    return _qualifier(claim, source, cited, named)


def _qualifier(claim: Span, source: str, cited: Span, named: set[str]) -> str:
    for i, role in enumerate(claim.tokens):
        if not _role(role, named) or role not in cited.tokens:
            continue
        j = cited.tokens.index(role)
        theirs = [cited.tokens[k] for k in _qualifiers(cited, j) if cited.tokens[k] not in claim.tokens]
        for k in _qualifiers(claim, i):
            word = claim.tokens[k]
            if word not in named and not covered(word, source) and theirs and not _rewording(word, theirs[0]):
                return f"changed: {_phrase(theirs[0], role)} → {_phrase(word, role)}"
    return ""


def _rewording(mine: str, theirs: str) -> bool:
    return is_descriptive(mine) and is_descriptive(theirs)  # "significant player" for "major player"


def _phrase(qualifier: str, role: str) -> str:
    return f"{qualifier} {role}"
