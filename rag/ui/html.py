"""HTML for the browser chat. Article text is untrusted: every piece of it is escaped here, once."""

from __future__ import annotations

import hashlib
import re
from html import escape

from rag.core.types import Answer
from rag.ui.passages import source
from rag.verify import flag_spans
from rag.verify.reasons import readable

EMPTY_SOURCES = '<div class="sources-empty">Sources of the latest answer appear here.</div>'
LIST_ROWS = 300  # articles listed in the Articles tab: 50k rows would be a 3 MB page
_MARKER = re.compile(r"\[(\d+)\]")
FIGURES = {"differ": "⚖ Sources differ on this figure", "changed": "↻ This figure changed over time"}


def answer_html(answer: Answer) -> str:
    """The chat message of an answer: cited text, each [n] linked to this answer's own sources (kept
    with it, under the text: a later answer never takes them away) and previewing the cited sentence."""
    key = answer_key(answer)
    if answer.abstained:
        body = f'<p class="refusal">🚫 <strong>{escape(answer.text)}</strong></p>{closest_html(answer)}'
    else:
        body = f"<p>{_sentences_html(answer, key)}</p>"
    if answer.figures in FIGURES:  # a mark that stands out from the note: the reader must weigh both
        body += (
            f'<p class="figures {answer.figures}" role="note"><strong>{FIGURES[answer.figures]}</strong></p>'
        )
    if answer.note:
        body += f'<p class="note">ℹ️ <em>{escape(answer.note)}</em></p>'
    if answer.citations and not answer.abstained:
        n = len(answer.citations)
        body += (
            f'<details class="answer-sources"><summary>Sources of this answer ({n})</summary>'
            f"{sources_html(answer, key)}</details>"
        )
    return body + f'<p class="answered-by"><small>answered by {escape(answer.model)}</small></p>'


def closest_html(answer: Answer) -> str:
    """Under a refusal: the passages nearest the question, marked as not an answer, so the reader can
    judge for themselves."""
    if not answer.closest:
        return ""
    items = "".join(
        f"<li><b>{escape(c.title)}</b> <small>{' · '.join(map(escape, c.details()))}</small>"
        f"<blockquote>{escape(c.quote or c.text[:300])}</blockquote></li>"
        for c in answer.closest
    )
    return (
        f'<div class="closest"><p><strong>Closest passages — not an answer</strong></p><ul>{items}</ul></div>'
    )


def answer_key(answer: Answer) -> str:
    """A short id for an answer's anchors, from its question and text (the same answer, the same id)."""
    return "a" + hashlib.sha1(f"{answer.question}\n{answer.text}".encode()).hexdigest()[:8]


def _sentences_html(answer: Answer, key: str) -> str:
    """The answer text escaped, each flagged sentence occurrence marked where it stands (by position:
    a repeated sentence is flagged each time, never twice), the answer phrase in bold once outside the
    flags, and every [n] linked to its source."""
    text, phrase = answer.text, answer.short
    flags = sorted(answer.flags or flag_spans(text, answer.unsupported))  # answers stored before flags
    out, pos = [], 0
    for a, b in flags:
        plain, phrase = _plain(text[pos:a], phrase)
        out += [plain, _flagged(text[a:b], answer.reasons.get(text[a:b], ""))]
        pos = b
    out.append(_plain(text[pos:], phrase)[0])
    seen: set[int] = set()  # the first [n] of each source is where its card's "back" link returns
    return _MARKER.sub(lambda m: _cite(answer, key, int(m.group(1)), seen), "".join(out))


def _cite(answer: Answer, key: str, n: int, seen: set[int]) -> str:
    """Marker [n] as a link to source n of this answer, its cited sentence previewed on hover and its
    title read out by a screen reader; the first [n] is the anchor the source links back to."""
    anchor = "" if n in seen else f' id="{key}-cite-{n}"'
    seen.add(n)
    cited = next((c for c in answer.citations if c.n == n), None)
    if cited is None:
        return f'<a href="#{key}-source-{n}"{anchor} class="cite">[{n}]</a>'
    preview, name = escape(cited.quote or cited.text[:200]), escape(f"source {n}: {cited.title}")
    return f'<a href="#{key}-source-{n}"{anchor} class="cite" title="{preview}" aria-label="{name}">[{n}]</a>'


def _flagged(sentence: str, reason: str) -> str:
    """A sentence verification rejected: marked as unverified in words (not only by colour or a
    symbol), with why, as the source has it, beside it and on hover."""
    why = readable(reason)
    return (
        f'<span class="unsupported" title="Not verified: {escape(why)}">'
        f'<span class="flag">⚠ Not verified:</span> <em>{escape(sentence)}</em> '
        f'<small class="why">({escape(why)})</small></span>'
    )


def _plain(piece: str, phrase: str | None) -> tuple[str, str | None]:
    """``piece`` of verified text escaped, the answer ``phrase`` in bold if it is there; and the phrase
    still to bold (None once it is: it is bold once)."""
    at = piece.find(phrase) if phrase else -1
    if at < 0:
        return escape(piece), phrase
    end = at + len(phrase)
    return f'{escape(piece[:at])}<strong class="short">{escape(phrase)}</strong>{escape(piece[end:])}', None


def problem_html(problem: str) -> str:
    """One line saying what is wrong and what to do, shown where it happened."""
    return f'<p class="problem" role="alert">⚠ {escape(problem)}</p>' if problem else ""


def streaming_html(text: str) -> str:
    """Partial answer text while it streams in."""
    return f"<p>{escape(text)}▌</p>"


def sources_html(answer: Answer, key: str = "") -> str:
    """The sources of an answer: each citation's title, date, source, passage, supporting sentence
    marked; ``key`` prefixes their ids (``{key}-source-n``), the panel's are ``source-n``."""
    if answer.abstained or not answer.citations:
        return '<div class="sources-empty">No passage supports an answer to this question.</div>'
    return "\n".join(source(c, f"{key}-" if key else "") for c in answer.citations)


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
