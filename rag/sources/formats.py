"""Parsers from raw file text to records: dicts with ``text`` and optional title, date, source, url."""

from __future__ import annotations

import json
import re

from rag.core.errors import RagError

_HEADER = re.compile(r"^(title|date|source|url|author)\s*:\s*(.+)$", re.I)


def parse_text(raw: str) -> dict:
    """Plain text; an optional leading block of ``Key: value`` lines (title/date/source/url) is metadata."""
    record: dict = {}
    lines = raw.split("\n")
    i = 0
    while i < len(lines) and (m := _HEADER.match(lines[i].strip())):
        record[m.group(1).lower()] = m.group(2).strip()
        i += 1
    record["text"] = "\n".join(lines[i:]) if record else raw
    return record


def parse_markdown(raw: str) -> dict:
    """Markdown: the first ``# heading`` is the title; links, images and emphasis become plain text."""
    record = parse_text(raw)
    text = record["text"]
    m = re.search(r"^#\s+(.+?)\s*#*\s*$", text, re.M)
    if m and "title" not in record:
        record["title"] = m.group(1)
        text = text[: m.start()] + text[m.end() :]
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^#{1,6}\s+", "", text, flags=re.M)
    text = re.sub(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))", "", text)
    record["text"] = text
    return record


def parse_json(raw: str, jsonl: bool, problems: list[str] | None = None) -> list[dict]:
    """JSON (a record, a list, or {"articles": [...]}) or JSON Lines; each record needs ``text``.

    A bad record raises RagError, or, when a ``problems`` list is given, is described there and skipped.
    """
    data = _load_lines(raw, problems) if jsonl else _load(raw, 0)
    if isinstance(data, dict):
        data = data.get("articles", [data])
    records = []
    for i, item in enumerate(data if isinstance(data, list) else [data]):
        text = item.get("text") or item.get("content") or item.get("body") if isinstance(item, dict) else None
        if not isinstance(text, str) or not text.strip():
            what = "has no 'text'" if isinstance(item, dict) else "is not an object"
            problem = f"record {i + 1} {what}"
            if problems is None:
                raise RagError(problem)
            problems.append(problem)
            continue
        fields = {k: str(item[k]) for k in ("title", "date", "source", "url") if item.get(k)}
        records.append({**fields, "text": text})
    return records


def _load(raw: str, line_offset: int):
    try:
        return json.loads(raw)
    except json.JSONDecodeError as e:
        raise RagError(f"invalid JSON at line {e.lineno + line_offset}: {e.msg}") from None
    except RecursionError:  # '[' * 5000: Python's parser recurses per level
        raise RagError("too deeply nested JSON") from None


def _load_lines(raw: str, problems: list[str] | None) -> list:
    """Each non-blank line's value; with ``problems``, a bad line is described there and skipped
    (a file with no good line still fails)."""
    values, bad = [], []
    for i, line in enumerate(raw.splitlines()):
        if line.strip():
            try:
                values.append(_load(line, i))
            except RagError as e:
                if problems is None:
                    raise
                bad.append(str(e))
    if bad and not values:
        raise RagError(bad[0] if len(bad) == 1 else f"{bad[0]} (and {len(bad) - 1} more bad lines)")
    if problems is not None:
        problems.extend(bad)
    return values
