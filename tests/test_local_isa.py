"""The portability guard: compiled code is disassembled and checked against the x86-64-v3 baseline.

The guard must fail on any machine kind (an AMD EPYC never executes the AMX code it would carry), so
it reads the instructions in the library instead of running it.
"""

import platform
import subprocess

import pytest

from rag.local import build, isa

from .conftest import require

pytestmark = pytest.mark.skipif(platform.machine() != "x86_64", reason="x86-64 instruction sets")

AMX = "#include <immintrin.h>\nvoid f(void) { _tile_zero(4); _tile_release(); }\n"
AVX512 = "#include <immintrin.h>\n__m512 f(__m512 a, __m512 b) { return _mm512_add_ps(a, b); }\n"
AVX2 = "#include <immintrin.h>\n__m256 f(__m256 a, __m256 b, __m256 c) { return _mm256_fmadd_ps(a, b, c); }\n"


def compile_library(folder, source: str, *flags: str):
    """A real shared library built by gcc from ``source`` with ``flags`` (e.g. -mamx-tile)."""
    (folder / "f.c").write_text(source)
    lib = folder / "libf.so"
    subprocess.run(["gcc", "-O2", "-shared", "-fPIC", *flags, "-o", lib, folder / "f.c"], check=True)
    return lib


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
