"""Files and folders to articles: the supported files under a path, each read (size-capped, decoded)
and parsed by its format into cleaned ``Article`` values."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from rag.core.errors import RagError
from rag.core.types import Article
from rag.sources import documents, formats, html
from rag.sources.article import decode, make_article, safe_name

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".pdf", ".docx"}
BINARY = {".pdf": documents.parse_pdf, ".docx": documents.parse_docx}
MAX_BYTES = 20_000_000


def find_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Yield supported files under each path (folders recursively, hidden entries skipped), sorted."""
    for p in map(Path, paths):
        if not p.exists():
            raise RagError(f"no such file or folder: {p}")
        if p.is_dir():
            found = (f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
            yield from sorted(f for f in found if not any(x.startswith(".") for x in f.relative_to(p).parts))
        else:
            yield p


def read_articles(path: Path, problems: list[str] | None = None) -> list[Article]:
    """Read one file into articles (JSON files may hold many); RagError says why a file is unusable.

    With a ``problems`` list, bad records of a JSON file are described there and the rest are read.
    """
    if path.suffix.lower() not in SUFFIXES:
        raise RagError(f"unsupported file type {path.suffix or '(none)'} (use {', '.join(sorted(SUFFIXES))})")
    suffix = path.suffix.lower()
    if suffix in BINARY:
        records = [BINARY[suffix](_read_bytes(path))]
    elif suffix in (".json", ".jsonl"):
        records = formats.parse_json(_read_text(path), jsonl=suffix == ".jsonl", problems=problems)
    elif suffix in (".html", ".htm"):
        records = [html.parse_html(_read_text(path))]
    elif suffix in (".md", ".markdown"):
        records = [formats.parse_markdown(_read_text(path))]
    else:
        records = [formats.parse_text(_read_text(path))]
    origin = safe_name(path.resolve())
    if not records:
        raise RagError("no records with text")
    articles, keys = [], Counter()
    for i, rec in enumerate(records):
        key = rec.get("url") or rec.get("title") or str(i + 1)
        keys[key] += 1
        key = key if keys[key] == 1 else f"{key}#{keys[key]}"  # records sharing a title stay distinct
        origin_key = f"{origin}::{key}" if suffix in (".json", ".jsonl") else origin
        try:
            articles.append(make_article(rec, default_title=_title_from_name(path), origin=origin_key))
        except RagError as e:
            if problems is None or len(records) == 1:
                raise
            problems.append(f"record {i + 1}: {e}")
    return articles


def _read_text(path: Path) -> str:
    return decode(_read_bytes(path))


def _read_bytes(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise RagError(
                f"too large ({path.stat().st_size // 1_000_000} MB; limit {MAX_BYTES // 1_000_000} MB)"
            )
        data = path.read_bytes()
    except OSError as e:
        raise RagError(f"unreadable: {e.strerror or e}") from None
    if not data.strip():
        raise RagError("empty file")
    return data


def _title_from_name(path: Path) -> str:
    name = Path(safe_name(path.name))
    stem = re.sub(r"[-_]+", " ", name.stem).strip()
    return stem[:1].upper() + stem[1:] if stem else name.name
