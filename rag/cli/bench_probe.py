"""The other processes of `rag bench --scale`: a reader of the archive, a new process serving it (cold
start, memory), and for the server path a `chroma run` they all share.

A reader opens the home, searches once (its model and BM25 segment loaded), then for each request on
stdin waits until a title is (or is no longer) found by dense search, and by BM25 search, and prints
how long after the request's time each was (nan: not within a minute; a local Chroma folder's vector
index, loaded when a process opens it, does not learn of another process's additions). A busy reader
also searches the real questions all along (5 a second), and prints their p50/p95 when stdin closes."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

LIMIT_S = 60.0
PAUSE_S = 0.2  # a busy reader's pause between searches: 5 a second, as a chat serving its users
ASKED = 60  # questions the serving process answers, timed (it searches them all)


class Probe:
    """A reading process, started on ``home`` (``env``: its RAG_* settings) and stopped on exit."""

    def __init__(self, home: Path, env: dict | None = None, busy: list[str] | None = None) -> None:
        self.home, self.env, self.busy = home, env or {}, busy or []
        self.searches: tuple[float, float] | None = None  # a busy reader's search p50/p95 ms

    def __enter__(self) -> Probe:
        cmd = [sys.executable, "-m", "rag.cli.bench_probe", "read", str(self.home), json.dumps(self.busy)]
        env = {**os.environ, **self.env}
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
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
        last = self.proc.stdout.read().split()
        if len(last) == 2:
            self.searches = (float(last[0]), float(last[1]))
        self.proc.wait(timeout=60)


def seen(kb, question: str, title: str) -> tuple[bool, bool]:
    """Whether dense search, and BM25 search, find ``title`` among their 10 best for ``question``."""
    from rag.text.terms import terms

    dense = kb.store.query(kb.embedder().encode([question])[0].tolist(), 10, None)
    kb.lexical.ensure()
    lexical = kb.lexical.search(terms(question), 10)
    return (any(title in m.get("title", "") for _, _, m, _ in dense),
            any(title in m["title"] for _, m, _ in lexical))  # fmt: skip


def serving(home: Path, questions: list[str], env: dict | None = None) -> dict:
    """A new app process on ``home``: seconds from its start to its first answer (``cold_s``), then
    its search and ask p50/p95 in ms over ``questions`` (``search_ms``, ``ask_ms``: ``ASKED`` of them),
    and its peak RSS in MB (``rss_mb``)."""
    cmd = [sys.executable, "-m", "rag.cli.bench_probe", "serve", str(home), json.dumps(questions)]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
    assert proc.stdout.readline().strip() == "answered"
    cold = time.perf_counter() - t
    found = json.loads(proc.stdout.readline())
    proc.wait(timeout=120)
    return {"cold_s": cold, **found}


@contextlib.contextmanager
def chroma_server(path: Path):
    """`chroma run` on a free local port with its data in ``path``; yields its URL."""
    chroma = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(url + "/api/v2/heartbeat", timeout=1)
                break
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _read(home: str, busy: list[str]) -> None:
    import rag
    from rag.cli.bench import _time, percentiles

    kb = rag.open(home=home)
    kb.search("warm up")
    times: list[float] = []
    done = threading.Event()

    def keep_searching() -> None:
        while not done.is_set():
            for q in busy:
                times.append(_time(lambda q=q: kb.search(q, k=5)))
                if done.wait(PAUSE_S):
                    return

    worker = threading.Thread(target=keep_searching, daemon=True)
    worker.start()
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
    done.set()
    worker.join()
    if times:
        print(*percentiles(times), flush=True)


def _serve(home: str, questions: list[str]) -> None:
    import rag
    from rag.cli.bench import _time, percentiles

    kb = rag.open(home=home)
    kb.ask(questions[0])
    print("answered", flush=True)
    search = [_time(lambda q=q: kb.search(q, k=5)) for q in questions]
    ask = [_time(lambda q=q: kb.ask(q)) for q in questions[:ASKED]]
    # VmHWM, not ru_maxrss: the latter is inherited through fork and exec (it would be the bench's own)
    peak = next(
        line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmHWM")
    )
    found = {
        "search_ms": percentiles(search),
        "ask_ms": percentiles(ask),
        "rss_mb": int(peak.split()[1]) / 1024,
    }
    print(json.dumps(found), flush=True)


if __name__ == "__main__":
    {"read": _read, "serve": _serve}[sys.argv[1]](sys.argv[2], json.loads(sys.argv[3]))
