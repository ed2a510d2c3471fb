"""Stopping a command with SIGTERM (a service manager, ``kill``) as cleanly as with Ctrl-C: Python's
default ends the process at once, leaving a llama.cpp server it started running. Either signal also
tells the local-model code that the process is ending, so the chat's launcher starts no server then."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator


class Terminated(BaseException):
    """SIGTERM arrived: raised in the main thread so ``finally`` blocks and atexit handlers run (a
    llama.cpp server this command started is stopped, not left running)."""


@contextlib.contextmanager
def terminate_cleanly() -> Iterator[None]:
    """While a command runs in the main thread, SIGTERM raises Terminated there (and nothing else)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminated(signum, frame):
        _ending()
        raise Terminated

    def interrupted(signum, frame):
        _ending()
        raise KeyboardInterrupt  # as Python's own handler; Gradio catches it and closes (~5 s) before exit

    previous = signal.signal(signal.SIGTERM, terminated)
    # An ignored SIGINT (a background job of a script) stays ignored
    interrupt = signal.getsignal(signal.SIGINT)
    if interrupt is signal.default_int_handler:
        signal.signal(signal.SIGINT, interrupted)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        if interrupt is signal.default_int_handler:
            signal.signal(signal.SIGINT, interrupt)


def _ending() -> None:
    """Tell the local-model code the process is stopping; a command that never imported it started no
    server, so it is not imported here (every command would pay for it)."""
    server = sys.modules.get("rag.llm.local.server")
    if server is not None:
        server.ending()
