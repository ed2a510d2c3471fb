"""`rag llm serve|install|check|bench`: the local model from the terminal (rag/cli/main.py hands over)."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

from rag.core.config import Settings
from rag.core.errors import RagError
from rag.llm.local import build, server, speed

say = functools.partial(print, file=sys.stderr, flush=True)  # progress goes to stderr, results to stdout


def run(args) -> int:
    """Carry out ``args.action``; problems raise RagError (one line for the user)."""
    if args.action == "install":
        build.install(force=args.force, say=say)
        return 0
    if args.action == "check":
        bad = build.portability_problems()
        print("\n".join(bad) or f"portable: no instructions beyond x86-64-v3 in {build.library_dir()}")
        return 1 if bad else 0
    if args.action == "bench":
        build.ensure(say)
        print(speed.table(speed.compare(rounds=args.rounds, native=args.native, say=say)))
        return 0
    return serve(Path(args.gguf) if args.gguf else None)


def serve(gguf: Path | None) -> int:
    """Start the server (installing llama.cpp first if needed) and stay with it until it ends."""
    url = Settings.from_env().local_url
    if server.ready(url):
        raise RagError(f"a server already answers at {url}: stop it first, or set RAG_LOCAL_URL")
    build.ensure(say, need_model=gguf is None)
    srv = server.start(gguf, url)
    try:
        print(f"local LLM server ready at {url}")
        print('  use it:  RAG_MODEL=local rag ask "..."   (or --model local)')
        print("  stop it with Ctrl-C", flush=True)
        srv.wait()
    except KeyboardInterrupt:
        return 0
    finally:  # Ctrl-C, or SIGTERM (rag/cli/signals.py): the server goes with this command
        if srv.proc.poll() is None:
            srv.stop()
    raise RagError(f"the local LLM server {srv.ended()}")
