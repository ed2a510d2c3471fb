"""The verifier dev set: a deterministic, balanced, article-split generator, and the --verifier report."""

from __future__ import annotations

import json
import re
from collections import Counter
from types import SimpleNamespace

import pytest

from eval.cli import main as eval_main
from eval.verifier import build, corrupt, score
from eval.verifier.corrupt import CORRUPTIONS
from eval.verifier.sources import SQUAD_PATHS
from tests.support.ci import require_file


@pytest.fixture(scope="module")
def pairs() -> list[dict]:
    """The generated dev set: needs SQuAD dev-8, outside the repository (../shared in CI)."""
    require_file(SQUAD_PATHS, "the SQuAD 2.0 dev-8 benchmark")
    return build.generate()


def test_deterministic_and_matches_the_committed_file(pairs):
    assert build.generate() == pairs
    committed = build.OUT.read_text(encoding="utf-8")
    assert committed == "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs)


def test_size_labels_and_balance(pairs):
    assert len(pairs) >= 400
    assert len({p["id"] for p in pairs}) == len(pairs)
    for split in ("tune", "test"):
        rows = [p for p in pairs if p["split"] == split]
        bad = Counter(p["type"] for p in rows if p["label"] == "corrupted")
        good = [p for p in rows if p["label"] == "faithful"]
        assert set(bad) == set(CORRUPTIONS)
        assert max(bad.values()) - min(bad.values()) <= 2, bad
        assert abs(len(good) - sum(bad.values())) <= 0.1 * sum(bad.values())


def test_splits_never_share_an_article(pairs):
    tune = {p["source"] for p in pairs if p["split"] == "tune"}
    test = {p["source"] for p in pairs if p["split"] == "test"}
    assert tune and test and not tune & test


def test_every_pair_is_its_source_sentence_edited_once(pairs):
    for p in pairs:
        assert p["original"] in p["passage"]
        assert p["sentence"] != p["original"]
        old, new = p["edit"]
        if p["type"] in ("swap", "passive", "reorder"):
            continue
        assert p["sentence"] in _one_edit(p["original"], old, new), p["id"]


def _one_edit(text: str, old: str, new: str) -> list[str]:
    """``text`` with one occurrence of ``old`` replaced by ``new``, for each occurrence."""
    return [text[: m.start()] + new + text[m.end() :] for m in re.finditer(re.escape(old), text)]


def test_number_and_time_corruptions_change_only_that_fact(pairs):
    for p in pairs:
        old, new = p["edit"]
        if p["type"] == "number":
            assert re.search(r"\d", old) or old.isalpha()
            assert new not in p["passage"]
        if p["type"] in ("number", "time", "person", "place", "organisation", "nationality"):
            assert old != new and new.lower() not in p["passage"].lower()


def test_swap_exchanges_two_names(pairs):
    swaps = [p for p in pairs if p["type"] == "swap"]
    assert swaps
    for p in swaps:
        assert Counter(re.findall(r"\w+", p["sentence"])) == Counter(re.findall(r"\w+", p["original"]))


def test_corruption_functions_on_a_known_sentence():
    import random

    s = "Nato secretary general Mark Rutte said on Wednesday that 30 allies will keep supplying aid."
    pools = {"person": ["Mark Rutte", "Yvette Cooper"], "place": [], "organisation": ["Nato", "EU"],
             "nationality": []}  # fmt: skip
    rng = random.Random(0)
    claim, old, new = corrupt.number(s, s, pools, rng)
    assert old == "30" and claim == s.replace("30", new) and new != "30"
    claim, old, new = corrupt.role(s, s, pools, rng)
    assert old == "secretary general" and claim == s.replace(old, new)
    claim, old, new = corrupt.person(s, s, pools, rng)
    assert (old, new) == ("Mark Rutte", "Yvette Cooper")
    assert corrupt.negation(s, s, pools, rng)[0] == s.replace("will keep", "will not keep")
    assert corrupt.time(s, s, pools, rng)[1] == "Wednesday"


TINY = [
    {"id": "a", "passage": "The loan is worth €90 billion.", "sentence": "The loan is worth €90 billion.",
     "label": "faithful", "type": "copy", "split": "tune"},
    {"id": "b", "passage": "The loan is worth €90 billion.", "sentence": "The loan is worth €60 billion.",
     "label": "corrupted", "type": "number", "split": "tune"},
    {"id": "c", "passage": "Putin met Witkoff in Moscow.", "sentence": "Putin met Witkoff in Geneva.",
     "label": "corrupted", "type": "place", "split": "test"},
    {"id": "d", "passage": "Putin met Witkoff in Moscow.", "sentence": "Witkoff met Putin in Moscow.",
     "label": "corrupted", "type": "swap", "split": "test"},
]  # fmt: skip


def test_report_on_a_tiny_dataset(tmp_path, capsys):
    data = tmp_path / "tiny.jsonl"
    data.write_text("".join(json.dumps(p) + "\n" for p in TINY), encoding="utf-8")
    assert eval_main(["--verifier", str(data), "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert "| number | corrupted | 1 | 100% |" in printed
    result = json.loads((tmp_path / "out" / "verifier.json").read_text(encoding="utf-8"))
    splits = result["splits"]
    assert splits["tune"]["faithful_accepted"] == 1.0 and splits["tune"]["corrupted_caught"] == 1.0
    assert splits["test"]["types"]["place"]["accuracy"] == 1.0
    assert splits["test"]["types"]["swap"]["accuracy"] == 1.0  # same words, who met whom reversed
    assert splits["all"]["corrupted_caught"] == 1.0
    lat = result["latency_ms"]
    assert 0 < lat["p50"] <= lat["p95"] < 10_000, lat  # measured in ms: a check takes time, not seconds
    line = f"latency per sentence: p50 {lat['p50']:.2f} ms · p95 {lat['p95']:.2f} ms"
    assert line in printed and line in (tmp_path / "out" / "verifier.md").read_text(encoding="utf-8")
    reasons = ["", "changed: €90 billion → €60 billion", "changed: Moscow → Geneva",
               "swapped: Witkoff ↔ Putin"]  # fmt: skip
    assert [r["reason"] for r in score.run(TINY)] == reasons


def test_latency_is_each_check_in_milliseconds(monkeypatch):
    """A clock that ticks 2, 4, 1 and 10 ms across the four checks: p50 is their median, p95 the slowest."""
    ticks = iter([0.0, 0.002, 1.0, 1.004, 2.0, 2.001, 3.0, 3.010])
    monkeypatch.setattr(score, "time", SimpleNamespace(perf_counter=lambda: next(ticks)))
    summary = score.summarise(score.run(TINY))
    assert summary["latency_ms"] == {"p50": 3.0, "p95": 10.0}
    assert "latency per sentence: p50 3.00 ms · p95 10.00 ms" in score.table(summary)


def test_missing_dataset_is_an_error(tmp_path, capsys):
    assert eval_main(["--verifier", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path)]) == 1
    assert "no such dataset" in capsys.readouterr().err
