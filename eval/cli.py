"""``rag eval`` / ``python -m eval``: score the bot on a dataset, or compare two runs."""

from __future__ import annotations

import argparse
import re
import shlex
import sys
from pathlib import Path

from rag.core.errors import RagError


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="rag eval", description="Score answers, citations and refusals.")
    p.add_argument("dataset", nargs="?", help="JSONL cases, or SQuAD 2.0 JSON")
    p.add_argument("--model", help="'extractive' (default) or a litellm model string")
    p.add_argument("--limit", type=int, help="sample this many cases")
    p.add_argument("--seed", type=int, default=0, help="sampling seed (default 0)")
    p.add_argument("--out", help="output folder (default eval-results/<dataset>-<model>)")
    p.add_argument("--home", help="index folder (default .rag/eval-<dataset>, reused between runs)")
    p.add_argument("--judge", metavar="MODEL", help="add an LLM-as-judge faithfulness score (litellm model)")
    p.add_argument(
        "--verifier",
        nargs="*",
        metavar="DATASET",
        help="score rag.verify on labelled claim pairs (default: the generated and hand-written dev sets)",
    )
    p.add_argument("--compare", nargs=2, metavar=("A.json", "B.json"), help="print B − A for two runs")
    p.add_argument(
        "--feedback", metavar="OUT.jsonl", nargs="?", const="eval-results/feedback.jsonl",
        help="write the thumbs-down answers of --home (default $RAG_HOME or .rag) as cases to review",
    )  # fmt: skip
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _main(args, argv if argv is not None else sys.argv[1:])
    except RagError as e:
        print(f"rag eval: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _main(args, argv: list[str]) -> int:
    from eval import news, report

    if args.verifier is not None:
        return _verifier(args)
    if args.compare:
        print(report.compare(Path(args.compare[0]), Path(args.compare[1])))
        return 0
    if args.feedback:
        from eval import feedback
        from rag.core.config import Settings

        home = Path(args.home) if args.home else Settings.from_env().home
        n = feedback.write(home, Path(args.feedback))
        print(f"wrote {n} thumbs-down answer{'s' if n != 1 else ''} to {args.feedback}")
        return 0
    if not args.dataset:
        raise RagError("give a dataset (JSONL or SQuAD JSON), or --compare A.json B.json")
    if args.limit is not None and args.limit < 1:
        raise RagError(f"--limit must be at least 1, got {args.limit}")
    totals, files = evaluate(args, "rag eval " + shlex.join(argv))
    print(report.table(totals, f"{Path(args.dataset).name} · {totals['model']} · {totals['cases']} cases"))
    for half, kinds in totals.get("by_kind", {}).items():
        print(f"\nby kind of question ({half})\n{news.table(kinds)}")
    print("\n".join(f"wrote {f}" for f in files))
    return 0


def _verifier(args) -> int:
    """``rag eval --verifier [DATASET...]``: per-type accuracy of the verifier, written to --out."""
    from eval.verifier import score

    paths = [Path(p) for p in args.verifier] or [p for p in score.DEFAULT if p.exists()]
    if args.dataset:
        paths.append(Path(args.dataset))
    missing = [p for p in paths if not p.exists()]
    if missing or not paths:
        raise RagError(f"no such dataset: {missing[0]}" if missing else "no verifier dataset found")
    results = score.run(score.load(paths))
    summary = score.summarise(results)
    print(score.table(summary))
    out = Path(args.out) if args.out else Path("eval-results") / "verifier"
    files = score.write(out, paths, summary, results)
    print("\n".join(f"wrote {f}" for f in files))
    return 0


def evaluate(args, command: str) -> tuple[dict, list[Path]]:
    """Ingest the dataset's articles, run every case with a progress bar, write the outputs."""
    from tqdm import tqdm

    import rag
    from eval import datasets, report, runner

    dataset = Path(args.dataset)
    slug = re.sub(r"[^A-Za-z0-9]+", "-", f"{dataset.stem}-{args.model or 'extractive'}").strip("-")
    home = Path(args.home) if args.home else Path(".rag") / f"eval-{dataset.stem}"
    articles, cases = datasets.load(dataset, home, args.limit, args.seed)
    kb = rag.open(home=home, model=args.model, collection="eval")
    ingested = kb.ingest(articles)
    if ingested.failed:
        raise RagError(f"could not ingest {ingested.failed[0][0]}: {ingested.failed[0][1]}")
    judge = _judge(kb, args.judge) if args.judge else None
    records = [runner.run_case(kb, c, judge) for c in tqdm(cases, desc="eval", unit="q", file=sys.stderr)]
    totals = {**runner.totals(records), "model": kb.model, "by_half": runner.totals_by_half(records)}
    if kinds := runner.kinds_by_half(records):
        totals["by_kind"] = kinds
    meta = {
        "dataset": str(dataset),
        "model": kb.model,
        "command": command,
        "limit": args.limit,
        "seed": args.seed,
    }
    out = Path(args.out) if args.out else Path("eval-results") / slug
    return totals, report.write(out, meta, totals, records)


def _judge(kb, model: str):
    from eval.judge import Judge

    return Judge(kb.settings, model)
