"""The portability guard: compiled code is disassembled and checked against the x86-64-v3 baseline.

The guard must fail on any machine kind (an AMD EPYC never executes the AMX code it would carry), so
it reads the instructions in the library instead of running it.
"""

import platform

import pytest

from rag.llm.local import build, isa
from tests.support.ci import require
from tests.support.isa import AMX, AVX2, AVX512, compile_library

pytestmark = pytest.mark.skipif(platform.machine() != "x86_64", reason="x86-64 instruction sets")


def test_amx_tile_code_is_found(tmp_path):
    found = isa.scan(compile_library(tmp_path, AMX, "-mamx-tile"))
    assert found["AMX tile"] == 2  # tilezero, tilerelease


def test_avx512_code_is_found(tmp_path):
    assert isa.scan(compile_library(tmp_path, AVX512, "-mavx512f"))["AVX-512"] >= 1


def test_baseline_code_passes(tmp_path):
    assert not isa.scan(compile_library(tmp_path, AVX2, "-mavx2", "-mfma"))


def test_problems_name_the_library_and_the_family(tmp_path):
    compile_library(tmp_path, AMX, "-mamx-tile")
    assert isa.problems(tmp_path) == ["libf.so: 2 AMX tile instructions"]


def test_installed_llama_cpp_is_portable():
    """The guard: fails when the installed ggml libraries hold AMX, AVX-512 or AVX-VNNI code."""
    require("llama_cpp")  # skipped without it here, failed in CI
    lib = build.library_dir()
    assert lib is not None and (lib / "libggml-cpu.so").is_file()  # the CPU kernels are where it looks
    assert build.portability_problems() == []
