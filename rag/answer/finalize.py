"""Both answerers end here: markers that point at no passage are dropped, the rest are renumbered in
order of appearance, every sentence is verified against what it cites, and the cited passages become
Citations with the supporting sentence as their quote."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from rag import verify
from rag.answer.dated import dated
from rag.answer.phrase import phrase
from rag.answer.refusal import REFUSAL, is_refusal, refusal
from rag.core.types import Answer, Citation, Hit
from rag.sources.documents import page_at


def cite(sentence: str, n: int) -> str:
    """``sentence`` with marker [n] before its final period (after it when a quote closes the sentence)."""
    if sentence[-1:] in ".!?":
        return f"{sentence[:-1].rstrip()} [{n}]{sentence[-1]}"
    return f"{sentence} [{n}]"


def finalize(raw: str, hits: list[Hit], model: str, question: str, note: str = "") -> Answer:
    """Clean markers, verify each sentence and attach citations; a refusal-like reply abstains."""
    if is_refusal(raw):
        return refusal(model, question, note, hits)
    text, order = renumber(raw.strip(), len(hits))
    cited = {new: hits[old - 1].text for new, old in enumerate(order, 1)}
    checks = verify.verify(text, cited, exempt=(REFUSAL,))
    quotes: dict[int, list[str]] = {}
    for check in checks:
        for n, quote in check.quote.items():
            if quote not in quotes.setdefault(n, []):
                quotes[n].append(quote)
    citations = [_citation(n, hits[old - 1], " ".join(quotes.get(n, []))) for n, old in enumerate(order, 1)]
    flagged = [c for c in checks if not c.supported]
    reasons = {c.sentence: c.reason for c in flagged}
    verified = " ".join(verify.strip_markers(c.sentence) for c in checks if c.supported)
    answer = Answer(text, citations, False, [c.sentence for c in flagged], model, question, note,
                    reasons=reasons, short=phrase(question, verified))  # fmt: skip
    answer = dated(answer, hits, order)  # flagged sentences stay word for word: their spans are found after
    return replace(answer, flags=verify.flag_spans(answer.text, answer.unsupported))


def renumber(text: str, passages: int) -> tuple[str, list[int]]:
    """Drop markers outside 1..passages; renumber the rest 1, 2, ... by first appearance.

    Returns the new text and, for each new number, the passage number it stands for.
    """
    order: list[int] = []

    def fix(m: re.Match) -> str:
        valid = [int(n) for n in re.split(r"[,;]", m.group(1)) if 1 <= int(n) <= passages]
        for n in valid:
            if n not in order:
                order.append(n)
        return "".join(f"[{order.index(n) + 1}]" for n in dict.fromkeys(valid))

    new = re.sub(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]", fix, text)
    new = re.sub(r"[ \t]+([.,;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", new))
    return new.strip(), order


def has_support(answer: Answer) -> bool:
    """True when at least one sentence of the answer was verified."""
    checked = verify.verify(answer.text, {c.n: c.text for c in answer.citations}, exempt=(REFUSAL,))
    return any(c.supported for c in checked)


def _citation(n: int, hit: Hit, quote: str) -> Citation:
    page = page_at(hit.pages, _offset(hit.text, quote)) if hit.pages else 0
    return Citation.of(hit, n, quote, page)


def _offset(text: str, quote: str) -> int:
    """Where ``quote`` starts in ``text`` (white space may differ: a sentence can span a page break)."""
    m = re.search(r"\s+".join(map(re.escape, quote.split()[:8])), text) if quote.strip() else None
    return m.start() if m else 0


def pieces(text: str) -> Iterator[str]:
    """An answer's words with their trailing space, so a UI can show the text growing."""
    words = text.split(" ")
    for i, w in enumerate(words):
        yield w if i == len(words) - 1 else w + " "
