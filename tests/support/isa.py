"""Real shared libraries compiled by gcc with chosen instruction sets, for the llama.cpp build checks."""

import subprocess

AMX = "#include <immintrin.h>\nvoid f(void) { _tile_zero(4); _tile_release(); }\n"
AVX512 = "#include <immintrin.h>\n__m512 f(__m512 a, __m512 b) { return _mm512_add_ps(a, b); }\n"
AVX2 = "#include <immintrin.h>\n__m256 f(__m256 a, __m256 b, __m256 c) { return _mm256_fmadd_ps(a, b, c); }\n"


def compile_library(folder, source: str, *flags: str):
    """A real shared library built by gcc from ``source`` with ``flags`` (e.g. -mamx-tile)."""
    (folder / "f.c").write_text(source)
    lib = folder / "libf.so"
    subprocess.run(["gcc", "-O2", "-shared", "-fPIC", *flags, "-o", lib, folder / "f.c"], check=True)
    return lib
