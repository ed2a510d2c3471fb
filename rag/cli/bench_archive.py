"""The generated part of `rag bench --scale`'s archive: news articles of 3 to 9 chunks (SQuAD sentences
recombined, 3 to 9 a chunk), with titles, eleven outlets, dates over 2025, an origin, a story and a
MinHash signature each (random: they are nobody's copies), written through the product's store and so
its BM25 journal and catalog. Their vectors are made from real MiniLM vectors of a sample of them: two
mixed, with Gaussian noise, renormalised (embedding a million chunks takes hours here; noise alone
would be easy to tell from the questions' passages)."""

from __future__ import annotations

import random
import re
import sys
import time

import numpy as np

from rag.core.types import Chunk

OUTLETS = "Reuters AP AFP Guardian BBC Bloomberg Politico Kyiv Independent Le Monde NHK Al Jazeera".split()
SAMPLE = 5000  # distractor chunks embedded for real (the first batch); the others mix their vectors
NOISE = 0.35  # noise norm relative to a unit vector: a neighbour, not a copy (cosine ~0.94)
BATCH = 5000  # chunks a store write


def distractors(kb, n: int, sentences: list[str], rng: random.Random) -> int:
    """Write generated articles through the store until they hold ``n`` chunks; returns how many."""
    chunks: list[Chunk] = []
    extras: list[dict] = []
    real, written, made = None, 0, 0
    noise = np.random.default_rng(n)
    while written + len(chunks) < n:
        part, meta = article(made, sentences, rng, kb.indexer.pipeline)
        chunks, extras, made = chunks + part, extras + meta, made + 1
        if len(chunks) >= BATCH or written + len(chunks) >= n:
            if real is None:  # the sample: the first chunks, embedded for real
                real = kb.embedder().encode([f"{c.title}\n{c.text}" for c in chunks[:SAMPLE]])
            kb.store.upsert(chunks, _vectors(real, len(chunks), noise), extras, new=True)
            written, chunks, extras = written + len(chunks), [], []
            print(f"  {written:,} / {n:,} chunks ({made:,} articles)", file=sys.stderr, flush=True)
    return made


def _vectors(real: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` stand-in vectors: each a real one plus up to 0.7 of another, plus noise, renormalised.
    Copies of one vector with noise alone (tried first) made tight clusters of 50 to 500 near-twins,
    whose HNSW links stay inside the cluster: a new article on a new topic got no link in and was not
    found by dense search at all at 100k chunks (its true cosine distance 0.28, the nearest other 0.72)."""
    mix = rng.uniform(0, 0.7, (n, 1)).astype(np.float32)
    base = real[rng.integers(0, len(real), n)] + mix * real[rng.integers(0, len(real), n)]
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    vectors = base + rng.normal(0, NOISE / np.sqrt(base.shape[1]), base.shape).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def article(
    i: int, sentences: list[str], rng: random.Random, pipeline: str
) -> tuple[list[Chunk], list[dict]]:
    """Generated article ``i``: its chunks and what each stores besides its text."""
    parts = [
        " ".join(rng.choice(sentences) for _ in range(rng.randint(3, 9))) for _ in range(rng.randint(3, 9))
    ]
    words = re.findall(r"[A-Z][a-z]{3,}", parts[0])[:4] or ["News"]
    date = time.strftime("%Y-%m-%d", time.gmtime(1735689600 + (i % 365) * 86400))  # over 2025
    aid, title, source = f"gen{i}", f"{' '.join(words)}: report {i}", OUTLETS[i % len(OUTLETS)]
    chunks = [Chunk(id=f"{aid}#{n}", article_id=aid, n=n, title=title, text=t, start=0, end=len(t),
                    source=source, date=date) for n, t in enumerate(parts)]  # fmt: skip
    meta = {"pipeline": pipeline, "origins": f"archive.jsonl::{aid}", "story": aid}
    sig = rng.getrandbits(64 * 32).to_bytes(256, "little").hex()  # 64 uint32 values, as copies.signature
    return chunks, [{**meta, "minhash": sig} if n == 0 else meta for n in range(len(chunks))]
