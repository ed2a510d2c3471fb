"""Another process reading the archive `rag bench --scale` builds: it opens the home, searches once
(its model and BM25 segment loaded), then for each request on stdin waits until a title is (or is no
longer) found by dense search, and by BM25 search, and prints how long after the request's time each
was (nan: not within a minute; a local Chroma folder's vector index, loaded when a process opens it,
does not learn of another process's additions)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

LIMIT_S = 60.0


class Probe:
    """The probing process, started on ``home`` and stopped on exit."""

    def __init__(self, home: Path) -> None:
        self.home = home

    def __enter__(self) -> Probe:
        cmd = [sys.executable, "-m", "rag.cli.bench_probe", str(self.home)]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "ready"
        return self

    def until(self, question: str, title: str, present: bool, since: float) -> tuple[float, float]:
        """ms from ``since`` (time.time()) until the other process's dense, and BM25, search see
        ``title`` present (or gone)."""
        ask = {"question": question, "title": title, "present": present, "since": since}
        self.proc.stdin.write(json.dumps(ask) + "\n")
        self.proc.stdin.flush()
        dense, lexical = self.proc.stdout.readline().split()
        return float(dense), float(lexical)

    def __exit__(self, *exc) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def seen(kb, question: str, title: str) -> tuple[bool, bool]:
    """Whether dense search, and BM25 search, find ``title`` among their 10 best for ``question``."""
    from rag.text.terms import terms

    dense = kb.store.query(kb.embedder().encode([question])[0].tolist(), 10, None)
    kb.lexical.ensure()
    lexical = kb.lexical.search(terms(question), 10)
    return (any(title in m.get("title", "") for _, _, m, _ in dense),
            any(title in m["title"] for _, m, _ in lexical))  # fmt: skip


def main(home: str) -> None:
    import rag

    kb = rag.open(home=home)
    kb.search("warm up")
    print("ready", flush=True)
    for line in sys.stdin:
        ask = json.loads(line)
        when = [float("nan"), float("nan")]
        while time.time() - ask["since"] < LIMIT_S and any(w != w for w in when):  # nan: not yet
            for i, found in enumerate(seen(kb, ask["question"], ask["title"])):
                if found == ask["present"] and when[i] != when[i]:
                    when[i] = (time.time() - ask["since"]) * 1000
            time.sleep(0.01)
        print(*when, flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
