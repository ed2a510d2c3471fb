"""Source sentences for the verifier dev set: the sample article and SQuAD dev-8, split by article."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from rag.text.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpus" / "ukraine-peace-talks.txt"
SQUAD_PATHS = (ROOT.parent / "shared" / "benchmarks" / "squad2-dev-8.json",
               Path("/work/shared/benchmarks/squad2-dev-8.json"))  # fmt: skip
# Split by article, never within one: these tune, every other article is test.
TUNE = frozenset({"sample", "squad:Normans", "squad:Computational_complexity_theory",
                  "squad:Harvard_University", "squad:Islamism"})  # fmt: skip


@dataclass(frozen=True)
class Source:
    """A sentence, the short passage containing it (its paragraph's previous sentence + it), its article."""

    sentence: str
    passage: str
    article: str

    @property
    def split(self) -> str:
        return "tune" if self.article in TUNE else "test"


def _usable(sentence: str) -> bool:
    n = len(sentence.split())
    return 8 <= n <= 45 and sentence[-1:] in ".!?" and "[" not in sentence and "\n" not in sentence


def paragraph_sources(paragraph: str, article: str) -> list[Source]:
    """Usable sentences of one paragraph, each with its passage."""
    sents = [paragraph[a:b] for a, b in split_sentences(paragraph)]
    out = []
    for i, s in enumerate(sents):
        if _usable(s):
            out.append(Source(s, f"{sents[i - 1]} {s}" if i else s, article))
    return out


def squad_path() -> Path:
    for p in SQUAD_PATHS:
        if p.exists():
            return p
    raise FileNotFoundError("squad2-dev-8.json not found in ../shared/benchmarks or /work/shared/benchmarks")


def load() -> dict[str, list[Source]]:
    """Sources by article, in file order: "sample" first, then "squad:<title>"."""
    by_article = {"sample": []}
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        by_article["sample"] += paragraph_sources(line.strip(), "sample")
    for art in json.loads(squad_path().read_text(encoding="utf-8"))["data"]:
        key = f"squad:{art['title']}"
        by_article[key] = [s for p in art["paragraphs"] for s in paragraph_sources(p["context"], key)]
    return by_article
