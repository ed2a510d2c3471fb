"""The benchmark's corpus builder and table (the benchmark itself runs outside the suite: rag bench)."""

import json
import math

from rag.cli.bench import _or_nan, build_corpus, paragraphs, table
from tests.support.corpus import ROOT

SQUAD = ROOT.parent / "shared" / "benchmarks" / "squad2-dev-8.json"


def test_corpus_articles_are_distinct_and_sized(tmp_path):
    paras, questions = paragraphs(SQUAD)
    assert len(paras) > 313 and questions
    n = build_corpus(tmp_path, 2500, paras)
    rows = [json.loads(line) for f in sorted(tmp_path.glob("*.jsonl")) for line in f.read_text().splitlines()]
    assert n == len(rows) == 1250 and len(list(tmp_path.glob("*.jsonl"))) == 2
    assert len({r["text"] for r in rows}) == len(rows) and len({r["title"] for r in rows}) == len(rows)


def test_table_has_one_row_per_size():
    row = {"chunks": 1000, "pipeline_tok_s": 12000.0, "raw_tok_s": 6000.0, "ratio": 2.0, "chroma_share": 0.05,
           "bm25_share": 0.02, "search_ms": (10.0, 20.0), "ask_ms": (20.0, 40.0), "reingest_share": 0.01,
           "rss_mb": 900.0, "cold_start_s": 7.5, "chat_start_s": 8.25}  # fmt: skip
    lines = table([row, {**row, "chunks": 10000}]).splitlines()
    assert (
        len(lines) == 4
        and "| 1,000 | 12,000 | 6,000 | 2.00 | 5.0% | 2.0% | 10 / 20 | 20 / 40 |" in lines[2]
        and lines[2].endswith("| 7.5 | 8.2 |")
    )


def test_a_failed_subprocess_measurement_costs_only_its_cell(capsys, tmp_path):
    def cold_start(home):
        raise RuntimeError(f"no index in {home}")

    assert math.isnan(_or_nan(cold_start, tmp_path))
    assert _or_nan(lambda: 2.5) == 2.5
    assert "cold_start failed: no index in" in capsys.readouterr().err


def test_the_timers_wrap_what_ingest_calls_and_count_bm25_apart(tmp_path, embedder):
    """rag bench broke when a timed method was renamed (an AttributeError before its first row)."""
    import rag
    from rag.cli.bench import timed_store

    paras, _ = paragraphs(SQUAD)
    build_corpus(tmp_path / "docs", 40, paras)
    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    spent = timed_store(kb)
    kb.ingest([tmp_path / "docs"])
    kb.search("Who ruled Normandy?")  # the BM25 segment is built here
    assert spent["chroma"] > 0 and spent["bm25"] > 0
