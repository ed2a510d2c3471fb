"""An ingest stopped between two Chroma writes (an exception, os._exit, a real SIGKILL) leaves no
article half-indexed: the next run re-does every incomplete article and the index ends exactly as a
fresh one, and nothing incomplete is ever reported "unchanged"."""

import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections import Counter
from contextlib import closing

import chromadb
import pytest

import rag
from rag.core.errors import RagError
from rag.index import queue as write_queue
from rag.store import chroma as store
from tests.support.corpus import ROOT, per_article, write_articles


@pytest.fixture(scope="module")
def fresh(tmp_path_factory, embedder):
    """The articles and the chunk count per article of a fresh, uninterrupted index."""
    base = tmp_path_factory.mktemp("fresh")
    docs = write_articles(base / "docs")
    kb = rag.open(home=base / "home", embedder=embedder)
    assert not kb.ingest([docs]).failed
    return docs, per_article(kb.store), {aid: m["title"] for aid, m in kb.store.articles().items()}


def check_redo(home, fresh, embedder):
    """Re-ingest after the interruption: exactly the fresh index, no incomplete article 'unchanged'."""
    docs, expected, titles = fresh
    kb = rag.open(home=home, embedder=embedder)
    before = per_article(kb.store)
    incomplete = {titles[aid] for aid in expected if before[aid] != expected[aid]}
    report = kb.ingest([docs])
    assert not report.failed and not set(report.skipped) & incomplete
    assert per_article(kb.store) == expected
    assert kb.store.count() == sum(expected.values())
    assert kb.ingest([docs]).added == []  # and a third run has nothing to do
    return before


@pytest.fixture
def small_writes(monkeypatch):
    """Many small flushes and Chroma calls, so an interruption can fall between any two."""
    monkeypatch.setattr(write_queue, "FLUSH_CHUNKS", 30)
    monkeypatch.setattr(store, "BATCH", 7)


@pytest.mark.parametrize("nth", [2, 3, 6])
def test_a_write_failing_midway_is_redone(fresh, tmp_path, embedder, monkeypatch, small_writes, nth):
    docs, expected, _ = fresh
    calls = Counter()
    Collection = chromadb.api.models.Collection.Collection
    real = {name: getattr(Collection, name) for name in ("add", "upsert")}

    def failing(name):
        def write(self, *a, **k):
            calls["n"] += 1
            if calls["n"] == nth:
                raise OSError(5, "Input/output error")
            return real[name](self, *a, **k)

        return write

    for name in real:
        monkeypatch.setattr(Collection, name, failing(name))
    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    home = re.escape(str(tmp_path / "home" / "chroma"))
    with pytest.raises(
        RagError, match=rf"^cannot write the index in {home}: \[Errno 5\] Input/output error$"
    ):
        kb.ingest([docs])
    for name, fn in real.items():
        monkeypatch.setattr(Collection, name, fn)
    before = check_redo(tmp_path / "home", fresh, embedder)
    assert 0 < sum(before.values()) < sum(expected.values())


CHILD = """
import os, sys
import chromadb
from rag.index import queue as write_queue
from rag.store import chroma as store
from rag.cli.main import main
write_queue.FLUSH_CHUNKS, store.BATCH = 30, 7
Collection = chromadb.api.models.Collection.Collection
calls = {"n": 0}
for name in ("add", "upsert"):
    real = getattr(Collection, name)
    def write(self, *a, _real=real, **k):
        calls["n"] += 1
        if calls["n"] == int(os.environ["EXIT_AT"]):
            os._exit(9)  # the process dies inside the call, as with kill -9
        return _real(self, *a, **k)
    setattr(Collection, name, write)
sys.exit(main(sys.argv[1:]))
"""


def run_child(tmp_path, script, *args, env=None, **popen) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    cmd = [sys.executable, "-c", textwrap.dedent(script), "--home", str(tmp_path / "home"), *args]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, **popen)


def test_process_exiting_inside_the_second_write_is_redone(fresh, tmp_path, embedder):
    docs, expected, _ = fresh
    child = run_child(tmp_path, CHILD, "ingest", str(docs), env={"EXIT_AT": "2"}, stderr=subprocess.DEVNULL)
    assert child.wait(timeout=300) == 9
    before = check_redo(tmp_path / "home", fresh, embedder)
    assert 0 < sum(before.values()) < sum(expected.values())


KILLED = """
import sys
from rag.index import queue as write_queue
from rag.store import chroma as store
from rag.cli.main import main
write_queue.FLUSH_CHUNKS, store.BATCH = 30, 1  # a flush is 30 Chroma calls: a kill lands mid-flush
sys.exit(main(sys.argv[1:]))
"""


def stored_rows(db) -> int:
    """Chunks in Chroma's SQLite file, read as a second process would (0 until it can be read)."""
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)) as con:
            return con.execute("SELECT count(*) FROM embeddings").fetchone()[0]
    except sqlite3.Error:  # not created yet, or locked by the writer right now
        return 0


@pytest.mark.parametrize("rows", [2, 45])
def test_sigkill_while_writing_is_redone(fresh, tmp_path, embedder, rows):
    """A real SIGKILL once ``rows`` chunks are in chroma.sqlite3, while the ingest keeps writing."""
    docs, expected, _ = fresh
    db = tmp_path / "home" / "chroma" / "chroma.sqlite3"
    child = run_child(tmp_path, KILLED, "ingest", str(docs), stderr=subprocess.DEVNULL)
    deadline = time.time() + 240
    while stored_rows(db) < rows and child.poll() is None and time.time() < deadline:
        time.sleep(0.005)
    os.kill(child.pid, signal.SIGKILL)
    assert child.wait(timeout=60) == -signal.SIGKILL, "the ingest ended before it was killed"
    before = check_redo(tmp_path / "home", fresh, embedder)
    print("chunks per article when killed:", sorted(before.values()))
    assert sum(before.values()) > 0, "killed before any chunk was written"


def _written_chunk_zero(metadatas) -> bool:
    return any(m.get("n") == 0 for m in metadatas or [])


@pytest.mark.parametrize("fail_at", ["the second write", "the write after the first chunks 0"])
def test_a_rechunk_stopped_midway_leaves_no_stale_chunks(
    fresh, tmp_path, embedder, monkeypatch, small_writes, fail_at
):
    """Chunk settings changed back to the default (256 word pieces, from 128): every article is
    rewritten in fewer chunks, and the ids the new chunking no longer makes (#3.. of the 128 ones) are
    deleted. A run failing after its first batch, or once some articles are complete, then a run to
    the end: the store holds exactly what a fresh ingest holds, article by article."""
    docs, expected, _ = fresh
    home = tmp_path / "home"
    old = rag.open(home=home, embedder=embedder, chunk_tokens=128, overlap_tokens=16)
    assert not old.ingest([docs]).failed
    assert all(n > expected[aid] for aid, n in per_article(old.store).items())
    calls, Collection = Counter(), chromadb.api.models.Collection.Collection
    real = {name: getattr(Collection, name) for name in ("add", "upsert")}

    def failing(name):
        def write(self, *a, **k):
            calls["n"] += 1
            if (calls["n"] == 2) if fail_at == "the second write" else calls["zero"] > 0:
                raise OSError(5, "Input/output error")
            calls["zero"] += _written_chunk_zero(k.get("metadatas"))
            return real[name](self, *a, **k)

        return write

    for name in real:
        monkeypatch.setattr(Collection, name, failing(name))
    with pytest.raises(rag.RagError, match=r"cannot write the index in .*\] Input/output error$"):
        rag.open(home=home, embedder=embedder).ingest([docs])
    for name, fn in real.items():
        monkeypatch.setattr(Collection, name, fn)
    before = check_redo(home, fresh, embedder)
    assert before != expected  # the failed run left work (and stale chunks) for the next one
