"""How a local server ended, kept per URL in the user's state folder and told in words.

The process that started the server writes the record (rag/llm/local/server.py); any client reads it
when the port is closed, to say "crashed: SIGILL" rather than "unreachable".
"""

from __future__ import annotations

import os
import signal
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

from rag.core.state import read_json, write_json


def describe_exit(returncode: int | None, last_line: str = "") -> str:
    """'crashed: killed by signal 4 (SIGILL, illegal instruction) ...' or 'exited with status 1: ...'."""
    if returncode is not None and returncode < 0:
        sig = -returncode
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = f"signal {sig}"
        what = f"crashed: killed by signal {sig} ({name}, {signal.strsignal(sig) or 'unknown'})"
        if sig == signal.SIGILL:
            what += (
                "; its llama.cpp build uses CPU instructions this machine lacks "
                "(rebuild it with: rag llm install --force)"
            )
        return what
    what = f"exited with status {returncode}"
    return f"{what}: {last_line}" if last_line else what


def crash_note(url: str, settle: float = 2.0) -> str | None:
    """Why the local server at ``url`` is not answering, when its status file knows; else None.

    A server that just died may not be recorded yet: its watcher writes within milliseconds of the
    exit, so when the recorded process is gone this waits up to ``settle`` seconds for the record.
    """
    deadline = time.monotonic() + settle
    while True:
        status = read_status(url)
        state = status.get("state")
        if state == "exited":
            how = describe_exit(status.get("returncode"), last_line(status.get("log")))
            return f"the local LLM server {how}"
        if state == "stopped":
            when = status.get("ended", "?")
            return f"the local LLM server was stopped at {when}; start it with: rag llm serve"
        if state != "running" or _alive(status.get("pid")):
            return None
        if time.monotonic() > deadline:
            gone = f"the local LLM server (pid {status.get('pid')}) is gone, its end not recorded"
            return f"{gone}; start it with: rag llm serve"
        time.sleep(0.1)


def state_dir() -> Path:
    """Where server status files live: $XDG_STATE_HOME/rag/llm (default ~/.local/state/rag/llm)."""
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "rag" / "llm"


def status_path(url: str) -> Path:
    """The status file for the server at ``url``: one per host and port."""
    u = urlparse(url)
    name = f"{u.hostname}_{u.port or 80}".replace(":", "_")
    return state_dir() / f"{name}.json"


def read_status(url: str) -> dict:
    status = read_json(status_path(url), {})
    return status if isinstance(status, dict) else {}


def write_status(url: str, status: dict) -> None:
    write_json(status_path(url), status)  # readers never see half a file


def _alive(pid) -> bool:
    """True while ``pid`` is a running (not zombie) llama_cpp.server process."""
    try:
        stat = Path(f"/proc/{int(pid)}/stat").read_text()
        cmdline = Path(f"/proc/{int(pid)}/cmdline").read_bytes()
    except (OSError, TypeError, ValueError):
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z" and b"llama_cpp.server" in cmdline


def last_line(log) -> str:
    try:
        lines = [x.strip() for x in Path(log).read_text(encoding="utf-8", errors="replace").splitlines()]
    except (OSError, TypeError):
        return ""
    return next((x for x in reversed(lines) if x), "")[-300:]


def now() -> str:
    return datetime.now().isoformat(timespec="seconds")
