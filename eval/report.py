"""Eval output: the terminal table, results.json, report.md, the PNG plot, and run comparison."""

from __future__ import annotations

import json
from pathlib import Path

from eval import news
from rag.core.errors import RagError

HEADLINE = [
    ("hit@1", "retrieval"), ("hit@5", "retrieval"), ("mrr@10", "retrieval"),
    ("answer_in_512_tokens", "retrieval"), ("em", "answers"), ("f1", "answers"), ("contains", "answers"),
    ("median_words", "answers"), ("short_em", "answers"), ("short_f1", "answers"),
    ("citation_valid", "citations"), ("citation_support", "citations"),
    ("alce_recall", "citations"), ("alce_precision", "citations"), ("refusal_rate", "refusal"),
    ("false_refusal_rate", "refusal"), ("with_unsupported", "verification"), ("judge", "verification"),
    ("latency_p50_ms", "latency"), ("latency_p95_ms", "latency"),
]  # fmt: skip


def fmt(value) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) and value <= 1.0 else f"{value:g}"


def table(totals: dict, title: str) -> str:
    """Aligned plain-text table of the headline metrics, with a column per half when there are halves."""
    halves = totals.get("by_half") or {}
    head = f"{'':<35}{'all':>10}" + "".join(f"{h:>10}" for h in halves)
    lines = [title, "-" * len(title)] + ([head] if halves else [])
    for key, group in HEADLINE:
        cells = fmt(totals.get(key)).rjust(10) + "".join(fmt(t.get(key)).rjust(10) for t in halves.values())
        lines.append(f"{group:<13}{key:<22}{cells}")
    return "\n".join(lines)


def write(out: Path, meta: dict, totals: dict, records: list[dict]) -> list[Path]:
    """Write results.json, report.md and plot.png into ``out``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    results = out / "results.json"
    results.write_text(json.dumps({**meta, "totals": totals, "cases": records}, ensure_ascii=False, indent=1))
    report = out / "report.md"
    report.write_text(_markdown(meta, totals, records), encoding="utf-8")
    plot = out / "plot.png"
    _plot(totals, plot, f"{meta['dataset']} · {meta['model']}")
    return [results, report, plot]


def _markdown(meta: dict, totals: dict, records: list[dict]) -> str:
    halves = totals.get("by_half") or {}
    rows = "\n".join(
        f"| {g} | {k} | {fmt(totals.get(k))} |" + "".join(f" {fmt(t.get(k))} |" for t in halves.values())
        for k, g in HEADLINE
    )
    misses = [r for r in records if r["answerable"] and not r.get("contains")][:15]
    wrong_refusals = [r for r in records if not r["answerable"] and not r["abstained"]][:10]
    lines = [
        f"# Eval: {meta['dataset']}",
        "",
        f"Model `{meta['model']}`, {totals['cases']} cases ({totals['answerable']} answerable, "
        f"{totals['unanswerable']} unanswerable), command: `{meta['command']}`.",
        "",
        "| group | metric | all |" + "".join(f" {h} |" for h in halves),
        "|---|---|---|" + "---|" * len(halves),
        rows,
        "",
        *[f"## By kind of question ({h})\n\n{news.table(k)}\n" for h, k in totals.get("by_kind", {}).items()],
        "## Answerable questions not answered correctly (first 15)",
        *[f"- {r['question']} — gold {r['answers'][:2]} — got: {r['answer'][:160]}" for r in misses],
        "",
        "## Unanswerable questions answered anyway (first 10)",
        *[f"- {r['question']} — got: {r['answer'][:160]}" for r in wrong_refusals],
    ]
    return "\n".join(lines) + "\n"


def _plot(totals: dict, path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    ks = list(range(1, 11))
    left.plot(ks, [v or 0 for v in totals["hit_at_k"]], marker="o")
    left.set(xlabel="k", ylabel="hit@k", title="Retrieval: hit@k", ylim=(0, 1.02), xticks=ks)
    left.grid(alpha=0.3)
    keys = ["hit@5", "contains", "f1", "citation_support", "refusal_rate", "false_refusal_rate"]
    right.bar(keys, [totals.get(k) or 0 for k in keys], color="#4a7ab5")
    right.set(ylim=(0, 1.02), title="Headline metrics")
    right.tick_params(axis="x", rotation=30)
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def compare(a: Path, b: Path) -> str:
    """A table of every headline metric in run A, run B and B − A."""
    ta, tb = _totals(a), _totals(b)
    lines = [f"{'metric':<22}{'A':>10}{'B':>10}{'B − A':>10}", "-" * 52]
    for key, _ in HEADLINE:
        va, vb = ta.get(key), tb.get(key)
        delta = f"{vb - va:+.3f}" if isinstance(va, int | float) and isinstance(vb, int | float) else "–"
        lines.append(f"{key:<22}{fmt(va):>10}{fmt(vb):>10}{delta:>10}")
    return f"A: {a}\nB: {b}\n" + "\n".join(lines)


def _totals(path: Path) -> dict:
    try:
        return json.loads(path.read_text())["totals"]
    except (OSError, ValueError, KeyError):
        raise RagError(f"not an eval results.json: {path}") from None
