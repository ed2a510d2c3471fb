"""`rag bench --scale`'s generated news chunks and its table (the benchmark runs outside the suite)."""

import json
import random
import re

from rag.cli.bench_scale import OUTLETS, _chunk, table
from tests.support.corpus import ROOT

SQUAD = ROOT.parent / "shared" / "benchmarks" / "squad2-dev-8.json"


def test_generated_chunks_are_distinct_news_with_outlets_dates_and_lengths():
    data = json.loads(SQUAD.read_text())["data"]
    sentences = [s for a in data for p in a["paragraphs"] for s in re.split(r"(?<=[.!?])\s+", p["context"])]
    rng = random.Random(0)
    chunks = [_chunk(i, sentences, rng) for i in range(2000)]
    assert len({c.text for c in chunks}) == len(chunks) and len({c.id for c in chunks}) == len(chunks)
    assert {c.source for c in chunks} == set(OUTLETS) and len({c.date for c in chunks}) == 365
    lengths = sorted(len(c.text.split()) for c in chunks)
    assert lengths[100] < 80 < 160 < lengths[-100]  # short and long ones
    assert all(c.title and c.date.startswith("2025-") for c in chunks)


def test_the_table_says_no_for_what_did_not_happen_within_a_minute():
    row = {"chunks": 100000, "build_s": 300.0, "disk_mb": 1500.0, "rss_mb": 3000.0, "cold_s": 4.5,
           "search_ms": (20.0, 30.0), "ask_ms": (25.0, 40.0), "hit5": 0.9,
           "found_ms": (900.0, (float("nan"), 120.0)), "gone_ms": (800.0, (300.0, 250.0)),
           "resync_s": 2.5}  # fmt: skip
    line = table([row]).splitlines()[-1]
    assert line.startswith("| 100,000 | 300 | 1,500 | 3,000 | 4.5 | 20 / 30 | 25 / 40 | 0.90 ")
    assert line.endswith("| 900 / no, 120 | 800 / 300, 250 | 2.50 |")
