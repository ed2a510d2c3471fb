"""`rag bench --scale N[,N...]`: an archive of N chunks on this machine, through the product's own store
and BM25 journal, and what serving it costs; with ``--server``, on a `chroma run` server with two other
app processes reading it all along while this one writes.

The questions' own articles (SQuAD dev-8's eight, and the sample article) are ingested for real; the
rest are generated news articles (rag/cli/bench_archive.py). Cold start, search, ask and memory are
measured in a new app process on the archive, as after a restart (the building process, which wrote a
million vectors, searched 2x slower); the building process measures hit@5, re-sync, add and remove.
"""

from __future__ import annotations

import contextlib
import json
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import rag
from rag.cli.bench_archive import distractors
from rag.cli.bench_probe import Probe, chroma_server, seen, serving
from rag.core.config import ROOT

READERS = 2  # other app processes on a Chroma server


def main(sizes: list[int], squad: Path | None = None, server: bool = False, keep: str | None = None) -> int:
    """Print the table for each size; ``keep``: build the archives in ``keep``/scale-N (to look at after)
    instead of a temporary folder."""
    squad = squad or ROOT.parent / "shared" / "benchmarks" / "squad2-dev-8.json"
    data = json.loads(squad.read_text())["data"]
    rows = []
    t = time.perf_counter()
    for n in sizes:
        where = " on a Chroma server" if server else ""
        print(f"bench --scale: {n:,} chunks{where} …", file=sys.stderr, flush=True)
        with (
            _folder(keep, n) as work,
            chroma_server(Path(work) / "chroma") if server else contextlib.nullcontext() as url,
        ):
            rows.append(run(n, data, Path(work), url))
        print(table(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    print(table(rows))
    print(f"{time.perf_counter() - t:,.0f} s in all")
    return 0


def _folder(keep: str | None, n: int):
    if keep is None:
        return tempfile.TemporaryDirectory(prefix="rag-scale-")
    (Path(keep) / f"scale-{n}").mkdir(parents=True)  # an error if it exists: never mix two archives
    return contextlib.nullcontext(str(Path(keep) / f"scale-{n}"))


def run(n: int, data: list[dict], work: Path, url: str | None = None) -> dict:
    """One row; ``url``: a Chroma server, with ``READERS`` busy reading processes while this one works."""
    home, docs = work / "home", work / "docs"
    env = {"RAG_CHROMA_URL": url} if url else {}
    t0 = time.perf_counter()
    kb = rag.open(home=home, chroma_url=url)
    targets = _targets(data, docs)
    kb.ingest([docs])
    rng = random.Random(n)
    sentences = _sentences(data)
    distractors(kb, max(n - kb.store.count(), 0), sentences, rng)
    articles = len(kb.store.articles())
    kb.lexical.ensure()  # the BM25 segment is part of making the archive searchable
    build_s = time.perf_counter() - t0
    questions = rng.sample(targets, min(100, len(targets)))
    busy = [q for q, _ in questions] if url else None
    hits = sum(any(q[1] in h.text for h in kb.search(q[0], k=5)) for q in questions) / len(questions)
    with contextlib.ExitStack() as readers:
        others = [readers.enter_context(Probe(home, env, busy)) for _ in range(READERS if url else 1)]
        served = serving(home, [q for q, _ in questions], env)  # a new app process: what serving costs
        t = time.perf_counter()
        kb.ingest([docs])  # unchanged: one batched read, no write
        resync_s = time.perf_counter() - t
        found, gone = _add_and_remove(kb, work, others)
    return {
        "chunks": kb.store.count(), "articles": articles, "build_s": build_s,
        "disk_mb": (_size(home) + _size(work / "chroma")) / 1e6,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "serving_mb": served["rss_mb"],
        "cold_s": served["cold_s"], "search_ms": served["search_ms"], "ask_ms": served["ask_ms"],
        "hit5": hits, "found_ms": found, "gone_ms": gone, "resync_s": resync_s,
        "readers_ms": [o.searches for o in others if o.searches],
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


def _sentences(data: list[dict]) -> list[str]:
    """What distractors are made of: SQuAD dev-8's sentences and the two news-week sets' articles'."""
    texts = [p["context"] for a in data for p in a["paragraphs"]]
    for f in sorted((ROOT / "eval" / "datasets").glob("news-week*/*.txt")):
        texts.append(f.read_text(encoding="utf-8").split("\n\n", 1)[-1])  # the text, after its header
    return [s for t in texts for s in re.split(r"(?<=[.!?])\s+", t.strip()) if s]


def _add_and_remove(kb, work: Path, others: list[Probe]) -> tuple[tuple, tuple]:
    """ms from ingesting one new article until dense and BM25 search find it here, and (dense, BM25,
    the slowest of) ``others``; and from removing it until neither finds it, here and there."""
    doc = work / "new.txt"
    # On a topic the archive covers, as most news is (a story goes on). An article far from every other
    # vector (a hill climb among these distractors: cosine distance 0.28 to its question, 0.72 and more
    # for the rest) was not reached by Chroma's HNSW search at 100k, in any process: BM25 found it.
    doc.write_text("Title: Widener Library reopens at Harvard\nSource: Valley Courier\nDate: 2025-12-01\n\n"
                   "Harvard University reopened its Widener Library on Monday after repairs to its roof, the "
                   "university's librarian Ines Varga said.\n")  # fmt: skip
    question, title = (
        "When did Harvard reopen Widener Library after the roof repairs?",
        "Widener Library reopens",
    )
    out = []
    for present in (True, False):
        t = time.time()
        kb.ingest([doc]) if present else kb.remove([str(doc)])
        here = _until(
            lambda p=present: all(seen(kb, question, title)) if p else not any(seen(kb, question, title)), t
        )
        there = [o.until(question, title, present=present, since=t) for o in others]
        out.append((here, tuple(_worst(x) for x in zip(*there, strict=True))))
    return out[0], out[1]


def _worst(ms: tuple[float, ...]) -> float:
    return float("nan") if any(m != m for m in ms) else max(ms)


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


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def table(rows: list[dict]) -> str:
    readers = any(r["readers_ms"] for r in rows)
    cols = [
        "chunks",
        "articles",
        "build s",
        "disk MB",
        "build peak RSS MB",
        "serving RSS MB",
        "cold start s",
        "search p50/p95 ms",
        "ask p50/p95 ms",
        "hit@5",
        "add→found ms (here / other: dense, BM25)",
        "remove→gone ms (same)",
        "unchanged re-sync s",
    ] + (["readers' search p50/p95 ms"] if readers else [])
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        cells = [
            f"{r['chunks']:,}",
            f"{r['articles']:,}",
            f"{r['build_s']:.0f}",
            f"{r['disk_mb']:,.0f}",
            f"{r['rss_mb']:,.0f}",
            f"{r['serving_mb']:,.0f}",
            f"{r['cold_s']:.1f}",
            "{:.0f} / {:.0f}".format(*r["search_ms"]),
            "{:.0f} / {:.0f}".format(*r["ask_ms"]),
            f"{r['hit5']:.2f}",
            _pair(r["found_ms"]),
            _pair(r["gone_ms"]),
            f"{r['resync_s']:.2f}",
        ]
        if readers:
            cells.append(", ".join("{:.0f} / {:.0f}".format(*m) for m in r["readers_ms"]))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
