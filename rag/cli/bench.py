"""`rag bench`: measure the whole pipeline at ~1k, 10k and 100k chunks, side by side with raw encoding.

Corpora are built from the SQuAD dev-8 paragraphs and the sample article, recombined so every
article (and so every chunk) is distinct. Each size runs in its own temporary folder.
"""

from __future__ import annotations

import json
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import rag
from rag.core.config import ROOT
from rag.embed.minilm import TORCH_BATCH, load_torch_model

SIZES = [1_000, 10_000, 100_000]
RAW_SAMPLE = 10_000  # chunk texts the raw fp32 reference encodes (all of them below this; ~5 min)
CITIES = "Lyon Oslo Quito Accra Perth Hanoi Lima Riga Dakar Cork Turin Busan".split()


def paragraphs(squad: Path) -> tuple[list[str], list[str]]:
    """Source paragraphs and answerable questions (SQuAD dev-8 plus the sample article)."""
    data = json.loads(squad.read_text())["data"]
    paras = [p["context"] for a in data for p in a["paragraphs"]]
    sample = (ROOT / "corpus" / "ukraine-peace-talks.txt").read_text().split("\n")
    paras += [p for p in sample if len(p.split()) > 20]
    questions = [
        q["question"] for a in data for p in a["paragraphs"] for q in p["qas"] if not q["is_impossible"]
    ]
    return paras, questions


def build_corpus(folder: Path, chunks: int, paras: list[str], seed: int = 0) -> int:
    """Write JSONL files of distinct articles (two paragraphs and a dateline each, ~2 chunks)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    articles = max(chunks // 2, 1)
    for start in range(0, articles, 1000):
        rows = []
        for i in range(start, min(start + 1000, articles)):
            a, b = rng.sample(paras, 2)
            city = rng.choice(CITIES)
            text = f"Dispatch {i} from {city}, filed on day {i % 365 + 1}.\n\n{a}\n\n{b}"
            rows.append({"title": f"Report {i} from {city}", "text": text, "source": f"Wire {i % 7}"})
        (folder / f"part-{start // 1000:04d}.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    return articles


def timed_store(kb) -> dict:
    """Time (seconds, accumulated) Chroma writes and BM25 work (journal, segment), the latter apart."""
    spent = {"chroma": 0.0, "bm25": 0.0}

    def wrap(obj, name: str, key: str) -> None:
        original = getattr(obj, name)

        def timed(*args, **kwargs):
            t, inner = time.perf_counter(), spent["bm25"]
            try:
                return original(*args, **kwargs)
            finally:  # BM25 work inside a Chroma write counts as BM25 only
                spent[key] += time.perf_counter() - t - (spent["bm25"] - inner if key == "chroma" else 0.0)

        setattr(obj, name, timed)

    for name in ("upsert", "delete_chunks", "delete_articles", "chunk_ids", "articles"):
        wrap(kb.store, name, "chroma")
    for name in ("_built", "put", "drop", "mark"):
        wrap(kb.lexical, name, "bm25")
    return spent


def percentiles(values: list[float]) -> tuple[float, float]:
    xs = sorted(values)
    return statistics.median(xs), xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def run_size(size: int, paras: list[str], questions: list[str], work: Path) -> dict:
    """One row of the table: ingest vs raw encode, time shares, latencies, memory, re-ingest, cold start."""
    docs, home = work / f"docs-{size}", work / f"home-{size}"
    build_corpus(docs, size, paras)
    kb = rag.open(home=home)
    embedder = kb.embedder()
    embedder.encode(["warm up"])  # the one-time ONNX export is not ingest work
    spent = timed_store(kb)
    t = time.perf_counter()
    report = kb.ingest([docs])
    kb.lexical.ensure()  # the BM25 index is part of making the corpus searchable
    ingest_s = time.perf_counter() - t
    texts = [
        f"{m['title']}\n{doc}"
        for _, docs_, metas in kb.store.scan()
        for doc, m in zip(docs_, metas, strict=True)
    ]
    tokens = sum(embedder.count_tokens(texts))
    raw_tok_s = raw_rate(texts, embedder)
    sample = random.Random(1).sample(questions, 60)
    search = [_time(lambda q=q: kb.search(q, k=5)) for q in sample]
    ask = [_time(lambda q=q: kb.ask(q)) for q in sample]
    t = time.perf_counter()
    again = kb.ingest([docs])
    reingest_s = time.perf_counter() - t
    return {
        "size": size, "chunks": kb.store.count(), "ingest_s": ingest_s, "tokens": tokens,
        "pipeline_tok_s": tokens / ingest_s, "raw_tok_s": raw_tok_s, "ratio": tokens / ingest_s / raw_tok_s,
        "chroma_share": spent["chroma"] / ingest_s, "bm25_share": spent["bm25"] / ingest_s,
        "search_ms": percentiles(search), "ask_ms": percentiles(ask), "reingest_share": reingest_s / ingest_s,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "cold_start_s": _or_nan(cold_start, home, sample[0]),
        "chat_start_s": _or_nan(chat_start, home, docs, sample[0]),
        "embedded": report.chunks, "reembedded": again.chunks,
    }  # fmt: skip


def raw_rate(texts: list[str], embedder) -> float:
    """Tokens/s of raw fp32 ``SentenceTransformer.encode`` on the chunk texts (a random RAW_SAMPLE of them
    at 100k chunks: the rate per token does not depend on corpus size, and all would take ~50 min)."""
    if len(texts) > RAW_SAMPLE:
        texts = random.Random(2).sample(texts, RAW_SAMPLE)
    reference = load_torch_model()
    t = time.perf_counter()
    reference.encode(texts, batch_size=TORCH_BATCH)
    return sum(embedder.count_tokens(texts)) / (time.perf_counter() - t)


def _or_nan(measure, *args) -> float:
    """A subprocess measurement, or NaN (with the reason on stderr): the row's other numbers took minutes."""
    try:
        return measure(*args)
    except Exception as e:  # noqa: BLE001  (any failure of a child process or client)
        print(f"bench: {measure.__name__} failed: {e}", file=sys.stderr, flush=True)
        return float("nan")


def _time(fn) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def cold_start(home: Path, question: str) -> float:
    """Seconds from starting a new `rag ask` process to its answer."""
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "rag", "--home", str(home), "ask", question], capture_output=True, check=True
    )
    return time.perf_counter() - t


def chat_start(home: Path, docs: Path, question: str) -> float:
    """Seconds from `rag serve` (sync the corpus folder, then serve) to the chat's first answer."""
    from gradio_client import Client

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "rag", "--home", str(home), "serve", "--corpus", str(docs)]
    cmd += ["--port", str(port)]
    t = time.perf_counter()
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while server.poll() is None:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.05)
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        client.predict(question, None, "", None, api_name="/ask")
        return time.perf_counter() - t
    finally:
        server.terminate()
        server.wait(timeout=30)


def table(rows: list[dict]) -> str:
    head = (
        "| chunks | ingest tok/s | raw encode tok/s | ingest ÷ raw | Chroma share | BM25 share "
        "| search p50/p95 ms | ask p50/p95 ms | re-ingest ÷ first | peak RSS MB | cold start s "
        "| chat first answer s |\n|" + "---|" * 12
    )
    lines = [
        f"| {r['chunks']:,} | {r['pipeline_tok_s']:,.0f} | {r['raw_tok_s']:,.0f} | {r['ratio']:.2f} "
        f"| {r['chroma_share']:.1%} | {r['bm25_share']:.1%} "
        f"| {r['search_ms'][0]:.0f} / {r['search_ms'][1]:.0f} "
        f"| {r['ask_ms'][0]:.0f} / {r['ask_ms'][1]:.0f} | {r['reingest_share']:.1%} | {r['rss_mb']:,.0f} "
        f"| {r['cold_start_s']:.1f} | {r['chat_start_s']:.1f} |"
        for r in rows
    ]
    return "\n".join([head, *lines])


def main(quick: bool = False, sizes: list[int] | None = None, squad: Path | None = None) -> int:
    squad = squad or ROOT.parent / "shared" / "benchmarks" / "squad2-dev-8.json"
    paras, questions = paragraphs(squad)
    rows = []
    with tempfile.TemporaryDirectory(prefix="rag-bench-") as work:
        for size in [SIZES[0]] if quick else sizes or SIZES:
            print(f"bench: {size:,} chunks …", file=sys.stderr, flush=True)
            rows.append(run_size(size, paras, questions, Path(work)))
            print(table(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    print(table(rows))
    return 0
