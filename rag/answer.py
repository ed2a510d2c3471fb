"""Answer stage: turn retrieved passages into an Answer with inline [n] citations, verified.

Both answerers end in ``finalize``: markers that point at no passage are dropped, the rest are
renumbered in order of appearance, every sentence is verified against what it cites, and the
cited passages become Citations with the supporting sentence as their quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from rag import REFUSAL, answerability, budget, llm, verify  # REFUSAL is defined once, in rag/__init__.py
from rag.complete import complete
from rag.config import Settings
from rag.extractive import Candidate, follows_up, rank_sentences
from rag.prompts import render
from rag.short import phrase
from rag.sources.documents import page_at
from rag.types import Answer, Citation, Hit

_REFUSAL_LIKE = re.compile(
    r"articles? (don't|do not|does not|doesn't) (say|mention|contain|answer)"
    r"|not (mentioned|stated|specified) in|(no|not enough) information"
    r"|cannot (be )?answer|can't answer|i don't know|unable to answer",
    re.I,
)


def refusal(model: str, question: str, note: str = "") -> Answer:
    return Answer(text=REFUSAL, abstained=True, model=model, question=question, note=note)


def extractive(
    question: str, hits: list[Hit], idf, settings: Settings, note: str = "", previous: str = "", similar=None
) -> Answer:
    """The offline answer: the best-supported sentence(s), cited; a refusal when support is too weak.

    ``previous`` is the previous answer when the question is a follow-up (see ``rank_sentences``).
    """
    chosen = choose(question, hits, idf, settings, previous, similar)
    if not chosen:
        return refusal("extractive", question, note)
    text = " ".join(cite(c.text, c.hit_index + 1) for c in chosen)
    return finalize(text, hits, "extractive", question, note)


def cite(sentence: str, n: int) -> str:
    """``sentence`` with marker [n] before its final period (after it when a quote closes the sentence)."""
    if sentence[-1:] in ".!?":
        return f"{sentence[:-1].rstrip()} [{n}]{sentence[-1]}"
    return f"{sentence} [{n}]"


def choose(
    question: str, hits: list[Hit], idf, settings: Settings, previous: str = "", similar=None
) -> list[Candidate]:
    """The answer sentence(s), or none when the evidence does not answer the question.

    ``similar`` scores sentences by meaning against the question (rag/similar.py), None to go without.
    """
    candidates = rank_sentences(question, hits, idf, previous, similar)
    if candidates and previous and follows_up(question, candidates[0], hits, previous):
        return complete(question, candidates[0], hits)  # "And how much money?" next to the last answer
    if not candidates or candidates[0].coverage < settings.min_coverage:
        return []
    model = answerability.load()
    threshold = model["threshold"] if settings.min_confidence is None else settings.min_confidence
    x = answerability.features(question, candidates, idf, [h.text for h in hits])
    if answerability.confidence(x, model) < threshold:
        return []
    return complete(question, candidates[0], hits)


def supported(question: str, hits: list[Hit], idf, settings: Settings) -> bool:
    """Whether the passages answer the question well enough to answer at all."""
    return bool(choose(question, hits, idf, settings))


def messages(question: str, hits: list[Hit], settings: Settings) -> list[dict]:
    """Chat messages for an LLM: numbered passages (as many as fit the token budget) and the question."""
    blocks = [f"[{i + 1}] {h.title}\n{h.text}" for i, h in enumerate(hits)]
    blocks = blocks[: budget.fit(blocks, settings.context_tokens)]
    user = render(
        settings.prompts_dir, "answer", passages="\n\n".join(blocks), question=question, refusal=REFUSAL
    )
    return [
        {"role": "system", "content": render(settings.prompts_dir, "system")},
        {"role": "user", "content": user},
    ]


def is_refusal(text: str) -> bool:
    plain = verify.strip_markers(text)
    return not plain or (len(plain) < 200 and bool(_REFUSAL_LIKE.search(plain)))


def finalize(raw: str, hits: list[Hit], model: str, question: str, note: str = "") -> Answer:
    """Clean markers, verify each sentence and attach citations; a refusal-like reply abstains."""
    if is_refusal(raw):
        return refusal(model, question, note)
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
    return Answer(text, citations, False, [c.sentence for c in flagged], model, question, note,
                  reasons=reasons, short=phrase(question, verified))  # fmt: skip


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
    return Citation(
        n=n, chunk_id=hit.chunk_id, article_id=hit.article_id, title=hit.title, text=hit.text,
        quote=quote, source=hit.source, date=hit.date, url=hit.url,
        page=page_at(hit.pages, _offset(hit.text, quote)) if hit.pages else 0, also=hit.also,
        author=hit.author,
    )  # fmt: skip


def _offset(text: str, quote: str) -> int:
    """Where ``quote`` starts in ``text`` (white space may differ: a sentence can span a page break)."""
    m = re.search(r"\s+".join(map(re.escape, quote.split()[:8])), text) if quote.strip() else None
    return m.start() if m else 0


def generate(question: str, hits: list[Hit], idf, settings: Settings) -> Iterator[str | Answer]:
    """The configured LLM's answer as it streams, then the verified Answer; the extractive answer
    (with a note) when the model is unreachable or its answer has no supported sentence."""
    pieces: list[str] = []
    try:
        for piece in llm.stream(messages(question, hits, settings), settings):
            pieces.append(piece)
            yield piece
    except llm.LLMUnavailable as e:
        note = f"{e}; showing the extractive answer."
        yield replace(extractive(question, hits, idf, settings, note), fallback="unreachable")
        return
    final = finalize("".join(pieces), hits, settings.model, question)
    if not final.abstained and not has_support(final):
        note = f"The {settings.model} answer could not be verified against the articles; extractive shown."
        final = replace(extractive(question, hits, idf, settings, note), fallback="unverified")
    yield final
