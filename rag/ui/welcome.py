"""The chat's first screen: what is loaded, and example questions drawn from the loaded articles.

Article titles and sources are untrusted text: the summary escapes them; example questions are plain
text that Gradio shows as text.
"""

from __future__ import annotations

from html import escape

from rag.text import dates

PLACEHOLDER = (
    "**Ask a question about the loaded articles.**\n\n"
    "Every sentence of an answer cites the passage it comes from, as [1], and is checked against it; "
    "when the articles don't say, the chat says so and shows the closest passages."
)
NAMED = 3  # articles named in the summary; beyond that, counts and a date range
TEMPLATES = ("What's the latest on {}?", "Give me a rundown of {}.", "What changed in {}?")


def loaded_html(stats: dict) -> str:
    """One line saying what the chat can answer from: the articles (named when few), their sources and
    dates; or how to add some when there are none."""
    listed, n = stats.get("list") or [], int(stats.get("articles") or 0)
    if not n:
        return '<p class="loaded" role="status">No articles yet: add some in the <b>Articles</b> tab.</p>'
    noun = "article" if n == 1 else "articles"
    if n <= NAMED and len(listed) == n:
        named = "; ".join(_named(a) for a in listed)
        return f'<p class="loaded" role="status">Loaded: {n} {noun}: {named}</p>'
    outlets = {a["source"] for a in listed if a.get("source")}
    days = sorted(a["date"] for a in listed if a.get("date"))
    parts = [f"{n:,} {noun}"]
    if outlets:
        parts.append(f"from {len(outlets):,} source{'s' if len(outlets) != 1 else ''}")
    if days:
        parts.append(_span(days[0], days[-1]))
    return f'<p class="loaded" role="status">Loaded: {escape(", ".join(parts))}</p>'


def example_questions(stats: dict, count: int = 3) -> list[str]:
    """``count`` questions about the newest articles (one each while there are enough), each from a
    different kind of question a news reader asks."""
    titles = [
        a["title"].strip().rstrip(".?!:") for a in stats.get("list") or [] if a.get("title", "").strip()
    ]
    titles = [t[:80] for t in dict.fromkeys(titles)]
    if not titles:
        return []
    return [TEMPLATES[i % len(TEMPLATES)].format(titles[i % len(titles)]) for i in range(count)]


def _named(article: dict) -> str:
    """'Title — source, date' with what is known, escaped."""
    details = ", ".join(x for x in (article.get("source"), _day(article.get("date", ""))) if x)
    return f"<b>{escape(article['title'])}</b>" + (f" — {escape(details)}" if details else "")


def _span(first: str, last: str) -> str:
    a, b = _day(first), _day(last)
    return f"dated {a}" if a == b else f"dated {a} to {b}"


def _day(iso: str) -> str:
    """An ISO date as '4 Dec 2025' (what it was if it isn't one)."""
    day = dates.day_of(iso)
    return f"{day.day} {day:%b %Y}" if day else iso
