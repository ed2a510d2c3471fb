"""The local model started on demand by the browser chat: install if needed, then serve, in the background.

Choosing "local" in the chat should not cost the first-time user a terminal: the first choice starts
llama.cpp's installation (a few minutes, once) and then its server, while answers stay extractive with
a note saying what is happening. A server that dies is not restarted blindly: its end is reported.
"""

from __future__ import annotations

import threading
from urllib.parse import urlparse

from rag.core.errors import RagError
from rag.llm.local import build, server
from rag.llm.local.status import crash_note, read_status


class Launcher:
    """One background start of the local server for ``url``; thread-safe, idempotent."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.server: server.Server | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._step = ""
        self._error = ""

    def status(self) -> str | None:
        """None when the server answers; otherwise what is happening or what went wrong, in words."""
        if server.ready(self.url):
            return None
        with self._lock:
            if self._error:
                return f"the local model could not start: {self._error}"
            if self.server is not None and self.server.proc.poll() is not None:
                return f"the local LLM server {self.server.ended()}"
            if self._thread is None:
                if urlparse(self.url).hostname not in server.LOOPBACK:
                    return None  # someone else's server: litellm's error will say it is unreachable
                if read_status(self.url).get("state") == "exited":
                    return crash_note(self.url)  # started elsewhere and died: say so, don't relaunch
                self._thread = threading.Thread(target=self._run, daemon=True)
                self._thread.start()
                self._step = "checking its llama.cpp build"
            return f"the local model is starting ({self._step})"

    def _say(self, line: str) -> None:
        with self._lock:
            self._step = line.strip()[:160]

    def _run(self) -> None:
        try:
            build.ensure(self._say)
            self._say("loading the model")
            started = server.start(None, self.url)
        except Exception as e:  # a background thread: whatever went wrong must reach the chat as a note
            with self._lock:
                self._error = str(e) if isinstance(e, RagError) else f"{type(e).__name__}: {e}"
            return
        with self._lock:
            self.server = started
