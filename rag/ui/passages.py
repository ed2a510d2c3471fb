"""A source as the chat shows it: the cited passage, its supporting sentence marked, relative dates
resolved. Article text is untrusted: every piece of it is escaped here."""

from __future__ import annotations

from html import escape

from rag.core.types import Citation
from rag.text import dates
from rag.text.sentences import split_sentences


def source(c: Citation, prefix: str = "") -> str:
    """One source card: [n], title (linked when it is a web page), date and outlet, the passage with
    the cited sentence marked; inside an answer (``prefix`` set) a link back to where it is cited, at
    the card's top, where a tap on [n] lands."""
    meta = " · ".join(escape(x) for x in c.details())
    title = escape(c.title)
    if c.url.startswith(("http://", "https://")):
        title = f'<a href="{escape(c.url, quote=True)}" target="_blank" rel="noopener noreferrer">{title}</a>'
    return (
        f'<div class="source" id="{prefix}source-{c.n}"><div class="source-head"><b>[{c.n}]</b> {title}'
        f"{f' <small>{meta}</small>' if meta else ''}{_back(c, prefix)}</div>"
        f"<blockquote>{highlight(c.text, c.quote, c.date)}</blockquote>{_also(c)}</div>"
    )


def _back(c: Citation, prefix: str) -> str:
    """Inside an answer: a link back to the citation that led here (a phone scrolls far to a source)."""
    if not prefix:
        return ""
    return f' <a class="back" href="#{prefix}cite-{c.n}">↑ Back to the answer</a>'


def _also(c: Citation) -> str:
    return f'<div class="also">also published by {escape(", ".join(c.also))}</div>' if c.also else ""


def highlight(passage: str, quote: str, day: str = "") -> str:
    """The escaped passage with each sentence of ``quote`` found in it wrapped in <mark>, and each
    relative date resolved against the article's date ``day`` (ISO) beside it: "on Thursday (4 Dec
    2025)"."""
    spans = []
    for a, b in split_sentences(quote):
        at = passage.find(quote[a:b])
        if at >= 0:
            spans.append((at, at + (b - a)))
    found = dates.mentions(passage, dates.day_of(day))
    notes = [(end, dates.label(first, last)) for _, end, first, last in found]
    out, pos = [], 0
    for a, b in sorted(spans):
        if a < pos:
            continue
        out += [_noted(passage, pos, a, notes), f"<mark>{_noted(passage, a, b, notes)}</mark>"]
        pos = b
    out.append(_noted(passage, pos, len(passage), notes))
    return "".join(out)


def _noted(text: str, a: int, b: int, notes: list[tuple[int, str]]) -> str:
    """text[a:b] escaped, with the date notes whose expression ends inside it."""
    out, pos = [], a
    for end, note in notes:
        if a < end <= b:
            out += [escape(text[pos:end]), f' <span class="when">({escape(note)})</span>']
            pos = end
    return "".join(out) + escape(text[pos:b])
