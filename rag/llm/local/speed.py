"""`rag llm bench`: SmolLM2 tokens/s of the installed (portable) llama.cpp, and of a native build beside it.

Each build runs in its own child process (its wheel unpacked on PYTHONPATH), alternating builds round
by round, so both see the same machine at the same time; compare them only as a ratio from one run.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from rag.core.config import ROOT
from rag.llm.local import build

PROMPT_FILE = ROOT / "corpus" / "ukraine-peace-talks.txt"


def measure(gguf: Path, prompt: str, gen_tokens: int = 128) -> dict:
    """Prompt tokens/s (prompt processing) and generated tokens/s, greedy, all cores, in this process."""
    from llama_cpp import Llama

    model = Llama(model_path=str(gguf), n_ctx=2048, n_threads=os.cpu_count(), verbose=False)
    tokens = model.tokenize(prompt.encode())[:1024]
    start = time.perf_counter()
    stream = model.generate(tokens, temp=0.0, reset=True)
    next(stream)  # evaluates the whole prompt, then samples the first token
    first = time.perf_counter()
    for _ in range(gen_tokens - 1):
        next(stream)  # no stop at end-of-text: always gen_tokens tokens
    end = time.perf_counter()
    return {"prompt_tps": len(tokens) / (first - start), "gen_tps": (gen_tokens - 1) / (end - first)}


def compare(rounds: int = 3, native: bool = False, say: Callable[[str], None] = print) -> list[dict]:
    """Median tokens/s per build over ``rounds`` alternating runs: the installed one, and native if asked."""
    builds = {"installed (portable)": None}
    if native:
        args = ["-DGGML_NATIVE=ON", *build.LEAN]
        wheels = sorted(build.wheel_cache(args).glob("*.whl"))
        builds["native (-march=native)"] = wheels[0] if wheels else build.build_wheel(args, say)
    runs: dict[str, list[dict]] = {name: [] for name in builds}
    with tempfile.TemporaryDirectory() as tmp:
        paths = {
            name: _unpack(w, Path(tmp) / str(i)) if w else None for i, (name, w) in enumerate(builds.items())
        }
        for r in range(rounds):
            for name, path in paths.items():
                say(f"round {r + 1}/{rounds}: {name}")
                runs[name].append(_child(path))
    return [
        {"build": name, **{k: statistics.median(x[k] for x in rs) for k in ("prompt_tps", "gen_tps")}}
        for name, rs in runs.items()
    ]


def table(rows: list[dict]) -> str:
    """The rows of compare() as a text table, with the portable/native ratio when both were run."""
    lines = [f"{'build':<24} {'prompt tok/s':>12} {'generated tok/s':>16}"]
    lines += [f"{r['build']:<24} {r['prompt_tps']:>12,.0f} {r['gen_tps']:>16,.1f}" for r in rows]
    if len(rows) == 2:
        p, n = rows
        ratio = p["prompt_tps"] / n["prompt_tps"], p["gen_tps"] / n["gen_tps"]
        lines.append(f"portable / native: prompt {ratio[0]:.2f}, generated {ratio[1]:.2f}")
    return "\n".join(lines)


def _unpack(wheel: Path, folder: Path) -> Path:
    with zipfile.ZipFile(wheel) as z:
        z.extractall(folder)
    return folder


def _child(path: Path | None) -> dict:
    env = dict(os.environ)
    if path is not None:  # this build's llama_cpp shadows the installed one
        env["PYTHONPATH"] = os.pathsep.join(x for x in (str(path), env.get("PYTHONPATH")) if x)
    out = subprocess.run(
        [sys.executable, "-m", "rag.local.speed"], env=env, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


if __name__ == "__main__":
    from rag.llm.local.server import default_gguf

    print(json.dumps(measure(default_gguf(), PROMPT_FILE.read_text(encoding="utf-8"))))
