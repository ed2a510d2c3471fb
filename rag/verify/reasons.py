"""Why a sentence was flagged, in words a reader can follow: the graded reasons of rag/verify/judge.py
("changed: Lyon → Paris") read as what the source says instead ("the source says “Lyon”, not “Paris”")."""

from __future__ import annotations

import re

_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"changed: (.+) → (.+) \(the cited text gives .+ for something else\)"),
     "the source gives “{1}” for something else, not for this"),
    (re.compile(r"changed: (.+) → (.+)"), "the source says “{0}”, not “{1}”"),
    (re.compile(r"reversed: (.+) → (.+)"), "the source says “{0}”, not “{1}”"),
    (re.compile(r"not in the cited text: (.+)"), "the source does not mention “{0}”"),
    (re.compile(r"negated: adds “(.+)”"), "the source does not say “{0}”: it says the opposite"),
    (re.compile(r"negated: drops “(.+)”"), "the source says “{0}”, which this leaves out"),
    (re.compile(r"swapped: (.+) ↔ (.+)"), "the source has {0} and {1} the other way round"),
    (re.compile(r"only (\d+%) of its words are in the cited text"), "most of it is not in the source "
     "(only {0} of its words are)"),
    (re.compile(r"no citation"), "it cites no source"),
]  # fmt: skip


def readable(reason: str) -> str:
    """``reason`` as a reader reads it; an unknown or empty one as "the source does not say this"."""
    for pattern, wording in _RULES:
        if m := pattern.fullmatch(reason.strip()):
            return wording.format(*m.groups())
    return f"the source does not say this ({reason})" if reason else "the source does not say this"
