"""Ingest stage: files and folders to cleaned ``Article`` values (reading, format dispatch, cleaning)."""

from __future__ import annotations

import calendar
import codecs
import hashlib
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

import charset_normalizer
from dateutil import parser as dateparser

from rag.errors import RagError
from rag.sources import documents, html
from rag.sources import files as formats
from rag.types import Article

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".pdf", ".docx"}
BINARY = {".pdf": documents.parse_pdf, ".docx": documents.parse_docx}
MAX_BYTES = 20_000_000
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Web-page leftovers: "READ MORE" lines, "[ Headline Opens in new window ]" teasers, share/ad lines.
BOILERPLATE = re.compile(
    r"^\s*(read more|advertisement|share this article|sign up to .*newsletter.*|"
    r"\[[^\]\n]*opens in new window\s*\])\s*$",
    re.I | re.M,
)
_CREDIT = re.compile(r"\s[–—-]\s*([A-Z][\w.&' ]*(?:, [A-Z][\w.&' ]*)*(?: and [A-Z][\w.&' ]*)?)\s*$")


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


def make_article(record: dict, default_title: str, origin: str) -> Article:
    """Clean a record's text and build an Article whose id hashes title and cleaned text."""
    text, credit = clean(record.get("text", ""))  # an HTML page may have no visible text at all
    if not any(ch.isalnum() for ch in text):
        raise RagError("empty: no words left after cleaning")
    title = " ".join((record.get("title") or default_title).split())
    digest = hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()[:16]
    pages = _pages_after_cleaning(record.get("text", ""), text, record.get("pages") or [])
    return Article(
        id=digest,
        title=title,
        text=text,
        source=record.get("source") or credit,
        date=normalize_date(record.get("date", "")),
        url=record.get("url", ""),
        origin=origin,
        pages=pages,
        author=" ".join(str(record.get("author") or "").split())[:200],
    )


def _pages_after_cleaning(raw: str, text: str, starts: list[int]) -> tuple[int, ...]:
    """Where each page of ``raw`` (starting at ``starts``) starts in the cleaned ``text``: found by
    its first words, searching on from the page before."""
    found, at = [], 0
    for start in starts:
        head = " ".join(raw[start : start + 200].split()[:6])
        where = text.find(head, at) if head else -1
        found.append(where if where >= 0 else at)
        at = found[-1]
    return tuple(found)


def clean(text: str) -> tuple[str, str]:
    """Strip boilerplate and excess blank lines; return (text, trailing credit such as 'Reuters and AP')."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = BOILERPLATE.sub("", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    m = _CREDIT.search(text[-80:])
    credit = m.group(1).strip() if m and len(m.group(1)) < 60 else ""
    return text, credit


def normalize_date(raw: str) -> str:
    """ISO date (YYYY-MM-DD) from any common date string; '' when absent or unparseable.

    A partial date means its first day: '2024' is 2024-01-01, 'March 2024' is 2024-03-01.
    """
    return date_bounds(raw)[0]


def date_bounds(raw: str) -> tuple[str, str]:
    """First and last ISO day a date string covers ('2024' -> 2024-01-01, 2024-12-31); '' if none."""
    if not raw.strip():
        return "", ""
    try:  # parse with two defaults: fields that come out different were not in the string
        lo = dateparser.parse(raw, fuzzy=True, default=datetime(2000, 1, 1))
        hi = dateparser.parse(raw, fuzzy=True, default=datetime(2001, 12, 28))
    except (ValueError, OverflowError):
        return "", ""
    if lo.year != hi.year:
        return "", ""  # no year given: too vague to file or filter by
    month = lo.month if lo.month == hi.month else 12
    day = lo.day if lo.day == hi.day else calendar.monthrange(lo.year, month)[1]
    first = lo.replace(month=lo.month if lo.month == hi.month else 1, day=lo.day if lo.day == hi.day else 1)
    return first.date().isoformat(), date(lo.year, month, day).isoformat()


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


def decode(data: bytes) -> str:
    """Text of a file's bytes: UTF-8 (the fast path), else the encoding charset-normalizer detects
    (cp1252, Latin-1, UTF-16/32 with a BOM, ...); RagError when the bytes are not text."""
    if b"\x00" not in data[:8192]:  # UTF-16/32 text always has NULs; UTF-8 text never does
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    elif data.startswith(_WIDE_BOMS):  # a BOM declares the encoding: decode by it, no guessing
        wide = "utf-32" if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) else "utf-16"
        try:
            return data.decode(wide).lstrip("\ufeff")
        except UnicodeDecodeError:
            raise RagError("binary file, not text") from None
    else:
        # Without a BOM, NULs mean binary: charset-normalizer reads b"\x00\x01binary" as UTF-16 CJK.
        raise RagError("binary file, not text")
    best = charset_normalizer.from_bytes(data).best()
    text = str(best).lstrip("\ufeff") if best is not None else ""
    controls = sum(1 for ch in text[:8192] if ch < " " and ch not in "\t\n\r\f\v")
    if not text.strip() or controls > len(text[:8192]) // 100:
        raise RagError("binary file, not text")
    return text


def safe_name(path: Path | str) -> str:
    """A file path as storable, printable text: undecodable bytes of the name (a Latin-1 'caf\\xe9.txt'
    on a UTF-8 system) become a visible '\\xe9', so distinct names stay distinct."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _title_from_name(path: Path) -> str:
    name = Path(safe_name(path.name))
    stem = re.sub(r"[-_]+", " ", name.stem).strip()
    return stem[:1].upper() + stem[1:] if stem else name.name
