"""`rag bench --news`: its table from fabricated timings, and one real run on a small subset.

Latencies are printed by the benchmark, never asserted here: a busy machine is not a bug.
"""

import re

from eval.datasets import Case
from rag.cli import bench, bench_news
from rag.cli.bench_news import FACTOID_GROUP, questions, table, verdicts
from rag.cli.main import main

NUMBER = r"\d+"


def test_table_groups_by_kind_with_the_factoid_like_and_story_rows():
    timings = {"factoid": [10.0, 20.0, 30.0], "when": [40.0], "story": [100.0, 200.0, 300.0, 400.0, 500.0],
               "unanswerable": [5.0]}  # fmt: skip
    lines = table(timings).splitlines()
    assert lines[:2] == ["| kind | asks | p50 ms | p95 ms | max ms |", "|---|---|---|---|---|"]
    assert lines[2:] == [
        "| factoid | 3 | 20 | 30 | 30 |",
        "| when | 1 | 40 | 40 | 40 |",
        f"| {FACTOID_GROUP} | 4 | 25 | 40 | 40 |",
        "| story | 5 | 300 | 500 | 500 |",
        "| unanswerable | 1 | 5 | 5 | 5 |",
    ]
    assert FACTOID_GROUP == "factoid-like (factoid, current, when, quote, why, comparison)"


def test_an_empty_group_still_has_its_row():
    lines = table({"quote": [12.4]}).splitlines()
    assert lines[2:] == [
        "| quote | 1 | 12 | 12 | 12 |",
        f"| {FACTOID_GROUP} | 1 | 12 | 12 | 12 |",
        "| story | 0 | – | – | – |",
    ]


def test_verdicts_compare_each_group_p95_with_the_issue_target():
    timings = {"factoid": [100.0, 200.0], "why": [120.0], "story": [400.0, 600.0]}
    assert verdicts(timings, "round 1") == (
        "issue targets, round 1: factoid-like p95 200 ms > 150 ms; story p95 600 ms > 500 ms"
    )
    assert verdicts({"when": [150.0]}, "x") == "issue targets, x: factoid-like p95 150 ms ≤ 150 ms"


def test_questions_leave_out_follow_ups_and_take_the_first_of_each_kind():
    cases = [Case("1", "a", kind="factoid"), Case("2", "b", kind="followup", turns=["a"]),
             Case("3", "c", kind="factoid"), Case("4", "d", kind="story")]  # fmt: skip
    assert [c.id for c in questions(cases)] == ["1", "3", "4"]
    assert [c.id for c in questions(cases, per_kind=1)] == ["1", "4"]


def test_a_real_run_on_two_articles_prints_every_kind(capsys, embedder):
    assert bench_news.main(rounds=1, articles=2, per_kind=1, embedder=embedder) == 0
    out, err = capsys.readouterr()
    head, _, rest = out.partition("\n\n")
    assert re.fullmatch(r"news-week: 2 articles, \d+ chunks, ingested in [\d.]+ s · .+, \d+ cores · .*", head)
    rows = {line.split(" | ")[0].lstrip("| "): line for line in rest.splitlines() if line.startswith("| ")}
    kinds = ["factoid", "current", "when", "quote", "why", "comparison", "story", "unanswerable"]
    assert sorted(rows) == sorted(["kind", *kinds, FACTOID_GROUP])
    for kind in kinds:
        assert re.fullmatch(rf"\| {kind} \| 1 \| {NUMBER} \| {NUMBER} \| {NUMBER} \|", rows[kind])
    assert re.fullmatch(rf"\| {re.escape(FACTOID_GROUP)} \| 6 \| {NUMBER} \| {NUMBER} \| {NUMBER} \|",
                        rows[FACTOID_GROUP])  # fmt: skip
    targets = r"factoid-like p95 \d+ ms [≤>] 150 ms; story p95 \d+ ms [≤>] 500 ms"
    assert re.search(rf"issue targets, 1 round: {targets}\n$", out)
    assert "round 1/1: 8 asks" in err


def test_rag_bench_news_runs_the_news_benchmark_only(monkeypatch):
    called = []
    monkeypatch.setattr(bench_news, "main", lambda: called.append("news") or 0)
    monkeypatch.setattr(bench, "main", lambda **kwargs: called.append("sizes") or 0)  # minutes if it ran
    assert main(["bench", "--news"]) == 0 and called == ["news"]
