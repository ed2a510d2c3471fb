"""Which CPU instruction sets a compiled library uses beyond the portable baseline (x86-64-v3: AVX2/FMA/F16C).

The local model's llama.cpp must run on every machine this project lands on: AMD EPYC and Intel Xeon
alike. A build with AMX tile instructions dies with SIGILL in these virtual machines; one with AVX-512
or AVX-VNNI dies on CPUs without them. The disassembly (binutils' objdump) is the ground truth.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

from rag.core.errors import RagError

# Instruction families outside the baseline, as objdump (AT&T syntax) prints them.
BEYOND_BASELINE = {
    "AMX tile": re.compile(
        r"\b(?:ldtilecfg|sttilecfg|tilerelease|tilezero|tileloadd\w*|tilestored|tdp\w+ps|tdpb[su]{2}d|tcmm\w+)\b"
    ),
    "AVX-512": re.compile(r"%zmm\d|%k[0-7]\b|%[xy]mm(?:1[6-9]|2\d|3[01])\b"),
    "AVX-VNNI": re.compile(r"\{vex\}\s*vpdp"),
}  # fmt: skip
ANY = re.compile("|".join(p.pattern for p in BEYOND_BASELINE.values()))


def scan(path: Path) -> Counter:
    """How many instructions of each family in BEYOND_BASELINE the file's code holds (empty: portable)."""
    objdump = shutil.which("objdump")
    if objdump is None:
        raise RagError("objdump not found: install binutils (it comes with gcc) to check the llama.cpp build")
    proc = subprocess.Popen(
        [objdump, "-d", "--no-show-raw-insn", str(path)], stdout=subprocess.PIPE, text=True, errors="replace"
    )
    found: Counter = Counter()
    for line in proc.stdout:
        if ANY.search(line):  # one search per line; the rare hits are then sorted into families
            found.update(family for family, pattern in BEYOND_BASELINE.items() if pattern.search(line))
    if proc.wait() != 0:
        raise RagError(f"objdump could not read {path}")
    return found


def problems(lib_dir: Path) -> list[str]:
    """One line per shared library in ``lib_dir`` that uses instructions beyond the baseline."""
    lines, seen = [], set()
    for lib in sorted(lib_dir.glob("*.so*")):
        digest = hashlib.sha256(lib.read_bytes()).digest()
        if digest in seen:  # wheels carry libfoo.so, .so.0 and .so.0.x.y as copies of one file
            continue
        seen.add(digest)
        found = scan(lib)
        if found:
            what = ", ".join(f"{n} {family}" for family, n in sorted(found.items()))
            lines.append(f"{lib.name}: {what} instructions")
    return lines
