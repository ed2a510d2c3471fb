"""The eval harness end to end: datasets, a real run on the sample-article dataset, reports, compare."""

import json
from pathlib import Path

import pytest

from eval import datasets
from eval.cli import main as eval_main
from rag.core.errors import RagError
from rag.sources.article import clean
from tests.support.ci import require_file
from tests.support.corpus import ROOT

SAMPLE = ROOT / "eval" / "datasets" / "ukraine-peace-talks.jsonl"

TINY_SQUAD = {
    "version": "v2.0",
    "data": [
        {
            "title": "Tiny_Town",
            "paragraphs": [
                {
                    "context": "Tiny Town was founded in 1850. Its mayor is Ada Brown. The river is wide.",
                    "qas": [
                        {
                            "question": "When was Tiny Town founded?",
                            "id": "q1",
                            "is_impossible": False,
                            "answers": [
                                {"text": "1850", "answer_start": 25},
                                {"text": "1850", "answer_start": 25},
                            ],
                        },
                        {
                            "question": "Who was the first mayor of Big City?",
                            "id": "q2",
                            "is_impossible": True,
                            "answers": [],
                            "plausible_answers": [{"text": "Ada Brown", "answer_start": 44}],
                        },
                    ],
                }  # fmt: skip
            ],
        }
    ],
}


def test_sample_dataset_shape():
    cases = datasets.load_jsonl(SAMPLE)
    answerable = [c for c in cases if c.answerable]
    assert len(answerable) >= 30
    assert len([c for c in cases if not c.answerable]) >= 8
    assert len([c for c in cases if c.turns]) >= 6
    text = (ROOT / "corpus" / "ukraine-peace-talks.txt").read_text()
    for c in answerable:  # every gold answer and support is really in the article
        assert all(a in text for a in c.answers) and c.support in text, c.id


def test_sample_dataset_covers_every_paragraph():
    text, _ = clean((ROOT / "corpus" / "ukraine-peace-talks.txt").read_text())  # teasers stripped
    supports = [c.support for c in datasets.load_jsonl(SAMPLE) if c.answerable]
    paragraphs = [p for p in text.splitlines() if p.strip()]
    uncovered = [p[:60] for p in paragraphs if not any(s in p for s in supports)]
    assert uncovered == []


def test_bad_jsonl_line_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "ok?", "answers": ["x"]}\n{"answers": ["no question"]}\n')
    with pytest.raises(RagError, match=r"bad.jsonl:2"):
        datasets.load_jsonl(bad)


def test_squad_loader_maps_answers_support_and_impossible(tmp_path):
    src = tmp_path / "tiny.json"
    src.write_text(json.dumps(TINY_SQUAD))
    files, cases = datasets.load(src, tmp_path / "work")
    assert [f.name for f in files] == ["Tiny-Town.txt"]
    assert files[0].read_text().startswith("Title: Tiny Town")
    by_id = {c.id: c for c in cases}
    assert by_id["q1"].answerable and by_id["q1"].answers == ["1850"]
    assert by_id["q1"].support == "Tiny Town was founded in 1850."
    assert not by_id["q2"].answerable and by_id["q2"].answers == []


def test_limit_and_seed_sample_reproducibly(tmp_path):
    a = [c.id for c in datasets.load(SAMPLE, tmp_path, limit=10, seed=1)[1]]
    b = [c.id for c in datasets.load(SAMPLE, tmp_path, limit=10, seed=1)[1]]
    c = [c.id for c in datasets.load(SAMPLE, tmp_path, limit=10, seed=2)[1]]
    assert a == b and len(a) == 10 and a != c


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory, embedder):
    out = tmp_path_factory.mktemp("eval-out")
    home = tmp_path_factory.mktemp("eval-home")
    code = eval_main([str(SAMPLE), "--out", str(out), "--home", str(home)])
    assert code == 0
    return out


def test_sample_run_writes_outputs(sample_run):
    for name in ("results.json", "report.md", "plot.png"):
        assert (sample_run / name).stat().st_size > 0
    assert (sample_run / "plot.png").read_bytes()[:4] == b"\x89PNG"
    results = json.loads((sample_run / "results.json").read_text())
    assert len(results["cases"]) == results["totals"]["cases"] == len(datasets.load_jsonl(SAMPLE))


def test_sample_run_meets_measured_thresholds(sample_run):
    """Regression guard: thresholds sit a little below a measured run with the default model."""
    t = json.loads((sample_run / "results.json").read_text())["totals"]
    assert t["model"] == "extractive"
    assert t["hit@1"] >= 0.95
    assert t["hit@5"] >= 0.97
    assert t["contains"] >= 0.93
    assert t["citation_valid"] == 1.0
    assert t["citation_support"] >= 0.95
    assert t["refusal_rate"] >= 0.8
    assert t["false_refusal_rate"] <= 0.03
    multi = [r for r in json.loads((sample_run / "results.json").read_text())["cases"] if r["turns"]]
    assert all(r["contains"] for r in multi), [r["question"] for r in multi if not r["contains"]]


def test_compare_prints_differences(sample_run, tmp_path, capsys):
    other = json.loads((sample_run / "results.json").read_text())
    other["totals"]["hit@1"] = other["totals"]["hit@1"] - 0.25
    b = tmp_path / "b.json"
    b.write_text(json.dumps(other))
    assert eval_main(["--compare", str(sample_run / "results.json"), str(b)]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("hit@1"))
    assert line.split()[-1] == "-0.250"


def test_eval_errors_are_one_line(tmp_path, capsys):
    assert eval_main([str(tmp_path / "missing.jsonl")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("rag eval: error: no such dataset") and "\n" not in err


def test_squad_cases_carry_their_half_of_the_articles(tmp_path):
    data = {"data": [{"title": t, "paragraphs": [{"context": f"{t} was founded in 1850.", "qas": [
        {"id": t, "question": "When?", "answers": [{"text": "1850", "answer_start": len(t) + 17}],
         "is_impossible": False}]}]} for t in ("Delta", "Alpha", "Charlie", "Bravo")]}  # fmt: skip
    src = tmp_path / "four.json"
    src.write_text(json.dumps(data))
    halves = {c.id: c.half for c in datasets.load(src, tmp_path / "work")[1]}
    assert halves == {"Alpha": "tune", "Charlie": "tune", "Bravo": "check", "Delta": "check"}


def test_followup_cases_name_squad_articles(tmp_path):
    path = Path(datasets.ROOT / "eval" / "datasets" / "squad-followups.jsonl")
    require_file(datasets.SQUAD_PATHS, "the SQuAD 2.0 dev-8 benchmark")
    files, cases = datasets.load(path, tmp_path)
    assert len(cases) >= 15 and all(c.turns for c in cases) and {c.half for c in cases} == {"tune", "check"}
    assert {f.name for f in files} >= {"Normans.txt", "Packet-switching.txt"}
    assert all(
        c.support in f.read_text() for c in cases for f in files if f.stem in c.article.replace("_", "-")
    )
