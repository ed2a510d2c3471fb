"""Stopping a command with SIGTERM (a service manager, ``kill``) as cleanly as with Ctrl-C: Python's
default ends the process at once, leaving a llama.cpp server it started running."""

from __future__ import annotations

import contextlib
import signal
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
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
