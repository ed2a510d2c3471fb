"""``rag eval --feedback``: the answers users marked thumbs-down, as a JSONL dataset to review, so
real misses become eval cases. Each line: the question, the answer given, its cited passages (title,
source, date, url, passage, cited sentence), and an empty ``answers`` list for the reviewer to fill
(a case with no answers is scored as one the articles don't answer)."""

from __future__ import annotations

import json
from pathlib import Path

from rag.chats.conversations import Conversations

NOTE = "thumbs-down: review, then fill answers"


def write(home: Path, out: Path) -> int:
    """Write the thumbs-down turns of ``home``'s conversations to ``out``; returns how many."""
    rows = Conversations(home).thumbs_down()
    out.parent.mkdir(parents=True, exist_ok=True)
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
    return len(rows)
