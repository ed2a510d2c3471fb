"""Verify stage: check each answer sentence against the passages it cites.

A sentence is supported when its numbers, amounts, dates, names (in any form), time expressions and
roles are in its cited text, it keeps the cited sentence's polarity and who-did-what order, and most
of its content words (or synonyms) are there too; ``judge`` holds the checks. A sentence without a
citation is not supported (every claim must carry one). Each rejection carries a graded reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.text import dates
from rag.text.sentences import split_sentences
from rag.text.terms import facts, terms, words
from rag.verify.judge import judge

MARKER = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_LEADING_MARKERS = re.compile(r"((?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+)\s*[.!?]?\s*")


@dataclass(frozen=True)
class Check:
    """Verdict on one answer sentence; ``quote`` is the best-matching sentence of the cited text."""

    sentence: str
    markers: list[int]
    supported: bool
    reason: str = ""
    quote: dict[int, str] = field(default_factory=dict)


def markers(sentence: str) -> list[int]:
    """Citation numbers in a sentence, in order, without repeats."""
    found = [int(n) for m in MARKER.finditer(sentence) for n in re.split(r"[,;]", m.group(1))]
    return list(dict.fromkeys(found))


def strip_markers(text: str) -> str:
    return MARKER.sub("", text).strip()


def answer_sentences(text: str) -> list[str]:
    """Sentences of an answer, each keeping the markers that follow it, as they stand in ``text``."""
    return [text[a:b] for a, b in answer_spans(text)]


def answer_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of an answer's sentences in ``text``, each with its markers: flags
    are placed by these positions, so a repeated sentence or one whose marker follows a line break
    is flagged where it stands."""
    out: list[tuple[int, int]] = []
    for a, b in split_sentences(text):
        lead = _LEADING_MARKERS.match(text, a, b)
        if out and lead:  # "Claim. [1] Next claim." — markers after a period belong to the sentence before
            out[-1] = (out[-1][0], lead.end(1))
            a = lead.end()
        if text[a:b].strip(" .!?"):
            out.append((a, b))
    return out


def flag_spans(text: str, unsupported: list[str]) -> list[tuple[int, int]]:
    """Spans of every occurrence in ``text`` of a sentence verification rejected (a sentence repeated
    is flagged each time it stands)."""
    rejected = set(unsupported)
    return [(a, b) for a, b in answer_spans(text) if text[a:b] in rejected]


def check_sentence(sentence: str, cited: dict[int, str]) -> Check:
    """Check one sentence against ``cited`` (marker number -> cited chunk text)."""
    nums = [n for n in markers(sentence) if n in cited]
    claim = dates.unlabel(strip_markers(sentence))  # "on Tuesday (2 Dec 2025)": the label is ours
    if not nums:
        return Check(sentence, nums, False, "no citation")
    source = " ".join(cited[n] for n in nums)
    quote = {n: best_quote(claim, cited[n]) for n in nums}
    reason = judge(claim, source)
    return Check(sentence, nums, not reason, reason, quote)


def restates(claim: str, sentence: str, question: str) -> bool:
    """Strict check for a condensed answer: every fact and content word is in the sentence or question."""
    claim, source = (t.replace("’", "'") for t in (claim, f"{sentence} {question}"))  # didn’t = didn't
    known = set(words(source)) | facts(source, skip_first=False)
    negations = {"not", "no", "never", "nor", "without"}
    added_negation = (set(words(claim)) & negations) - set(words(source)) or (
        "n't" in claim and "n't" not in source
    )
    return (
        not added_negation
        and all(f in known for f in facts(claim))
        and set(terms(claim)) <= set(terms(source))
    )


def best_quote(claim: str, passage: str) -> str:
    """The sentence of ``passage`` sharing the most content words with ``claim``."""
    want = set(terms(claim))
    spans = split_sentences(passage)
    if not spans:
        return passage
    a, b = max(spans, key=lambda s: len(want & set(terms(passage[s[0] : s[1]]))))
    return passage[a:b]


def verify(text: str, cited: dict[int, str], exempt: tuple[str, ...] = ()) -> list[Check]:
    """Check every sentence of an answer; sentences in ``exempt`` (e.g. the refusal) pass as they are."""
    checks = []
    for sentence in answer_sentences(text):
        if strip_markers(sentence) in exempt or not terms(strip_markers(sentence)):
            continue  # no claim to check
        checks.append(check_sentence(sentence, cited))
    return checks
