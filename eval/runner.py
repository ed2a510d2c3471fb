"""Run eval cases through a knowledge base and score each one; ``totals`` aggregates the records."""

from __future__ import annotations

import time
from collections.abc import Callable

from eval import metrics, news
from eval.datasets import Case
from rag.kb import KnowledgeBase
from rag.llm import budget
from rag.verify import strip_markers

SEARCH_DEPTH = 10  # passages retrieved for the retrieval metrics (hit@1..10, MRR@10)
CONTEXT_TOKENS = 512  # "answer inside the first 512 tokens of the retrieved context"


def run_case(kb: KnowledgeBase, case: Case, judge: Callable | None = None) -> dict:
    """Ask a case (earlier turns first) and return its record of answer, timing and scores."""
    history: list[dict] = []
    for turn in case.turns:
        reply = kb.ask(turn, history=history)
        history += [{"role": "user", "content": turn}, {"role": "assistant", "content": reply.text}]
    start = time.perf_counter()
    answer = kb.ask(case.question, history=history or None)
    latency = (time.perf_counter() - start) * 1000
    record = {
        "id": case.id, "question": case.question, "standalone": answer.question, "turns": case.turns,
        "answerable": case.answerable, "answers": case.answers, "support": case.support,
        "answer": answer.text, "abstained": answer.abstained, "unsupported": answer.unsupported,
        "reasons": answer.reasons, "citations": [c.chunk_id for c in answer.citations],
        "model": answer.model, "note": answer.note, "short": answer.short, "half": case.half,
        "latency_ms": round(latency, 2),
    }  # fmt: skip
    if case.answerable:
        record.update(_retrieval(kb, answer.question, case))
        record.update(_answer_scores(answer, case))
    if case.kind:
        record.update(news.score(case, answer))
    if judge is not None and not answer.abstained:
        record["judge"] = judge(answer)
    return record


def _retrieval(kb: KnowledgeBase, question: str, case: Case) -> dict:
    texts = [h.text for h in kb.search(question, k=SEARCH_DEPTH)]
    rank = metrics.first_relevant_rank(texts, case.answers, case.support)
    context = "\n\n".join(texts)
    head = budget.head(context, CONTEXT_TOKENS)
    return {"rank": rank, "in_context_512": float(metrics.contains(head, case.answers or [case.support]))}


def _answer_scores(answer, case: Case) -> dict:
    text = "" if answer.abstained else strip_markers(answer.text)
    cited = {c.n: c.text for c in answer.citations}
    recall, precision = metrics.alce(answer.text, cited) if not answer.abstained else (0.0, 0.0)
    golds = case.answers or [case.support]
    short = "" if answer.abstained else (answer.short or "")
    return {
        "short_em": metrics.exact_match(short, case.answers) if case.answers else None,
        "short_f1": metrics.token_f1(short, case.answers) if case.answers else None,
        "em": metrics.exact_match(text, golds),
        "f1": metrics.token_f1(text, golds),
        "contains": float(bool(text) and metrics.contains(text, golds)),
        "words": metrics.answer_words(text) if text else None,
        "citation_valid": metrics.citation_validity(answer.text, cited),
        "citation_support": metrics.citation_support(list(cited.values()), case.answers, case.support),
        "alce_recall": recall,
        "alce_precision": precision,
    }


def totals(records: list[dict]) -> dict:
    """Headline numbers over all records (retrieval and answer metrics over answerable cases)."""
    answerable = [r for r in records if r["answerable"]]
    unanswerable = [r for r in records if not r["answerable"]]
    answered = [r for r in answerable if not r["abstained"]]
    correct = [r for r in answered if r["contains"]]
    lat = [r["latency_ms"] for r in records]

    def mean(rows: list[dict], key) -> float | None:
        values = [key(r) if callable(key) else r.get(key) for r in rows]
        values = [v for v in values if v is not None]
        return round(sum(values) / len(values), 4) if values else None

    out = {"cases": len(records), "answerable": len(answerable), "unanswerable": len(unanswerable)}
    out.update({f"hit@{k}": mean(answerable, lambda r, k=k: metrics.hit_at(r["rank"], k)) for k in (1, 5)})
    out["mrr@10"] = mean(answerable, lambda r: metrics.reciprocal_rank(r["rank"]))
    out["answer_in_512_tokens"] = mean(answerable, "in_context_512")
    for key in ("em", "f1", "contains", "short_em", "short_f1"):
        out[key] = mean(answerable, key)
    words = [r["words"] for r in answered if r["words"] is not None]
    out["median_words"] = metrics.percentile(words, 50) if words else None
    out["citation_valid"] = mean(answered, "citation_valid")
    out["citation_support"] = mean(correct, "citation_support")
    out["alce_recall"] = mean(answered, "alce_recall")
    out["alce_precision"] = mean(answered, "alce_precision")
    out["refusal_rate"] = mean(unanswerable, lambda r: float(r["abstained"]))
    out["false_refusal_rate"] = mean(answerable, lambda r: float(r["abstained"]))
    out["with_unsupported"] = mean(
        [r for r in records if not r["abstained"]], lambda r: float(bool(r["unsupported"]))
    )
    out["judge"] = mean(records, "judge")
    out["latency_p50_ms"] = round(metrics.percentile(lat, 50), 1)
    out["latency_p95_ms"] = round(metrics.percentile(lat, 95), 1)
    out["hit_at_k"] = [mean(answerable, lambda r, k=k: metrics.hit_at(r["rank"], k)) for k in range(1, 11)]
    return out


def totals_by_half(records: list[dict]) -> dict:
    """``totals`` of each half of the articles (tune, check) when the cases carry one."""
    halves = sorted({r.get("half") for r in records} - {"", None})
    return {h: totals([r for r in records if r.get("half") == h]) for h in halves}


def kinds_by_half(records: list[dict]) -> dict[str, dict]:
    """News scores per kind (eval/news.py) over all cases and each half, when the cases have kinds."""
    if not any(r.get("kind") for r in records):
        return {}
    halves = sorted({r.get("half") for r in records} - {"", None})
    out = {"all": news.by_kind(records)}
    out.update({h: news.by_kind([r for r in records if r.get("half") == h]) for h in halves})
    return out
