"""Near misses (issue 25): an answer must be about what the question names. A sentence can share a
question's topic words yet speak of another year, model, person or place ("How much does the HP-12
cost?" answered with the HP-9's price). The question's qualifiers (years, model codes, names) must
each be found in the article passages the answer comes from, or the answerer refuses."""

from __future__ import annotations

import re

from rag.core.types import Hit
from rag.question.followup import split_context
from rag.text.dates import WEEKDAYS, YEAR
from rag.text.terms import MONTHS, facts, terms

_CODE = re.compile(r"\b(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\b")
_ABOUT = re.compile(
    r"\b(?:say|said|tell|told|think|thinks|warn|warned)\s+(?:about|on|of|regarding)\s+(.+)", re.I
)
STEM = 4  # a name matches a word sharing its first letters (Normans ~ Norman, Russian ~ Russia)


def unmatched(question: str, article_id: str, hits: list[Hit]) -> list[str]:
    """The question's years, codes and names that no retrieved passage of ``article_id`` mentions."""
    question, _ = split_context(question)  # a follow-up's rewrite adds "(names it borrowed)": not asked
    text = " ".join(f"{h.title} {h.text}" for h in hits if h.article_id == article_id)
    lower = text.lower()
    found_words = set(re.findall(r"[a-z0-9]+", lower))
    missing = [y for y in YEAR.findall(question) if y not in text]
    missing += [c for c in _CODE.findall(question) if not YEAR.fullmatch(c) and c.lower() not in lower]
    for name in facts(question, skip_first=True):
        if not name.isalpha() or len(name) < 3 or name in MONTHS or name in WEEKDAYS:
            continue
        stem = name[: max(STEM, len(name) - 2)]
        if not any(w.startswith(stem) or name.startswith(w) and len(w) >= STEM for w in found_words):
            missing.append(name)
    return missing


def off_topic(question: str, context: str) -> bool:
    """Whether a quote question's topic ("What did X say about <topic>?") has none of its words in the
    ``context`` (the answer sentences and the one before, which often names what is spoken of): a
    quotation of the right person about something else does not answer it."""
    m = _ABOUT.search(split_context(question)[0])
    asked = {_root(t) for t in terms(m.group(1))} if m else set()
    return bool(asked) and not asked & {_root(t) for t in terms(context)}


def _root(term: str) -> str:
    """A term's first letters: "farmers" and "farming" stem apart but speak of one thing."""
    return term[:STEM]
