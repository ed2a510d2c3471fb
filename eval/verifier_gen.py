"""``python -m eval.verifier_gen``: regenerate eval/datasets/verifier-generated.jsonl (fixed seed)."""

from __future__ import annotations

from collections import Counter

from eval.verifier.build import generate, write


def main() -> int:
    pairs = generate()
    path = write(pairs)
    counts = Counter((p["split"], p["label"], p["type"]) for p in pairs)
    for key, n in sorted(counts.items()):
        print(f"{key[0]:5} {key[1]:9} {key[2]:13} {n}")
    print(f"wrote {len(pairs)} pairs to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
