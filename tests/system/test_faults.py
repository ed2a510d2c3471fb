"""Faults around the product, in real `rag` processes: servers that hang or answer garbage, a home
that cannot hold the model, a busy port, bad settings, a closed pipe. Each is one line, never a hang."""

import os
import socket
import subprocess
import sys
import threading
import time

import pytest

from tests.support.cli import one_error_line, rag_process
from tests.support.corpus import CORPUS, ROOT
from tests.support.openai_server import OpenAIServer

EU = "How much would the EU loan to Ukraine be?"


@pytest.fixture
def silent_server():
    """A TCP server on 127.0.0.1 that accepts connections and never replies."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    held, stop = [], threading.Event()

    def accept() -> None:
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(sock.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    stop.set()
    thread.join(5)
    for conn in held:
        conn.close()
    sock.close()


@pytest.fixture(scope="module")
def html_llm():
    """An 'LLM server' that answers every request with HTTP 200 and an HTML error page (a proxy's)."""
    with OpenAIServer(html=b"<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>") as server:
        yield server.url


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """A home with the sample article, ingested by a real `rag` process."""
    path = tmp_path_factory.mktemp("faults") / "home"
    proc = rag_process("--home", str(path), "ingest", str(CORPUS), cwd=path.parent)
    assert proc.returncode == 0, proc.stderr
    return path


def test_a_chroma_server_that_never_replies_is_one_line_in_bounded_time(tmp_path, silent_server):
    start = time.monotonic()
    proc = rag_process(
        "stats", cwd=tmp_path, timeout=60, RAG_CHROMA_URL=silent_server, RAG_CHROMA_TIMEOUT="2"
    )
    line = one_error_line(proc)
    assert time.monotonic() - start < 30
    assert f"cannot open Chroma at {silent_server}" in line and "2 s" in line


def test_an_llm_answering_html_falls_back_to_the_extractive_answer_with_a_note(home, html_llm):
    env = {"RAG_API_BASE": html_llm, "RAG_API_KEY": "x", "RAG_RETRIES": "0"}
    proc = rag_process("--home", str(home), "--model", "openai/x", "ask", EU, cwd=home.parent, **env)
    assert proc.returncode == 3
    assert "€90 billion" in proc.stdout and "note:" in proc.stdout
    line = one_error_line(proc)
    assert "openai/x" in line and "<" not in line  # the page's markup is not echoed


def test_an_llm_answering_html_through_the_library(tmp_path, html_llm, sample_home, embedder):
    import rag

    kb = rag.open(home=sample_home, embedder=embedder, model="openai/x", api_base=html_llm, api_key="x",
                  retries=0)  # fmt: skip
    answer = kb.ask(EU)
    assert "€90 billion" in answer.text and answer.fallback == "unreachable" and answer.note


def test_a_home_whose_models_folder_cannot_be_made_is_one_line(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "models").write_text("not a folder")
    line = one_error_line(rag_process("--home", str(home), "ask", EU, cwd=tmp_path))
    assert str(home / "models") in line


def test_serve_on_a_busy_port_fails_before_syncing(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("A footbridge opened over the river.")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = rag_process("--home", str(tmp_path / "h"), "serve", "--corpus", str(docs), "--port", str(port),
                           cwd=tmp_path)  # fmt: skip
    line = one_error_line(proc)
    assert str(port) in line and "ingest" not in proc.stderr and not (tmp_path / "h" / "chroma").exists()


def test_negative_retries_are_a_settings_error(tmp_path):
    proc = rag_process("--model", "openai/x", "ask", EU, cwd=tmp_path, RAG_RETRIES="-1", RAG_API_KEY="x")
    assert "RAG_RETRIES" in one_error_line(proc)


def test_a_closed_pipe_ends_quietly(home):
    """`rag stats | head -1`: the reader is gone before rag writes; rag must not print a traceback."""
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("RAG_")}, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "rag", "--home", str(home), "stats"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    proc.stdout.close()  # nobody reads: every write fails with EPIPE
    err = proc.stderr.read().decode()
    assert proc.wait(120) != 0 and err == ""


def test_an_unexpected_fault_is_one_line_not_a_traceback(monkeypatch, capsys):
    """Fault injection: a Chroma call timing out mid-command (after the client opened)."""
    import httpx

    from rag.cli import main as cli

    def stats(args):
        raise httpx.ReadTimeout("timed out\nwhile reading")

    monkeypatch.setitem(cli.COMMANDS, "stats", stats)
    assert cli.main(["stats"]) == 1
    err = capsys.readouterr().err
    assert err == "rag: error: ReadTimeout: timed out while reading\n"
