"""Running the ``rag`` command: in this process (``run``) or as a real process (``rag_process``)."""

import os
import subprocess
import sys

from rag.cli.main import main
from tests.support.corpus import ROOT


def run(capsys, *argv):
    """``rag *argv`` in this process: (exit code, stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def rag_process(*argv, cwd=ROOT, stdin=None, timeout=300, text=True, **env) -> subprocess.CompletedProcess:
    """A real ``python -m rag *argv`` process running this checkout, with no RAG_* variable but those in
    ``env``; with ``text=False`` argv, stdin and the output may be bytes (a terminal's invalid UTF-8)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    return subprocess.run(
        [sys.executable, "-m", "rag", *argv], cwd=cwd, input=stdin, capture_output=True, text=text,
        timeout=timeout, env={**clean, "PYTHONPATH": str(ROOT), "LC_ALL": "C.UTF-8", **env},
    )  # fmt: skip


def one_error_line(proc: subprocess.CompletedProcess) -> str:
    """The single ``rag: error:`` line a failed process printed (and nothing like a traceback)."""
    out, err = (x if isinstance(x, str) else x.decode("utf-8", "replace") for x in (proc.stdout, proc.stderr))
    assert proc.returncode != 0, out
    assert "Traceback" not in err + out, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("rag: error:"), err
    return lines[0]
