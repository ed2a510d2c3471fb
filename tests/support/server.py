"""The real ``rag serve`` process (chat and REST API) on a free localhost port, the ``rag`` command
run against its home, and the shapes the API's answers must have (errors, server-sent events)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from tests.support.cli import rag_process
from tests.support.corpus import ROOT
from tests.support.ports import free_port

START_TIMEOUT = 120  # seconds for the server to answer /v1/stats (its corpus sync included)
STOP_TIMEOUT = 15  # seconds after SIGTERM before the process is killed


@contextmanager
def rag_server(home, corpus="", *, env=None, args=()) -> Iterator[str]:
    """A real ``python -m rag --home HOME [args...] serve --corpus CORPUS --port PORT`` process with no
    RAG_* variable but those in ``env``; yields its base URL (``http://127.0.0.1:PORT``) once
    ``GET /v1/stats`` answers with any HTTP status (200, or 401 behind a login), and stops it (SIGTERM,
    then SIGKILL after 15 s) afterwards. A process that dies first fails the test with its stderr."""
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    full_env = {**clean, "PYTHONPATH": str(ROOT), "LC_ALL": "C.UTF-8", **(env or {})}
    cmd = [sys.executable, "-m", "rag", "--home", str(home), *map(str, args), "serve"]
    cmd += ["--corpus", str(corpus), "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: a chatty server never blocks on a full pipe
        proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        try:
            _wait_until_up(proc, url, log)
            yield url
        finally:
            _stop(proc)


def _tail(log, lines: int = 40) -> str:
    log.flush()
    log.seek(0)
    return "\n".join(log.read().decode("utf-8", "replace").splitlines()[-lines:])


def _wait_until_up(proc: subprocess.Popen, url: str, log) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if proc.poll() is not None:
            raise AssertionError(f"rag serve exited with {proc.returncode} before answering:\n{_tail(log)}")
        try:
            httpx.get(f"{url}/v1/stats", timeout=5)
            return  # any HTTP status: the server is up
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(
                f"rag serve did not answer {url}/v1/stats in {START_TIMEOUT} s:\n{_tail(log)}"
            )
        time.sleep(0.3)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=STOP_TIMEOUT)


def rag_cli(home, *argv, stdin: str | None = None, **env) -> str:
    """``rag --home HOME *argv`` as a real process (``tests.support.cli.rag_process``); it must
    succeed. Returns its stdout."""
    proc = rag_process("--home", str(home), *map(str, argv), stdin=stdin, **env)
    assert proc.returncode == 0, f"rag {' '.join(map(str, argv))} exited {proc.returncode}:\n{proc.stderr}"
    return proc.stdout


def error_of(response: httpx.Response, status: int, kind: str | None = None) -> str:
    """``response`` is the API's error, exactly ``{"error": {"message", "type", "status"}}`` with
    ``status`` (and ``kind`` as its type when given), whose message is one line; returns the message."""
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers.get("content-type", "").startswith("application/json"), response.headers
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"message", "type", "status"}, error
    assert error["status"] == status, error
    if kind is not None:
        assert error["type"] == kind, error
    message = error["message"]
    assert isinstance(message, str) and message.strip(), error
    assert "\n" not in message and "\r" not in message and "Traceback" not in message, message
    return message


def sse_events(response: httpx.Response) -> list[tuple[str, str]]:
    """The server-sent events of a streamed ``response`` as (event name, data) pairs, in order
    (an event without an ``event:`` line is named "message")."""
    events, name, data = [], "message", []
    for line in response.iter_lines():
        if line == "":
            if data:
                events.append((name, "\n".join(data)))
            name, data = "message", []
        elif line.startswith(":"):
            continue
        elif line.startswith("event:"):
            name = line[len("event:") :].strip()
        elif line.startswith("data:"):
            data.append(line[len("data:") :].removeprefix(" "))
    if data:
        events.append((name, "\n".join(data)))
    return events


def json_events(events: list[tuple[str, str]]) -> list[tuple[str, dict]]:
    """``events`` with each one's data parsed as JSON."""
    return [(name, json.loads(data)) for name, data in events]


def add_feed(
    web, path: str, title: str, paragraphs: list[str], date: str = "Fri, 07 Nov 2025 09:00:00 GMT"
) -> str:
    """An RSS feed at ``path`` on ``web`` (a ``tests.support.web_server.WebServer``) with one entry
    whose link is a news page headed ``title`` holding ``paragraphs``; returns the feed's URL."""
    slug = path.strip("/").rsplit(".", 1)[0]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = web.add(
        f"/{slug}-story.html",
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>".encode(),
    )
    rss = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{slug} news</title><link>{web.url}/</link><description>Local news</description>"
        f"<item><title>{title}</title><link>{page}</link><guid>{page}</guid><pubDate>{date}</pubDate>"
        f"<description>{paragraphs[0]}</description></item></channel></rss>"
    )
    return web.add(path, rss.encode(), kind="application/rss+xml; charset=utf-8")
