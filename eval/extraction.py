"""How well HTML readers keep a news page's article and drop its furniture.

Each fixture ``NN-slug.html`` comes with ``NN-slug.article.txt`` (the article: headline and body, a
line each) and ``NN-slug.boilerplate.txt`` (every other visible text block: nav, cookie banner,
captions, newsletter box, teasers, comments, footer). For each reader: the share of article words
kept and the share of boilerplate words dropped (word multisets, lower case), per page and overall.

    python -m eval.extraction [FOLDER]      (default tests/fixtures/news)
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from rag.sources.html import parse_html, parse_html_plain

READERS = {"hand-written (before)": parse_html_plain, "trafilatura (now)": parse_html}
FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "news"


def words(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.lower()))


def score(extracted: str, article: str, boilerplate: str) -> tuple[float, float]:
    """(share of article words kept, share of boilerplate words dropped): word counts, so a word the
    article and the furniture share is counted once for each."""
    got, want = words(extracted), words(article)
    kept = sum((got & want).values()) / max(1, sum(want.values()))
    leftover = got - want  # what the extract holds beyond the article
    junk = words(boilerplate)
    dropped = 1 - sum((leftover & junk).values()) / max(1, sum(junk.values()))
    return kept, dropped


def table(folder: Path = FIXTURES) -> list[tuple[str, str, float, float]]:
    """(page, reader, kept, dropped) for every fixture and reader."""
    rows = []
    for page in sorted(folder.glob("*.html")):
        article = page.with_suffix(".article.txt").read_text(encoding="utf-8")
        boilerplate = page.with_suffix(".boilerplate.txt").read_text(encoding="utf-8")
        raw = page.read_text(encoding="utf-8")
        for name, read in READERS.items():
            record = read(raw)
            extracted = f"{record.get('title', '')}\n{record.get('text', '')}"  # the headline is the title
            rows.append((page.stem, name, *score(extracted, article, boilerplate)))
    return rows


def main(argv: list[str] | None = None) -> int:
    folder = Path((argv or sys.argv[1:] or [str(FIXTURES)])[0])
    rows = table(folder)
    print(f"{'page':42} {'reader':24} {'article kept':>12} {'furniture dropped':>18}")
    for page, name, kept, dropped in rows:
        print(f"{page:42} {name:24} {kept:12.3f} {dropped:18.3f}")
    for name in READERS:
        mine = [r for r in rows if r[1] == name]
        kept = sum(r[2] for r in mine) / len(mine)
        dropped = sum(r[3] for r in mine) / len(mine)
        print(f"{'MEAN':42} {name:24} {kept:12.3f} {dropped:18.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
