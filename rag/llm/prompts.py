"""Prompt templates are files in ``prompts/``; ``render`` fills them and refuses a missing or unused value."""

from __future__ import annotations

import string
from pathlib import Path

from rag.core.errors import RagError


def render(folder: Path, name: str, /, **values: object) -> str:
    """Fill ``{placeholders}`` of ``<folder>/<name>.md``; every placeholder and every value must match."""
    path = folder / f"{name}.md"
    try:
        template = path.read_text(encoding="utf-8")
    except OSError:
        raise RagError(f"prompt template not found: {path}") from None
    wanted = {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}
    if missing := wanted - values.keys():
        raise RagError(f"prompt {name}: no value for {', '.join(sorted(missing))}")
    if unused := values.keys() - wanted:
        raise RagError(f"prompt {name}: unused value {', '.join(sorted(unused))}")
    return template.format(**values).strip()
