"""`rag bench --news`: ask latency by kind of question on the news-week set (27 articles).

The issue's targets are factoid-like asks at p95 ≤ 150 ms and story answers at p95 ≤ 500 ms. This
prints the numbers; nothing asserts them (a timed test would fail on a busy machine, not on slow code).
The articles are ingested the way `rag eval` does it (eval/datasets.load, then ``kb.ingest`` of the
files its cases name) into a temporary home, and every question that is not a follow-up is asked
through the library with the extractive model. Rows group by the dataset's ``kind`` label, not by the
kind the question classifier predicts, so a misclassified question counts against its true kind.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import rag
from rag.cli.bench import percentiles
from rag.core.config import ROOT

DATASET = ROOT / "eval" / "datasets" / "news-week.jsonl"
# Table rows: the factoid-like kinds, their group, then story and unanswerable (the issue names no target
# for refusals, but they are asked in the chat too). Follow-ups need earlier turns and are not asked.
FACTOID_LIKE = ("factoid", "current", "when", "quote", "why", "comparison")
FACTOID_GROUP = f"factoid-like ({', '.join(FACTOID_LIKE)})"
ROWS: list[tuple[str, tuple[str, ...]]] = [
    *((k, (k,)) for k in FACTOID_LIKE),
    (FACTOID_GROUP, FACTOID_LIKE),
    ("story", ("story",)),
    ("unanswerable", ("unanswerable",)),
]
TARGETS_MS = {FACTOID_GROUP: 150.0, "story": 500.0}  # p95 targets from the issue


def table(timings: Mapping[str, Sequence[float]]) -> str:
    """A Markdown table of ask latencies (ms) by kind: asks, p50, p95 and max, one row per kind in ROWS
    (kinds with no asks left out) and the two group rows (always shown; "–" when empty).

    ``timings`` maps a dataset kind label to the latencies in milliseconds of its asks.
    """
    lines = ["| kind | asks | p50 ms | p95 ms | max ms |", "|---|---|---|---|---|"]
    for label, kinds in ROWS:
        values = [t for k in kinds for t in timings.get(k, ())]
        if not values and label not in TARGETS_MS:
            continue
        if not values:
            lines.append(f"| {label} | 0 | – | – | – |")
            continue
        p50, p95 = percentiles(values)
        lines.append(f"| {label} | {len(values)} | {p50:.0f} | {p95:.0f} | {max(values):.0f} |")
    return "\n".join(lines)


def verdicts(timings: Mapping[str, Sequence[float]], which: str) -> str:
    """One line comparing each group's p95 (ms) with the issue's target; ``which`` names the asks."""
    out = []
    for label, kinds in ROWS:
        values = [t for k in kinds for t in timings.get(k, ())]
        if label in TARGETS_MS and values:
            p95, target = percentiles(values)[1], TARGETS_MS[label]
            name = label.split(" (")[0]
            out.append(f"{name} p95 {p95:.0f} ms {'≤' if p95 <= target else '>'} {target:.0f} ms")
    return f"issue targets, {which}: " + "; ".join(out)


def cpu_model() -> str:
    """The first "model name" of /proc/cpuinfo and the core count, e.g. "AMD EPYC, 2 cores"."""
    name = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                name = line.partition(":")[2].strip()
                break
    except OSError:  # not Linux: the table still stands, without the CPU's name
        pass
    return f"{name}, {os.cpu_count()} cores"


def questions(cases: list, per_kind: int | None = None) -> list:
    """The cases to ask: all but follow-ups (or the first ``per_kind`` of each kind, in file order)."""
    asked = [c for c in cases if c.kind != "followup" and not c.turns]
    if per_kind is None:
        return asked
    taken: dict[str, int] = {}
    out = []
    for case in asked:
        taken[case.kind] = taken.get(case.kind, 0) + 1
        if taken[case.kind] <= per_kind:
            out.append(case)
    return out


def ask_rounds(kb, cases: list, rounds: int, seed: int = 0) -> list[dict[str, list[float]]]:
    """Ask every case ``rounds`` times, shuffled each round (seeded): per round, latencies in ms by the
    case's kind."""
    rng = random.Random(seed)
    per_round: list[dict[str, list[float]]] = []
    mismatched = set()
    order = list(cases)
    for r in range(rounds):
        rng.shuffle(order)
        timings: dict[str, list[float]] = {}
        per_round.append(timings)
        spent = []
        for case in order:
            t = time.perf_counter()
            answer = kb.ask(case.question)
            ms = (time.perf_counter() - t) * 1000
            timings.setdefault(case.kind, []).append(ms)
            spent.append(ms)
            if answer.kind != case.kind and case.kind != "unanswerable":
                mismatched.add(case.id)
        p50, p95 = percentiles(spent)
        _progress(f"round {r + 1}/{rounds}: {len(spent)} asks, p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    # a question the classifier takes for another kind runs that kind's path (e.g. a briefing)
    _progress(f"{len(mismatched)} of {len(cases)} questions answered as another kind than their label")
    return per_round


def main(
    rounds: int = 3,
    articles: int | None = None,
    per_kind: int | None = None,
    seed: int = 0,
    embedder=None,
) -> int:
    """Ingest the news-week articles into a temporary home, ask the questions, print the table.

    ``articles`` and ``per_kind`` take only the first articles and the first cases of each kind (a
    quick check); ``embedder`` reuses a loaded one (the tests' session embedder).
    """
    from eval import datasets  # the eval harness's loader: the same files `rag eval` ingests

    with tempfile.TemporaryDirectory(prefix="rag-bench-news-") as work:
        files, cases = datasets.load(DATASET, Path(work))
        files, asked = files[:articles], questions(cases, per_kind)
        kb = rag.open(home=Path(work) / "home", model="extractive", embedder=embedder)
        t = time.perf_counter()
        kb.embedder().encode(["warm up"])  # a new home exports the ONNX model first: not ingest work
        _progress(f"embedder ready in {time.perf_counter() - t:.1f} s; ingesting {len(files)} articles …")
        t = time.perf_counter()
        report = kb.ingest(files)
        kb.lexical.ensure()  # the BM25 index is part of making the articles searchable
        ingest_s = time.perf_counter() - t
        if report.failed:
            raise rag.RagError(f"could not ingest {report.failed[0][0]}: {report.failed[0][1]}")
        kb.ask(asked[0].question)  # warm-up: the first ask loads the answer stage's word lists and models
        _progress(f"asking {len(asked)} questions × {rounds} rounds …")
        per_round = ask_rounds(kb, asked, rounds, seed)
        skipped = sum(1 for c in cases if c.kind == "followup" or c.turns)
        print(
            f"news-week: {len(kb.store.articles())} articles, {kb.store.count()} chunks, ingested in "
            f"{ingest_s:.1f} s · {cpu_model()} · extractive · {rounds} rounds × {len(asked)} questions "
            f"({skipped} follow-ups not asked)\n"
        )
    timings = {k: [t for r in per_round for t in r.get(k, ())] for k in {k for r in per_round for k in r}}
    print(table(timings))
    # Sentence vectors are cached per process (rag/answer/similar.py): round 1 pays for encoding each
    # article's sentences the first time a question reaches them, later rounds find them all cached. Round 1
    # is the closer estimate for a process that just started, later rounds for one answering a while.
    print("\n" + verdicts(timings, f"all {rounds} rounds" if rounds > 1 else "1 round"))
    if rounds > 1:
        print(verdicts(per_round[0], "round 1 only (sentence vectors still being cached)"))
    return 0


def _progress(line: str) -> None:
    print(f"bench --news: {line}", file=sys.stderr, flush=True)
