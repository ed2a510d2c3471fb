"""Build the generated verifier dev set: balanced corruption types and paraphrase kinds per split."""

from __future__ import annotations

import json
import random
from pathlib import Path

from eval.verifier.corrupt import CORRUPTIONS
from eval.verifier.names import article_names
from eval.verifier.paraphrase import PARAPHRASES
from eval.verifier.sources import Source, load

SEED = 15
PER_TYPE = 13  # corrupted pairs per corruption type per split; faithful pairs match the corrupted total
OUT = Path(__file__).resolve().parents[1] / "datasets" / "verifier-generated.jsonl"


def _candidates(sources: dict[str, list[Source]], table: dict, label: str, seed: int) -> dict:
    """(split, type) -> shuffled list of pairs that the type's function could make."""
    out: dict[tuple[str, str], list[dict]] = {}
    for article, srcs in sources.items():
        pools = article_names([s.sentence for s in srcs])
        for kind, fn in table.items():
            rng = random.Random(f"{seed}:{article}:{kind}")
            for i, src in enumerate(srcs):
                corrupt = label == "corrupted"
                edit = fn(src.sentence, src.passage, pools, rng) if corrupt else fn(src.sentence, pools, rng)
                if edit and edit[0] != src.sentence:
                    pair = {"passage": src.passage, "sentence": edit[0], "label": label, "type": kind,
                            "source": article, "split": src.split, "original": src.sentence,
                            "edit": [edit[1], edit[2]], "_key": (article, i)}  # fmt: skip
                    out.setdefault((src.split, kind), []).append(pair)
    for key, pairs in sorted(out.items()):
        random.Random(f"{seed}:{key}").shuffle(pairs)
    return out


def _pick(cands: dict, kinds: list[str], split: str, quota: dict[str, int]) -> list[dict]:
    """Up to ``quota[kind]`` pairs of each kind, a source sentence used once; scarce kinds choose first."""
    used: set = set()
    chosen: list[dict] = []
    for kind in sorted(kinds, key=lambda k: (len(cands.get((split, k), [])), k)):
        taken = 0
        for pair in cands.get((split, kind), []):
            if taken == quota[kind]:
                break
            if pair["_key"] not in used:
                used.add(pair["_key"])
                chosen.append(pair)
                taken += 1
    return chosen


def generate(seed: int = SEED, per_type: int = PER_TYPE) -> list[dict]:
    """All pairs, ordered by split, label, type and source; ids are stable for a seed."""
    sources = load()
    corrupt_c = _candidates(sources, CORRUPTIONS, "corrupted", seed)
    para_c = _candidates(sources, PARAPHRASES, "faithful", seed)
    pairs: list[dict] = []
    for split in ("tune", "test"):
        bad = _pick(corrupt_c, list(CORRUPTIONS), split, dict.fromkeys(CORRUPTIONS, per_type))
        kinds = list(PARAPHRASES)
        quota = {k: len(bad) // len(kinds) + (i < len(bad) % len(kinds)) for i, k in enumerate(kinds)}
        good = _pick(para_c, kinds, split, quota)
        short = len(bad) - len(good)
        if short > 0:  # a scarce paraphrase kind: fill up with the others, still one pair a sentence
            taken = {id(p) for p in good}
            rest = [p for k in kinds for p in para_c.get((split, k), []) if id(p) not in taken]
            keys = {p["_key"] for p in good}
            for p in rest:
                if short and p["_key"] not in keys:
                    keys.add(p["_key"])
                    good.append(p)
                    short -= 1
        pairs += bad + good
    pairs.sort(key=lambda p: (p["split"] != "tune", p["label"], p["type"], p["source"], p["_key"][1]))
    for n, p in enumerate(pairs):
        del p["_key"]
        p["id"] = f"gen-{n:04d}"
    return [{"id": p.pop("id"), **p} for p in pairs]


def write(pairs: list[dict], path: Path = OUT) -> Path:
    """One JSON object a line, UTF-8, keys in a fixed order."""
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs), encoding="utf-8")
    return path
