"""HTML for the browser chat. Article text is untrusted: every piece of it is escaped here, once."""

from __future__ import annotations

import re
from html import escape

from rag.core.types import Answer, Citation
from rag.text import dates
from rag.text.sentences import split_sentences

EMPTY_SOURCES = '<div class="sources-empty">Sources of the latest answer appear here.</div>'
LIST_ROWS = 300  # articles listed in the Articles tab: 50k rows would be a 3 MB page
_MARKER = re.compile(r"\[(\d+)\]")
FIGURES = {"differ": "⚖ Sources differ on this figure", "changed": "↻ This figure changed over time"}


def answer_html(answer: Answer) -> str:
    """The chat message of an answer: cited text with [n] linked to the sources panel."""
    if answer.abstained:
        body = f'<p class="refusal">🚫 <strong>{escape(answer.text)}</strong></p>'
    else:
        body = f"<p>{_sentences_html(answer)}</p>"
    if answer.figures in FIGURES:  # a mark that stands out from the note: the reader must weigh both
        body += (
            f'<p class="figures {answer.figures}" role="note"><strong>{FIGURES[answer.figures]}</strong></p>'
        )
    if answer.note:
        body += f'<p class="note">ℹ️ <em>{escape(answer.note)}</em></p>'
    return body + f'<p class="answered-by"><small>answered by {escape(answer.model)}</small></p>'


def _sentences_html(answer: Answer) -> str:
    text = _bold_short(escape(answer.text), answer)
    for sentence in answer.unsupported:  # flagged, never shown as plain fact, with why on hover and below
        why = answer.reasons.get(sentence, "")
        note = f"not supported by its source: {why}" if why else "not supported by its source"
        flagged = (
            f'<span class="unsupported" title="{escape(note)}">⚠️ <em>{escape(sentence)}</em> '
            f'<small class="why">({escape(note)})</small></span>'
        )
        text = text.replace(escape(sentence), flagged, 1)
    return _MARKER.sub(lambda m: f'<a href="#source-{m.group(1)}" class="cite">[{m.group(1)}]</a>', text)


def _bold_short(text: str, answer: Answer) -> str:
    """``text`` (escaped) with the answer phrase in bold once, where it stands outside every flagged
    sentence: the phrase comes from verified sentences, and a flag's reason must stay plain text."""
    if not answer.short:
        return text
    phrase = escape(answer.short)
    flagged = [(i, i + len(s)) for s in map(escape, answer.unsupported) if (i := text.find(s)) >= 0]
    for m in re.finditer(re.escape(phrase), text):
        if not any(a < m.end() and m.start() < b for a, b in flagged):
            return f'{text[: m.start()]}<strong class="short">{phrase}</strong>{text[m.end() :]}'
    return text


def streaming_html(text: str) -> str:
    """Partial answer text while it streams in."""
    return f"<p>{escape(text)}▌</p>"


def sources_html(answer: Answer) -> str:
    """The sources panel: each citation's title, date, source, passage, supporting sentence marked."""
    if answer.abstained or not answer.citations:
        return '<div class="sources-empty">No passage supports an answer to this question.</div>'
    return "\n".join(_source(c) for c in answer.citations)


def _source(c: Citation) -> str:
    meta = " · ".join(escape(x) for x in c.details())
    title = escape(c.title)
    if c.url.startswith(("http://", "https://")):
        title = f'<a href="{escape(c.url, quote=True)}" target="_blank" rel="noopener noreferrer">{title}</a>'
    return (
        f'<div class="source" id="source-{c.n}"><div class="source-head"><b>[{c.n}]</b> {title}'
        f"{f' <small>{meta}</small>' if meta else ''}</div>"
        f"<blockquote>{highlight(c.text, c.quote, c.date)}</blockquote>{_also(c)}</div>"
    )


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


def stats_html(stats: dict, rows: int = LIST_ROWS) -> str:
    """Counts and a table of the first ``rows`` articles (title, date, source) of ``stats["list"]``."""
    shown = stats["list"][:rows]
    cells = ([a["title"], a["date"] or "–", a["source"] or "–"] for a in shown)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in cells)
    n, chunks = stats["articles"], stats["chunks"]
    more = f" (the {len(shown):,} newest below; <code>rag stats</code> lists all)" if len(shown) < n else ""
    return (
        f'<p class="stats"><b>{n:,}</b> articles, <b>{chunks:,}</b> passages{more}</p>'
        f"<table><thead><tr><th>Title</th><th>Date</th><th>Source</th></tr></thead><tbody>{body}</tbody></table>"
    )


def feeds_html(feeds: dict[str, dict]) -> str:
    """The followed feeds: URL, last poll, articles its last poll added, and its error if it failed."""
    if not feeds:
        return '<p class="feeds">No feeds followed (<code>rag feed add URL</code>).</p>'
    rows = "".join(
        f"<tr><td>{escape(url)}</td><td>{escape(s.get('last_poll') or 'never')}</td>"
        f"<td>{int(s.get('added') or 0)}</td><td>{escape(s.get('error') or '–')}</td></tr>"
        for url, s in feeds.items()
    )
    head = "<tr><th>Feed</th><th>Last poll</th><th>New</th><th>Error</th></tr>"
    return f'<table class="feeds"><thead>{head}</thead><tbody>{rows}</tbody></table>'
