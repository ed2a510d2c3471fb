"""`rag reindex` and `rag compact`: rebuilding a damaged local index, and erasing removed text for good."""

from __future__ import annotations

import sys
from pathlib import Path

from rag.cli.terminal import print_report, with_progress


def _settings(args):
    from rag.core.config import Settings

    return Settings.from_env(
        home=Path(args.home) if args.home else None, model=args.model, collection=args.collection
    )


def cmd_reindex(args) -> int:
    from rag.recover import reindex

    note = lambda text: print(f"rag: {text}", file=sys.stderr)  # noqa: E731
    settings = _settings(args)
    report = with_progress(lambda t, progress: reindex(settings, t, progress, note=note), args.paths, 0)
    return print_report(report)


def cmd_compact(args) -> int:
    from tqdm import tqdm

    from rag.compact import compact

    with tqdm(unit="chunk", desc="compact", disable=None, file=sys.stderr) as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        total = compact(_settings(args), progress)
    print(f"compacted: {total} chunks kept; removed articles' text is gone from the index's files")
    return 0
