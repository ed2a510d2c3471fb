"""The chat's on-demand start of the local model, where no llama.cpp is needed to check it.

The start itself (install, serve, crash) is tested for real in tests/llm/local/test_model.py.
"""

from rag.llm.local import status
from rag.llm.local.launcher import Launcher
from tests.support.ports import free_port


def free_url() -> str:
    return f"http://127.0.0.1:{free_port()}/v1"


def test_a_crash_recorded_elsewhere_is_told_not_relaunched():
    """`rag llm serve` died of SIGILL: choosing 'local' in the chat says so instead of crashing again."""
    url = free_url()
    status.write_status(url, {"pid": 1, "state": "exited", "returncode": -4, "ended": "2026-11-26T17:00:00"})
    launcher = Launcher(url)
    note = launcher.status()
    assert "crashed: killed by signal 4 (SIGILL" in note and "rag llm install --force" in note
    assert launcher._thread is None  # nothing started


def test_a_failed_start_is_told(monkeypatch):
    """Whatever breaks in the background thread comes back as the note, not as a silent 'starting'."""
    from rag.llm.local import build

    def broken(say, need_model=True):
        raise OSError("No space left on device")

    monkeypatch.setattr(build, "ensure", broken)
    launcher = Launcher(free_url())
    assert launcher.status().startswith("the local model is starting")
    launcher._thread.join(10)
    assert launcher.status() == "the local model could not start: OSError: No space left on device"
