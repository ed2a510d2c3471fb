"""`rag bench --scale`'s generated news articles and its table (the benchmark runs outside the suite),
and one small run of it for real: a local folder, and a Chroma server with two busy readers."""

import json
import random
import re

from rag.cli.bench_archive import OUTLETS, article
from rag.cli.bench_scale import main, table
from rag.store.catalog import band_keys
from tests.support.corpus import ROOT

SQUAD = ROOT.parent / "shared" / "benchmarks" / "squad2-dev-8.json"


def _sentences() -> list[str]:
    data = json.loads(SQUAD.read_text())["data"]
    return [s for a in data for p in a["paragraphs"] for s in re.split(r"(?<=[.!?])\s+", p["context"])]


def test_generated_articles_are_distinct_news_with_outlets_dates_lengths_and_signatures():
    rng, sentences = random.Random(0), _sentences()
    made = [article(i, sentences, rng, "p") for i in range(2000)]
    chunks = [c for part, _ in made for c in part]
    assert len({c.text for c in chunks}) == len(chunks) and len({c.id for c in chunks}) == len(chunks)
    assert {c.source for c in chunks} == set(OUTLETS) and len({c.date for c in chunks}) == 365
    assert {len(part) for part, _ in made} == set(range(3, 10))  # 3 to 9 chunks an article
    lengths = sorted(len(c.text.split()) for c in chunks)
    assert lengths[100] < 80 < 160 < lengths[-100]  # short and long chunks
    firsts = [meta[0] for _, meta in made]
    assert all(len(m["minhash"]) == 512 and m["story"] and m["origins"] for m in firsts)
    bands = [k for m in firsts for k in band_keys(m["minhash"])]
    assert len(bands) == 32 * 2000 and len(set(bands)) == len(bands)  # nobody's copies
    assert all("minhash" not in m for _, meta in made for m in meta[1:])


def test_the_table_says_no_for_what_did_not_happen_within_a_minute():
    row = {"chunks": 100000, "articles": 16000, "build_s": 300.0, "disk_mb": 1500.0, "rss_mb": 3000.0,
           "serving_mb": 2000.0, "cold_s": 4.5, "search_ms": (20.0, 30.0), "ask_ms": (25.0, 40.0),
           "hit5": 0.9,
           "found_ms": (900.0, (float("nan"), 120.0)), "gone_ms": (800.0, (300.0, 250.0)), "resync_s": 2.5,
           "readers_ms": []}  # fmt: skip
    line = table([row]).splitlines()[-1]
    assert line.startswith(
        "| 100,000 | 16,000 | 300 | 1,500 | 3,000 | 2,000 | 4.5 | 20 / 30 | 25 / 40 | 0.90 "
    )
    assert line.endswith("| 900 / no, 120 | 800 / 300, 250 | 2.50 |")
    busy = table([{**row, "readers_ms": [(21.0, 35.0), (22.0, 36.0)]}]).splitlines()
    assert busy[0].endswith("| readers' search p50/p95 ms |") and busy[-1].endswith("| 21 / 35, 22 / 36 |")


def test_a_small_run_on_a_local_folder_and_on_a_chroma_server(capsys):
    """Both paths end to end at 2,000 chunks: the questions found, the new article found and gone in
    this process and in the others by BM25; on a server, by dense search too, and the readers timed;
    the serving process's memory its own (ru_maxrss would be inherited from this one)."""
    main([2000])
    main([2000], server=True)
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| 2,")]
    local, server = (line.strip("| ").split(" | ") for line in lines)
    for row in (local, server):
        assert float(row[9]) >= 0.8, row  # hit@5 of the real questions
        assert "no" not in row[10].split(",")[1] and "no" not in row[11].split(",")[1], row  # BM25 there
        assert "no" not in row[10].split(" / ")[0] and "no" not in row[11].split(" / ")[0], row  # here
    assert "no" not in server[10] and "no" not in server[11], server  # dense in the others too
    assert all(float(row[5].replace(",", "")) < float(row[4].replace(",", "")) for row in (local, server))
    assert len(server) == 14 and server[13].count("/") == 2, server  # two readers' searches
