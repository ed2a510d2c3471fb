"""``rag eval --feedback``: the answers users marked thumbs-down, as a JSONL dataset to review, so
real misses become eval cases. Each line: the question, the answer given, its cited passages (title,
source, date, url, passage, cited sentence), and an empty ``answers`` list for the reviewer to fill
(a case with no answers is scored as one the articles don't answer)."""

from __future__ import annotations

import json
from pathlib import Path

from rag.chats.conversations import Conversations
from rag.core.errors import RagError

NOTE = "thumbs-down: review, then fill answers"


def write(home: Path, out: Path) -> int:
    """Write the thumbs-down turns of ``home``'s conversations to ``out``; returns how many. RagError
    (one line) for a home that does not exist or an ``out`` that can't be written as a file."""
    if not Path(home).is_dir():
        raise RagError(f"no such home folder: {home} (give --home the folder rag chat or the chat used)")
    if out.is_dir():
        raise RagError(f"--feedback wants a file, not a folder: {out} (e.g. {out / 'feedback.jsonl'})")
    rows = Conversations(home).thumbs_down()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _write(out, rows)
    except OSError as e:
        raise RagError(f"cannot write {out}: {e.strerror or e}") from None
    return len(rows)


def _write(out: Path, rows) -> None:
    with out.open("w", encoding="utf-8") as f:
        for question, answer in rows:
            passages = [
                {"title": c.title, "source": c.source, "date": c.date, "url": c.url, "passage": c.text,
                 "cited": c.quote}
                for c in answer.citations
            ]  # fmt: skip
            case = {"question": question, "answer_given": answer.text, "model": answer.model,
                    "passages": passages, "answers": [], "note": NOTE}  # fmt: skip
            f.write(json.dumps(case, ensure_ascii=False) + "\n")
