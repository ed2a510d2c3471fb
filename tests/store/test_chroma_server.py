"""The Chroma client/server path for real: `chroma run` on a free port, several rag processes sharing it."""

import os
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest

import rag
from tests.support.corpus import ROOT, TOPICS, write_topics
from tests.support.ports import free_port

CHROMA = shutil.which("chroma") or os.path.join(os.path.dirname(sys.executable), "chroma")


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-data")
    proc = subprocess.Popen(
        [CHROMA, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/api/v2/heartbeat", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma run did not start")
    yield url
    proc.terminate()
    proc.wait(10)


def open_kb(tmp_path, url, embedder, collection):
    return rag.open(home=tmp_path / "home", chroma_url=url, collection=collection, embedder=embedder)


def test_ingest_search_ask_reingest_sync_through_the_server(tmp_path, chroma_url, embedder):
    kb = open_kb(tmp_path, chroma_url, embedder, "server-one")
    docs = write_topics(tmp_path / "docs")
    report = kb.sync(docs)
    assert len(report.added) == len(TOPICS) + 3 and not report.failed
    name, _, question, title = TOPICS[0]
    assert kb.search(question, k=1)[0].title == title
    answer = kb.ask(question)
    assert "Grindavik" in answer.text and answer.citations
    again = kb.ingest([docs])
    assert again.chunks == 0 and len(again.skipped) == len(report.added)
    (docs / name).unlink()
    assert kb.sync(docs).removed == [title]
    assert title not in [a["title"] for a in kb.stats()["list"]]


def test_two_processes_ingest_at_once_and_a_third_sees_both(tmp_path, chroma_url, embedder):
    kb = open_kb(tmp_path, chroma_url, embedder, "server-two")
    assert kb.search("anything at all", k=1) == []  # this process builds its (empty) BM25 index now
    folders = []
    for i, (name, content, _, _) in enumerate(TOPICS[:2]):
        folder = tmp_path / f"docs{i}"
        folder.mkdir()
        (folder / name).write_text(content)
        folders.append(folder)
    env = {**os.environ, "RAG_CHROMA_URL": chroma_url, "RAG_COLLECTION": "server-two"}
    procs = [
        subprocess.Popen([sys.executable, "-m", "rag", "--home", str(tmp_path / f"h{i}"), "ingest", str(f)],
                         env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i, f in enumerate(folders)
    ]  # fmt: skip
    for p in procs:
        out, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
        assert "1 added" in out
    # The BM25 side of this process notices the other processes' writes (generation token) and rebuilds.
    for _, _, question, title in TOPICS[:2]:
        assert kb.search(question, k=1)[0].title == title
    assert kb.lexical.count() == kb.store.count()


def test_an_article_removed_by_another_process_is_gone_from_dense_and_bm25_search(
    tmp_path, chroma_url, embedder
):
    from rag.text.terms import terms

    kb = open_kb(tmp_path, chroma_url, embedder, "server-remove")
    docs = write_topics(tmp_path / "docs")
    assert kb.sync(docs).added
    name, _, question, title = TOPICS[0]
    assert kb.search(question, k=1)[0].title == title  # this process has its BM25 index built
    env = {**os.environ, "RAG_CHROMA_URL": chroma_url, "RAG_COLLECTION": "server-remove"}
    aid = next(a["id"] for a in kb.stats()["list"] if a["title"] == title)
    run = subprocess.run([sys.executable, "-m", "rag", "--home", str(tmp_path / "other"), "remove", aid],
                         env=env, cwd=ROOT, capture_output=True, text=True, timeout=180)  # fmt: skip
    assert run.returncode == 0 and title in run.stdout, run.stderr
    assert title not in {h.title for h in kb.search(question, k=5)}  # dense and fused, next query
    kb.lexical.ensure()
    assert title not in {m.get("title") for _, m, _ in kb.lexical.search(terms(question), 5)}  # BM25
