"""``rag feed add|list|remove|poll``: following RSS and Atom feeds from the terminal."""

from __future__ import annotations

import sys
import threading
from dataclasses import replace

from rag import collections
from rag.cli.terminal import one_line
from rag.core.errors import RagError
from rag.kb import KnowledgeBase
from rag.sources import feeds


def cmd_feed(args, kb) -> int:
    home = kb.settings.data
    if args.action in ("add", "remove") and not args.url:
        raise RagError(f"rag feed {args.action} needs a feed URL")
    if args.action == "add":
        added = feeds.add(home, args.url)
        print(f"following {args.url}" if added else f"already following {args.url}")
        return 0
    if args.action == "remove":
        feeds.remove(home, args.url)
        print(f"stopped following {args.url} (its articles stay)")
        return 0
    if args.action == "list":
        return _list(home)
    return report(poll(kb))


def poll(kb) -> list:
    """Poll every feed with a progress bar on stderr."""
    from tqdm import tqdm

    followed = feeds.load(kb.settings.data)
    with tqdm(total=len(followed), unit="feed", desc="poll", disable=None, file=sys.stderr) as bar:
        return feeds.poll_all(kb, progress=lambda url: bar.update(1))


def report(results: list) -> int:
    """A line a feed: requests made, new articles, entries already seen, or its error; 1 if any failed."""
    for result, added in results:
        if result.error:
            print(f"rag: error: {one_line(result.url)}: {one_line(result.error)}", file=sys.stderr)
            continue
        state = "not modified" if result.not_modified else f"{len(added)} new, {result.seen} already seen"
        print(one_line(f"{result.url}: {state} ({result.requests} requests)"))
        for title in added:
            print("  + " + one_line(title))
    if not results:
        print("no feeds followed (rag feed add URL)")
    return 1 if any(r.error for r, _ in results) else 0


def _list(home) -> int:
    followed = feeds.load(home)
    for url, state in followed.items():
        when = state.get("last_poll") or "never polled"
        error = f"  error: {state['error']}" if state.get("error") else ""
        print(one_line(f"{url}  last poll: {when}, {state.get('added', 0)} new{error}"))
    if not followed:
        print("no feeds followed (rag feed add URL)")
    return 0


def poll_every(kb, minutes: float, stop: threading.Event | None = None) -> threading.Thread:
    """Poll the feeds of every collection now and then every ``minutes`` in a daemon thread (``rag serve
    --poll``), until ``stop`` is set (the process's end, when None)."""
    stop = stop or threading.Event()
    opened = {kb.settings.collection: kb}

    def each() -> list:
        results = []
        for name in collections.names(kb.settings):
            if name not in opened:  # the same embedder and settings (private addresses refused or not)
                opened[name] = KnowledgeBase(replace(kb.settings, collection=name), kb.embedder())
            results += feeds.poll_all(opened[name])
        return results

    def loop() -> None:
        while not stop.is_set():
            try:
                report(each())
            except RagError as e:
                print(f"rag: error: feeds: {one_line(e)}", file=sys.stderr)
            except Exception as e:  # noqa: BLE001  (a fault no layer named must not end the polling)
                print(f"rag: error: feeds: {type(e).__name__}: {one_line(e)[:300]}", file=sys.stderr)
            stop.wait(minutes * 60)

    thread = threading.Thread(target=loop, daemon=True, name="feed-poll")
    thread.start()
    return thread
