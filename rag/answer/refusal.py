"""Refusing: the one phrase a refusal uses, the refusing Answer, and telling a model's refusal apart."""

from __future__ import annotations

import re

from rag import verify
from rag.core.types import REFUSAL, Answer, Citation, Hit

_REFUSAL_LIKE = re.compile(
    r"articles? (don't|do not|does not|doesn't) (say|mention|contain|answer)"
    r"|not (mentioned|stated|specified) in|(no|not enough) information"
    r"|cannot (be )?answer|can't answer|i don't know|unable to answer",
    re.I,
)


CLOSEST = 3  # passages shown under a refusal


def refusal(model: str, question: str, note: str = "", hits: list[Hit] | tuple = ()) -> Answer:
    """The refusing Answer; with the retrieved ``hits``, the nearest passages of distinct articles as
    ``closest`` (each quoting its sentence nearest the question)."""
    closest: list[Citation] = []
    for hit in hits:
        if len(closest) < CLOSEST and all(c.article_id != hit.article_id for c in closest):
            closest.append(Citation.of(hit, len(closest) + 1, verify.best_quote(question, hit.text)))
    return Answer(text=REFUSAL, abstained=True, model=model, question=question, note=note, closest=closest)


def is_refusal(text: str) -> bool:
    """Whether a model's reply (markers aside) is empty or says, briefly, that the articles don't say."""
    plain = verify.strip_markers(text)
    return not plain or (len(plain) < 200 and bool(_REFUSAL_LIKE.search(plain)))
