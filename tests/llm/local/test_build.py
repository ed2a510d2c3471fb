"""The portable build's flags, its wheel cache key, and the refusal of a non-portable installed build."""

import platform

import pytest

from rag.core.errors import RagError
from rag.llm.local import build
from tests.support.isa import AMX, compile_library


@pytest.mark.skipif(platform.machine() != "x86_64", reason="x86-64 flags")
def test_flags_name_the_baseline_and_nothing_native():
    args = build.cmake_args()
    assert "-DGGML_NATIVE=OFF" in args and "-DGGML_CPU_ALL_VARIANTS=OFF" in args
    for on in ("AVX2", "FMA", "F16C"):
        assert f"-DGGML_{on}=ON" in args
    for off in ("AVX512", "AVX512_VNNI", "AVX_VNNI", "AMX_TILE", "AMX_INT8", "AMX_BF16"):
        assert f"-DGGML_{off}=OFF" in args
    assert not any("NATIVE=ON" in a for a in args)


def test_wheel_cache_key_follows_the_flags(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    portable = build.wheel_cache(build.cmake_args())
    assert portable == build.wheel_cache(build.cmake_args())
    assert portable != build.wheel_cache(["-DGGML_NATIVE=ON"])  # a native wheel is never handed back
    assert portable.is_relative_to(tmp_path)


@pytest.mark.parametrize(
    ("line", "percent"),
    [
        ("[12/80] Building CXX object ggml.o", 15),
        ("[ 42%] Building C object x.o", 42),
        ("  [80/80] Linking CXX shared library", 100),
        ("-- Found Threads: TRUE [x/y]", None),
    ],
)
def test_build_progress_is_read_from_ninja_and_make(line, percent):
    assert build.progress_percent(line) == percent


def test_a_non_portable_build_is_refused_with_the_fix(tmp_path, monkeypatch):
    """An installed llama.cpp with AMX code (as a native build on an AMX Xeon makes) is not started."""
    compile_library(tmp_path, AMX, "-mamx-tile")
    monkeypatch.setattr(build, "installed", lambda: True)
    monkeypatch.setattr(build, "library_dir", lambda: tmp_path)
    with pytest.raises(RagError, match=r"AMX tile.*rag llm install --force"):
        build.ensure(need_model=False)
