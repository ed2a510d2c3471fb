"""The ``rag`` command: thin wiring over the package; every failure is one line and a non-zero exit."""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import asdict
from pathlib import Path

from rag.cli import admin, upkeep
from rag.cli.parser import build_parser
from rag.cli.signals import Terminated, terminate_cleanly
from rag.cli.terminal import json_text, one_line, print_report, stream_answer, with_progress
from rag.core.errors import RagError


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
        with terminate_cleanly():
            code = COMMANDS[args.command](args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
        return code
    except RagError as e:
        print(f"rag: error: {one_line(e)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Terminated:
        return 143  # 128 + SIGTERM
    except BrokenPipeError:  # `rag stats | head -1`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 141  # 128 + SIGPIPE, what a shell reports for a writer whose reader left
    except Exception as e:  # a fault no layer named (e.g. a Chroma server timing out mid-query)
        print(f"rag: error: {type(e).__name__}: {one_line(e)[:300]}", file=sys.stderr)
        return 1


def _kb(args, **overrides):
    import rag

    admin.check_collection(args)
    return rag.open(home=args.home, model=args.model, collection=args.collection, **overrides)


def _filters(args) -> dict:
    return {"source": args.source, "date_from": args.since, "date_to": args.until}


def cmd_ingest(args) -> int:
    from rag.sources import is_url
    from rag.sources.disk import find_files

    # a missing path fails here, before anything is written; folders are passed as folders, so the
    # indexer keeps files removed with `rag remove` out of them, as it does for the API and syncs
    total = sum(1 if is_url(item) else len(list(find_files([item]))) for item in args.paths)
    report = with_progress(_kb(args).ingest, args.paths, total)
    return print_report(report)


def cmd_remove(args) -> int:
    if not args.items and not args.source:
        raise RagError("name what to remove: article ids, files or URLs, or --source NAME")
    removed = _kb(args).remove(args.items, source=args.source)
    plural = "s" if len(removed) != 1 else ""
    print(one_line(f"removed {len(removed)} article{plural}: " + "; ".join(removed)))
    return 0


def cmd_sync(args) -> int:
    if not Path(args.folder).is_dir():
        raise RagError(f"not a folder: {args.folder}")
    report = with_progress(_kb(args).sync, args.folder, len(_corpus_files(args.folder)))
    return print_report(report)


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
    elif args.markdown:
        from rag.chats.export import answer_markdown

        answer = kb.ask(args.question, filters=_filters(args))
        print(answer_markdown(args.question, answer), end="")
    else:
        answer = stream_answer(kb, args.question, None, _filters(args))
    if answer.fallback == "unreachable":  # the configured model could not be reached: an error
        print(f"rag: error: {one_line(answer.note)}", file=sys.stderr)
        return 3
    return 0


def cmd_chat(args) -> int:
    from rag.cli.chats import cmd_chat

    return cmd_chat(args, _kb(args))


def cmd_chats(args) -> int:
    from rag.cli.chats import cmd_chats

    return cmd_chats(args, _kb(args))


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
    from rag.api.server import serve
    from rag.ui.serve import address, check_port, exposed

    host, port = address(args.host, args.port)
    check_port(host, port)  # a busy port fails now, not after a long first sync
    kb = exposed(_kb(args), host)  # the poller and the sync below serve the chat's users too
    if args.corpus and kb.store.count():
        # An existing index answers at once; the sync (seconds per 10k unchanged articles) runs meanwhile.
        print(
            f"syncing {args.corpus}/ in the background; the chat answers from the index meanwhile",
            file=sys.stderr,
        )
        threading.Thread(target=_background_sync, args=(kb, args.corpus), daemon=True).start()
    elif args.corpus:
        print(f"syncing {args.corpus}/ ...", file=sys.stderr)
        report = with_progress(kb.sync, args.corpus, len(_corpus_files(args.corpus)))
        print_report(report)
    if args.poll:
        from rag.cli.feeds import poll_every

        poll_every(kb, args.poll)
    serve(kb, host=host, port=port)
    return 0


def cmd_feed(args) -> int:
    from rag.cli.feeds import cmd_feed

    return cmd_feed(args, _kb(args))


def _background_sync(kb, folder: str) -> None:
    try:
        report = kb.sync(folder)
        print_report(report)
    except RagError as e:
        print(f"rag: error: {one_line(e)}", file=sys.stderr)


def _corpus_files(folder: str) -> list[Path]:
    from rag.sources.disk import find_files

    return list(find_files([folder]))


def cmd_llm(args) -> int:
    from rag.llm.local.commands import run

    return run(args)


def cmd_bench(args) -> int:
    from rag.cli import bench, bench_news

    if args.news:  # the news-week latency benchmark; --quick and --sizes belong to the chunk-size one
        return bench_news.main()
    if args.scale:
        from rag.cli import bench_scale

        return bench_scale.main([int(x) for x in args.scale.split(",")], server=args.server, keep=args.keep)
    sizes = [int(x) for x in args.sizes.split(",")] if args.sizes else None
    return bench.main(quick=args.quick, sizes=sizes)


COMMANDS = {
    "ingest": cmd_ingest, "feed": cmd_feed, "remove": cmd_remove, "sync": cmd_sync, "search": cmd_search,
    "ask": cmd_ask, "chat": cmd_chat, "chats": cmd_chats, "stats": cmd_stats,
    "reindex": upkeep.cmd_reindex, "compact": upkeep.cmd_compact,
    "serve": cmd_serve, "llm": cmd_llm, "bench": cmd_bench, "collections": admin.cmd_collections,
    "users": admin.cmd_users, "keys": admin.cmd_keys,
}  # fmt: skip
