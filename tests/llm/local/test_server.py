"""How a local server's end is recorded and told: crashed (with the signal), exited, stopped, gone.

Real processes stand in for the server here (one that kills itself with SIGILL, as an AMX build does
on these machines); tests/llm/local/test_model.py does the same to the real llama.cpp server.
"""

import signal
import subprocess
import sys

import pytest

from rag.llm.local import server, status
from tests.support.ports import free_port


@pytest.fixture
def url() -> str:
    """A URL of its own per test: status records are per URL, and other tests use theirs."""
    return f"http://127.0.0.1:{free_port()}/v1"


def run(code: str, url: str, tmp_path) -> server.Server:
    log = tmp_path / "server.log"
    with open(log, "w") as err:
        proc = subprocess.Popen([sys.executable, "-c", code], stderr=err)
    return server.Server(proc, url, log)


def test_a_sigill_death_is_recorded_and_told_with_the_fix(url, tmp_path):
    srv = run("import os, signal; os.kill(os.getpid(), signal.SIGILL)", url, tmp_path)
    assert srv.wait() == -signal.SIGILL
    assert status.read_status(url)["returncode"] == -4
    note = status.crash_note(url)
    assert "crashed: killed by signal 4 (SIGILL, Illegal instruction)" in note
    assert "rag llm install --force" in note


def test_an_error_exit_is_told_with_the_last_line_of_its_log(url, tmp_path):
    srv = run("import sys; print('boom: port in use', file=sys.stderr); sys.exit(1)", url, tmp_path)
    srv.wait()
    assert status.crash_note(url) == "the local LLM server exited with status 1: boom: port in use"


def test_a_stopped_server_says_how_to_start_it(url, tmp_path):
    srv = run("import time; time.sleep(60)", url, tmp_path)
    assert status.read_status(url)["state"] == "running" and status.read_status(url)["pid"] == srv.pid
    srv.stop()
    note = status.crash_note(url)
    assert note.startswith("the local LLM server was stopped at") and "rag llm serve" in note


def test_a_running_record_whose_process_is_gone_is_reported(url):
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    status.write_status(url, {"pid": proc.pid, "state": "running"})  # its supervisor died unrecorded
    assert "is gone, its end not recorded; start it with: rag llm serve" in status.crash_note(url, settle=0.2)


def test_no_record_means_no_claim():
    assert status.crash_note("http://127.0.0.1:1/v1", settle=0) is None


def test_status_files_are_per_port():
    assert status.status_path("http://127.0.0.1:8765/v1") != status.status_path("http://127.0.0.1:8766/v1")


@pytest.mark.parametrize(
    ("code", "words"),
    [(-9, "killed by signal 9 (SIGKILL, Killed)"), (-11, "SIGSEGV"), (2, "exited with status 2")],
)
def test_exits_in_words(code, words):
    assert words in status.describe_exit(code)
