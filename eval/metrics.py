"""Metric functions, pure and unit-tested; formulas are in eval/README.md."""

from __future__ import annotations

import collections
import re
import string
import unicodedata

from rag.verify import answer_sentences, check_sentence, markers, strip_markers

_PUNCT = set(string.punctuation)


def normalize(text: str) -> str:
    """SQuAD's normalisation (lower case, no punctuation, no articles, single spaces), Unicode-aware."""
    text = text.lower()
    text = "".join(" " if _is_punct(ch) else ch for ch in text)
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def _is_punct(ch: str) -> bool:
    return ch in _PUNCT or unicodedata.category(ch).startswith("P") or ch in "€$£¥"


def exact_match(prediction: str, golds: list[str]) -> float:
    """1.0 when the normalised prediction equals a normalised gold answer."""
    p = normalize(prediction)
    return float(any(p == normalize(g) for g in golds))


def token_f1(prediction: str, golds: list[str]) -> float:
    """Best SQuAD token F1 of the prediction against any gold answer."""
    return max((_f1(normalize(prediction).split(), normalize(g).split()) for g in golds), default=0.0)


def _f1(pred: list[str], gold: list[str]) -> float:
    if not pred or not gold:
        return float(pred == gold)
    common = sum((collections.Counter(pred) & collections.Counter(gold)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(pred), common / len(gold)
    return 2 * precision * recall / (precision + recall)


def contains(text: str, needles: list[str]) -> bool:
    """Whether any (non-empty) normalised needle occurs in the normalised text, on word boundaries."""
    hay = f" {normalize(text)} "
    return any(n and f" {n} " in hay for n in map(normalize, needles))


def first_relevant_rank(texts: list[str], golds: list[str], support: str) -> int | None:
    """1-based rank of the first text containing a gold answer or the support text; None if none does."""
    needles = [*golds, support] if support else golds
    return next((i for i, t in enumerate(texts, 1) if contains(t, needles)), None)


def hit_at(rank: int | None, k: int) -> float:
    return float(rank is not None and rank <= k)


def reciprocal_rank(rank: int | None, cutoff: int = 10) -> float:
    return 1.0 / rank if rank is not None and rank <= cutoff else 0.0


def answer_words(text: str) -> int:
    """Length of an answer in words, citation markers excluded."""
    return len(strip_markers(text).split())


def citation_validity(text: str, cited: dict[int, str]) -> float:
    """Share of [n] markers in ``text`` that resolve to a citation (1.0 when there are none)."""
    found = [n for s in answer_sentences(text) for n in markers(s)]
    return sum(n in cited for n in found) / len(found) if found else 1.0


def citation_support(cited_texts: list[str], golds: list[str], support: str) -> float:
    """1.0 when some cited passage contains the gold support text or a gold answer."""
    return float(first_relevant_rank(cited_texts, golds, support) is not None)


def alce(text: str, cited: dict[int, str]) -> tuple[float, float]:
    """ALCE citation (recall, precision), judged lexically by rag.verify.

    Recall: share of answer sentences their citations support. Precision: share of citations that
    are relevant: one that alone supports its sentence, or without which the rest no longer does.
    """
    sentences = [s for s in answer_sentences(text) if strip_markers(s)]
    if not sentences:
        return 0.0, 0.0
    supported, relevant, total = 0, 0, 0
    for s in sentences:
        nums = [n for n in markers(s) if n in cited]
        ok = bool(nums) and check_sentence(s, {n: cited[n] for n in nums}).supported
        supported += ok
        for n in nums:
            total += 1
            alone = check_sentence(s, {n: cited[n]}).supported
            others = {m: cited[m] for m in nums if m != n}
            needed = ok and not (others and check_sentence(s, others).supported)
            relevant += alone or needed
    return supported / len(sentences), (relevant / total if total else 0.0)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation; 0.0 for no values."""
    if not values:
        return 0.0
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo, hi = int(pos), min(int(pos) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)
