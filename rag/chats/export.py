"""Answers and conversations as Markdown: each question, the answer with its [n] markers, and the
numbered sources under it (title, source, date, URL, the cited sentence). Article text is untrusted:
HTML and Markdown link syntax in it is neutralised, so a Markdown viewer shows it as text."""

from __future__ import annotations

import re

from rag.core.types import FIGURES, Answer
from rag.verify.reasons import readable

# A citation marker [n] stays as it is, unless a colon follows: "[1]: http://..." at the start of a line
# would define where every [1] of the document links to (a CommonMark link reference definition).
_CONTROL = re.compile(r"\[\d+\](?!:)|([\[\]()`*_#|!])")


def answer_markdown(question: str, answer: Answer) -> str:
    """One question and its answer, with the sources it cites."""
    lines = [f"## {_text(question)}", "", _text(answer.text)]
    if answer.figures:
        lines.append(f"\n> **{FIGURES[answer.figures].capitalize()}:** {_text(answer.note)}")
    for sentence, why in answer.reasons.items():
        lines.append(f"\n> ⚠ Not verified ({_text(readable(why))}): {_text(sentence)}")
    if answer.citations:
        lines += ["", "Sources:", ""]
    for c in answer.citations:
        meta = ", ".join(_text(x) for x in (c.source, c.date, f"p. {c.page}" if c.page else "", c.url) if x)
        lines.append(f"{c.n}. **{_text(c.title)}**{f' — {meta}' if meta else ''}")
        if c.quote:
            lines.append(f"   > {_text(c.quote)}")
    return "\n".join(lines) + "\n"


def conversation_markdown(title: str, turns: list[tuple[str, Answer]]) -> str:
    """A whole conversation: a heading, then each turn as ``answer_markdown``."""
    return f"# {_text(title)}\n\n" + "\n".join(answer_markdown(q, a) for q, a in turns)


def _text(text: str) -> str:
    """One line of text that Markdown shows as written: no raw HTML, no link or image syntax."""
    text = " ".join(str(text).split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # citation markers [n] stay as they are; every other Markdown control character is escaped
    return _CONTROL.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(0), text)
