"""Score ``rag.verify.check_sentence`` on labelled pairs: accuracy per type and split, and latency."""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from rag.verify import check_sentence

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
DEFAULT = tuple(
    DATASETS / f"verifier-{n}.jsonl"
    for n in ("generated", "handwritten-tune", "handwritten-tune-2", "handwritten", "handwritten-2")
)
SPLITS = ("tune", "tune-hand", "test", "heldout", "heldout-2")


def load(paths: list[Path]) -> list[dict]:
    """Pairs of every JSONL file, in order."""
    lines = [line for p in paths for line in Path(p).read_text(encoding="utf-8").splitlines()]
    return [json.loads(line) for line in lines if line.strip()]


def run(pairs: list[dict]) -> list[dict]:
    """Each pair with ``accepted`` (the verifier's verdict), ``correct`` and ``reason`` added."""
    out = []
    for pair in pairs:
        start = time.perf_counter()
        check = check_sentence(f"{pair['sentence'].rstrip()} [1]", {1: pair["passage"]})
        ms = (time.perf_counter() - start) * 1000
        correct = check.supported == (pair["label"] == "faithful")
        out.append({**pair, "accepted": check.supported, "correct": correct, "reason": check.reason})
        out[-1]["ms"] = ms
    return out


def _share(rows: list[dict]) -> float | None:
    return round(sum(r["correct"] for r in rows) / len(rows), 4) if rows else None


def summarise(results: list[dict]) -> dict:
    """Per split: per type n/accuracy, faithful accepted, corrupted caught; latency p50/p95 in ms."""
    splits: dict[str, dict] = {}
    order = [s for s in SPLITS if any(r["split"] == s for r in results)]
    order += sorted({r["split"] for r in results} - set(order))
    for split in [*order, "all"]:
        rows = [r for r in results if split in ("all", r["split"])]
        types = {}
        for label in ("faithful", "corrupted"):
            for kind in sorted({r["type"] for r in rows if r["label"] == label}):
                of = [r for r in rows if r["label"] == label and r["type"] == kind]
                types[kind] = {"label": label, "n": len(of), "accuracy": _share(of)}
        good = [r for r in rows if r["label"] == "faithful"]
        bad = [r for r in rows if r["label"] == "corrupted"]
        splits[split] = {"n": len(rows), "types": types, "faithful_accepted": _share(good),
                         "corrupted_caught": _share(bad), "n_faithful": len(good),
                         "n_corrupted": len(bad)}  # fmt: skip
    ms = sorted(r["ms"] for r in results)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))] if ms else 0.0
    latency = {"p50": round(statistics.median(ms), 3) if ms else 0.0, "p95": round(p95, 3)}
    return {"pairs": len(results), "splits": splits, "latency_ms": latency}


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.0%}"


def table(summary: dict) -> str:
    """Markdown: one table per split (type, label, n, accuracy) and its totals, then the latency."""
    lines = []
    for split, s in summary["splits"].items():
        lines += [f"### {split} ({s['n']} pairs)", "", "| type | label | n | accuracy |"]
        lines.append("|---|---|---:|---:|")
        lines += [f"| {k} | {t['label']} | {t['n']} | {_pct(t['accuracy'])} |" for k, t in s["types"].items()]
        lines += ["", f"faithful accepted: {_pct(s['faithful_accepted'])} of {s['n_faithful']} · "
                  f"corrupted caught: {_pct(s['corrupted_caught'])} of {s['n_corrupted']}", ""]  # fmt: skip
    lat = summary["latency_ms"]
    lines.append(f"latency per sentence: p50 {lat['p50']:.2f} ms · p95 {lat['p95']:.2f} ms")
    return "\n".join(lines)


def misses(results: list[dict]) -> str:
    """Markdown list of the pairs the verifier got wrong."""
    wrong = [r for r in results if not r["correct"]]
    lines = [f"## Misses ({len(wrong)})", ""]
    for r in wrong:
        verdict = "accepted" if r["accepted"] else f"flagged ({r['reason']})"
        lines.append(f"- `{r['id']}` {r['split']} · {r['label']} {r['type']} · {verdict}: {r['sentence']}")
    return "\n".join(lines)


def write(out: Path, datasets: list[Path], summary: dict, results: list[dict]) -> list[Path]:
    """``verifier.json`` (summary and every verdict) and ``verifier.md`` (tables and misses) in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    data = {"datasets": [str(d) for d in datasets], **summary, "results": results}
    j, m = out / "verifier.json", out / "verifier.md"
    j.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    m.write_text(f"# Verifier dev set\n\n{table(summary)}\n\n{misses(results)}\n", encoding="utf-8")
    return [j, m]
