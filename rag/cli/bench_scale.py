"""`rag bench --scale N[,N...]`: an archive of N chunks on this machine, through the product's own store
and BM25 journal, and what serving it costs.

The questions' own articles (SQuAD dev-8's eight, and the sample article) are ingested for real. The
rest are distractors: generated news chunks (SQuAD sentences recombined, with titles, outlets, dates
over a year and lengths of 3 to 9 sentences), whose vectors are real MiniLM vectors of a sample of
them, each reused with Gaussian noise and renormalised (embedding a million chunks takes hours here;
noise alone would be easy to tell from the questions' passages).
"""

from __future__ import annotations

import json
import random
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import rag
from rag.cli.bench import _time, cold_start
from rag.cli.bench_probe import Probe, seen
from rag.core.config import ROOT
from rag.core.types import Chunk

OUTLETS = "Reuters AP AFP Guardian BBC Bloomberg Politico Kyiv Independent Le Monde NHK Al Jazeera".split()
SAMPLE = 2000  # distractor chunks embedded for real; the others reuse their vectors, perturbed
NOISE = 0.35  # noise norm relative to a unit vector: a neighbour, not a copy (cosine ~0.94)
BATCH = 5000


def main(sizes: list[int], squad: Path | None = None) -> int:
    squad = squad or ROOT.parent / "shared" / "benchmarks" / "squad2-dev-8.json"
    data = json.loads(squad.read_text())["data"]
    rows = []
    for n in sizes:
        print(f"bench --scale: {n:,} chunks …", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix="rag-scale-") as work:
            rows.append(run(n, data, Path(work)))
        print(table(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    print(table(rows))
    return 0


def run(n: int, data: list[dict], work: Path) -> dict:
    home, docs = work / "home", work / "docs"
    t0 = time.perf_counter()
    kb = rag.open(home=home)
    targets = _targets(data, docs)
    kb.ingest([docs])
    rng = random.Random(n)
    sentences = [s for a in data for p in a["paragraphs"] for s in re.split(r"(?<=[.!?])\s+", p["context"])]
    _distractors(kb, max(n - kb.store.count(), 0), sentences, rng)
    kb.lexical.ensure()  # the BM25 segment is part of making the archive searchable
    build_s = time.perf_counter() - t0
    questions = rng.sample(targets, min(100, len(targets)))
    search = [_time(lambda q=q: kb.search(q[0], k=5)) for q in questions]
    hits = sum(any(q[1] in h.text for h in kb.search(q[0], k=5)) for q in questions) / len(questions)
    ask = [_time(lambda q=q: kb.ask(q[0])) for q in questions[:60]]
    t = time.perf_counter()
    kb.ingest([docs])  # unchanged: one batched read, no write
    resync_s = time.perf_counter() - t
    with Probe(home) as other:
        found_here, found_there, gone_here, gone_there = _add_and_remove(kb, work, other)
    return {
        "chunks": kb.store.count(), "build_s": build_s, "disk_mb": _size(home) / 1e6,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "cold_s": cold_start(home, questions[0][0]), "search_ms": _pct(search), "ask_ms": _pct(ask),
        "hit5": hits, "found_ms": (found_here, found_there), "gone_ms": (gone_here, gone_there),
        "resync_s": resync_s,
    }  # fmt: skip


def _targets(data: list[dict], docs: Path) -> list[tuple[str, str]]:
    """Write the questions' own articles (one file each); (question, answer) of each answerable one."""
    docs.mkdir(parents=True)
    out = []
    for i, art in enumerate(data):
        title = art["title"].replace("_", " ")
        text = "\n\n".join(p["context"] for p in art["paragraphs"])
        (docs / f"{i}.txt").write_text(f"Title: {title}\nSource: Encyclopaedia\nDate: 2025-06-01\n\n{text}\n")
        out += [(q["question"], q["answers"][0]["text"]) for p in art["paragraphs"] for q in p["qas"]
                if not q["is_impossible"]]  # fmt: skip
    shutil.copy(ROOT / "corpus" / "ukraine-peace-talks.txt", docs / "ukraine.txt")
    return out


def _distractors(kb, n: int, sentences: list[str], rng: random.Random) -> None:
    """Write ``n`` generated news chunks through the store (and so the BM25 journal), a batch at a time."""
    sample = [_chunk(i, sentences, rng) for i in range(min(SAMPLE, n))]
    real = kb.embedder().encode([f"{c.title}\n{c.text}" for c in sample])
    noise = np.random.default_rng(n)
    for start in range(0, n, BATCH):
        part = sample[start : start + BATCH] if start < len(sample) else []
        part += [_chunk(i, sentences, rng) for i in range(start + len(part), min(n, start + BATCH))]
        base = real[noise.integers(0, len(real), len(part))]
        vectors = base + noise.normal(0, NOISE / np.sqrt(base.shape[1]), base.shape).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        kb.store.upsert(part, vectors, {"pipeline": kb.indexer.pipeline}, new=True)
        print(f"  {min(n, start + BATCH):,} / {n:,} distractors", file=sys.stderr, flush=True)


def _chunk(i: int, sentences: list[str], rng: random.Random) -> Chunk:
    text = " ".join(rng.choice(sentences) for _ in range(rng.randint(3, 9)))
    words = [w for w in re.findall(r"[A-Z][a-z]{3,}", text)][:4] or ["News"]
    day = i % 365
    date = time.strftime("%Y-%m-%d", time.gmtime(1735689600 + day * 86400))  # over 2025
    return Chunk(id=f"gen{i}#0", article_id=f"gen{i}", n=0, title=f"{' '.join(words)}: report {i}", text=text,
                 start=0, end=len(text), source=OUTLETS[i % len(OUTLETS)], date=date)  # fmt: skip


def _add_and_remove(kb, work: Path, other: Probe) -> tuple:
    """ms from ingesting one new article until dense and BM25 search find it here, and (dense, BM25)
    in ``other``; and from removing it until neither finds it, here and (dense, BM25) there."""
    doc = work / "new.txt"
    doc.write_text("Title: Glenmoor hill climb\nSource: Valley Courier\nDate: 2025-12-01\n\n"
                   "Ines Varga won the Glenmoor hill climb on Sunday in a course record time.\n")  # fmt: skip
    question, title = "Who won the Glenmoor hill climb?", "Glenmoor"
    t = time.time()
    kb.ingest([doc])
    here = _until(lambda: all(seen(kb, question, title)), t)
    there = other.until(question, title, present=True, since=t)
    t = time.time()
    kb.remove([str(doc)])
    gone = _until(lambda: not any(seen(kb, question, title)), t)
    return here, there, gone, other.until(question, title, present=False, since=t)


def _until(check, since: float, limit: float = 60.0) -> float:
    """ms from ``since`` (time.time()) until ``check()``; nan after ``limit`` s."""
    while not check():
        if time.time() - since > limit:
            return float("nan")
        time.sleep(0.01)
    return (time.time() - since) * 1000


def _pair(ms: tuple) -> str:
    """'here / dense, BM25' in ms; 'no' for one that did not happen within a minute."""
    here, (dense, lexical) = ms
    return " / ".join([_n(here), f"{_n(dense)}, {_n(lexical)}"])


def _n(ms: float) -> str:
    return "no" if ms != ms else f"{ms:,.0f}"


def _pct(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), float(np.percentile(values, 95))


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def table(rows: list[dict]) -> str:
    head = ("| chunks | build s | disk MB | peak RSS MB | cold start s | search p50/p95 ms | ask p50/p95 ms "
            "| hit@5 | add→found ms (here / other: dense, BM25) | remove→gone ms (same) "
            "| unchanged re-sync s |\n|"
            + "---|" * 11)  # fmt: skip
    lines = [
        f"| {r['chunks']:,} | {r['build_s']:.0f} | {r['disk_mb']:,.0f} | {r['rss_mb']:,.0f} "
        f"| {r['cold_s']:.1f} "
        f"| {r['search_ms'][0]:.0f} / {r['search_ms'][1]:.0f} | {r['ask_ms'][0]:.0f} / {r['ask_ms'][1]:.0f} "
        f"| {r['hit5']:.2f} | {_pair(r['found_ms'])} | {_pair(r['gone_ms'])} | {r['resync_s']:.2f} |"
        for r in rows
    ]
    return "\n".join([head, *lines])
