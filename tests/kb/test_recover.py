"""A full disk while writing, and an index Chroma can no longer read, are one line each naming the
folder and what to do; `rag reindex` rebuilds a damaged index from the files its articles came from."""

import errno
import json
import os
import subprocess
import sys

import chromadb
import pytest

import rag
from rag.core.errors import RagError
from tests.support.cli import rag_process
from tests.support.corpus import ROOT, per_article, write_articles, write_topics
from tests.support.web_server import WebServer

Collection = chromadb.api.models.Collection.Collection


def test_disk_full_while_ingesting_is_one_line_and_resumable(tmp_path, embedder, monkeypatch):
    docs = write_topics(tmp_path / "docs")
    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    kb.ingest([docs / "volcano.txt"])

    def full(self, *a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Collection, "add", full)
    monkeypatch.setattr(Collection, "upsert", full)
    with pytest.raises(RagError) as e:
        kb.ingest([docs])
    message = str(e.value)
    assert message.startswith(f"disk full while writing the index in {tmp_path / 'home' / 'chroma'}")
    assert "free space, then run the same command again" in message and "\n" not in message
    monkeypatch.undo()
    assert kb.search("lava Grindavik")[0].title.startswith("Volcano")  # what was stored is kept
    report = kb.ingest([docs])  # space freed: the run completes
    assert len(report.added) == 5 and report.skipped == ["Volcano erupts near Grindavik"]


def test_other_write_failures_are_one_line(tmp_path, embedder, monkeypatch):
    kb = rag.open(home=tmp_path / "home", embedder=embedder)

    def broken(self, *a, **k):
        raise chromadb.errors.InternalError("Error executing plan: something\nsecond line")

    monkeypatch.setattr(Collection, "add", broken)
    with pytest.raises(RagError, match=r"^cannot write the index in .*: Error executing plan: something$"):
        kb.ingest([write_topics(tmp_path / "docs")])


@pytest.fixture
def damaged(tmp_path, embedder):
    """An index whose HNSW metadata file was left empty, as a crash or a full disk leaves it."""
    home = tmp_path / "home"
    docs = write_articles(tmp_path / "docs", n=20)
    # Chroma writes index_metadata.pickle every sync_threshold (default 1000) chunks: 10 here.
    hnsw = {"space": "cosine", "sync_threshold": 10, "batch_size": 10}
    client = chromadb.PersistentClient(path=str(home / "chroma"))
    client.get_or_create_collection("articles", embedding_function=None, configuration={"hnsw": hnsw})
    del client
    kb = rag.open(home=home, embedder=embedder)
    kb.ingest([docs, write_topics(tmp_path / "topics")])
    expected = per_article(kb.store)
    chess = next(a for a, m in kb.store.articles().items() if m["title"].startswith("Chess"))
    del kb
    [pickle] = (home / "chroma").rglob("index_metadata.pickle")
    pickle.write_bytes(b"")
    return home, expected, expected[chess]


def test_a_damaged_index_is_reported_in_one_line_with_the_recovery(damaged, tmp_path):
    home, _, _ = damaged
    for args in (["stats"], ["search", "lava"], ["ask", "Which town?"], ["ingest", str(tmp_path / "docs")]):
        run = rag_process("--home", str(home), *args)
        assert run.returncode == 1 and "Traceback" not in run.stderr, (args, run.stderr[-2000:])
        [line] = run.stderr.strip().splitlines()[-1:]
        assert line.startswith(f"rag: error: the index in {home / 'chroma'} is damaged"), line
        assert line.endswith(f"rebuild it with: rag --home {home} reindex"), line


def test_reindex_rebuilds_from_the_articles_files(damaged, tmp_path, embedder):
    home, expected, chess_chunks = damaged
    (tmp_path / "topics" / "chess.md").unlink()  # one source file is gone meanwhile
    run = rag_process("--home", str(home), "reindex")
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    assert "25 added" in run.stdout and "chroma.damaged-" in run.stderr
    assert "chess.md: no such file" in run.stderr and run.returncode == 1
    assert list(home.glob("chroma.damaged-*"))  # the damaged index is kept aside, not deleted
    # a new process (this one's Chroma client still holds the old files open)
    stats = json.loads(rag_process("--home", str(home), "stats", "--json").stdout)
    assert stats["articles"] == 25 and stats["chunks"] == sum(expected.values()) - chess_chunks
    search = rag_process("--home", str(home), "search", "lava flow Grindavik", "--json")
    assert json.loads(search.stdout)[0]["title"].startswith("Volcano")


def test_reindex_dir_also_ingests_files_the_damaged_index_never_held(damaged, tmp_path):
    """`rag reindex DIR`: the stored articles' files come back, and DIR's files are ingested with them."""
    home, expected, _ = damaged
    extra = tmp_path / "new"
    extra.mkdir()
    (extra / "ferry.txt").write_text(f"Title: Ferry returns\nSource: Loch News\n\n{FERRY}\n")
    (extra / "bridge.md").write_text("# Bridge reopens\n\nThe Kessock bridge reopened after resurfacing.\n")
    run = rag_process("--home", str(home), "reindex", "new", cwd=tmp_path)  # DIR as typed, relative
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stdout + run.stderr[-2000:]
    assert f"{len(expected) + 2} added" in run.stdout, run.stdout
    stats = json.loads(rag_process("--home", str(home), "stats", "--json").stdout)
    assert stats["articles"] == len(expected) + 2
    assert {"Ferry returns", "Bridge reopens", "Volcano erupts near Grindavik"} <= {
        a["title"] for a in stats["list"]
    }
    search = rag_process(
        "--home", str(home), "search", "How many cars does the Inchmurrin ferry carry?", "--json"
    )
    assert json.loads(search.stdout)[0]["title"] == "Ferry returns"


def test_the_chat_reports_a_damaged_index_as_one_message(damaged):
    script = (
        "import sys, rag, gradio as gr\n"
        "from rag.ui.app import ChatApp\n"
        "app = ChatApp(rag.open(home=sys.argv[1]))\n"
        "for call in (app.stats, lambda: app.ingest([])):\n"
        "    try:\n"
        "        call()\n"
        "    except gr.Error as e:\n"
        "        print('gr.Error:', e.message)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-c", script, str(damaged[0])], capture_output=True, text=True, env=env, timeout=300
    )
    lines = run.stdout.splitlines()
    assert len(lines) == 2 and all(line.startswith("gr.Error: the index in ") for line in lines), run.stderr
    assert all(line.endswith("reindex") for line in lines)


def test_reindex_brings_back_web_pages_and_feed_entries_from_their_kept_copies(tmp_path, embedder):
    """Issue 24.12: reindex lost every article that came from a URL or a feed ("no such file"), and the
    feed's entries, marked seen, never came back. The server is gone by then: copies, not the web."""
    from rag.sources import feeds

    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    with WebServer() as web:
        page = web.add("/ferry.html", _page("Ferry returns", FERRY))
        item = "<item><title>Pier reopens</title><guid>pier</guid><description>The Saltcoats pier reopened "
        item += "after nine months of repairs costing 2.3 million pounds.</description></item>"
        rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{item}</channel></rss>'
        feeds.add(kb.settings.home, web.add("/rss.xml", rss.encode(), kind="application/rss+xml"))
        assert kb.ingest([page]).added == ["Ferry returns"]
        assert feeds.poll_all(kb)[0][1] == ["Pier reopens"]
    home = kb.settings.home
    del kb
    run = rag_process("--home", str(home), "reindex")
    assert run.returncode == 0 and "2 added" in run.stdout, run.stdout + run.stderr
    listed = json.loads(rag_process("--home", str(home), "stats", "--json").stdout)["list"]
    assert {a["title"] for a in listed} == {"Ferry returns", "Pier reopens"}
    ask = rag_process("--home", str(home), "ask", "How many cars does the Inchmurrin ferry carry?", "--json")
    answer = json.loads(ask.stdout)
    assert "40" in answer["text"] and answer["citations"][0]["url"] == page
    # removing a page deletes its kept copy: a later reindex does not bring it back
    assert rag_process("--home", str(home), "remove", page).returncode == 0
    again = rag_process("--home", str(home), "reindex")
    assert "1 added" in again.stdout and "failed" not in again.stderr, again.stdout + again.stderr


FERRY = ("The Inchmurrin ferry returned on Thursday after three weeks of engine repairs at the yard. It "
         "carries 40 cars on each of its six daily trips, the operator said.")  # fmt: skip


def _page(title: str, text: str) -> bytes:
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{text}</p>"\
        "</article></body></html>".encode()  # fmt: skip
