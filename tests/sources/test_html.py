"""Article extraction from news pages (rag/sources/html.py) on the fixtures in tests/fixtures/news:
each is a realistic page with nav, cookie banner, captions, teasers, newsletter box and comments,
with the article's text and the page's furniture written out beside it."""

import json
from pathlib import Path

import pytest

from eval.extraction import FIXTURES, score
from rag.sources.html import parse_html, parse_html_plain
from rag.text.dates import normalize_date

META = json.loads((FIXTURES / "meta.json").read_text(encoding="utf-8"))
PAGES = sorted(FIXTURES.glob("*.html"))


def test_there_are_fixtures():
    assert len(PAGES) >= 10 and {p.stem for p in PAGES} == set(META)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_the_article_is_kept_and_the_furniture_dropped(page: Path):
    record = parse_html(page.read_text(encoding="utf-8"))
    article = page.with_suffix(".article.txt").read_text(encoding="utf-8")
    furniture = page.with_suffix(".boilerplate.txt").read_text(encoding="utf-8")
    kept, dropped = score(f"{record['title']}\n{record['text']}", article, furniture)
    assert kept >= 0.95, f"only {kept:.0%} of the article kept"
    assert dropped >= 0.85, f"only {dropped:.0%} of the furniture dropped"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_title_site_date_and_url_come_from_the_page(page: Path):
    record, meta = parse_html(page.read_text(encoding="utf-8")), META[page.stem]
    assert record["title"] == meta["title"]  # no " | Site Name" suffix
    assert record["source"] == meta["site"] and record["url"] == meta["url"]
    assert normalize_date(record["date"]) == meta["date"]
    if meta["author"]:
        assert record["author"] == meta["author"]


def test_the_reader_before_kept_the_furniture():
    """Why trafilatura replaced the hand-written reader: the same measure, side by side."""
    page = FIXTURES / "01-portsmouth-council-tax-budget.html"
    raw = page.read_text(encoding="utf-8")
    article = page.with_suffix(".article.txt").read_text(encoding="utf-8")
    furniture = page.with_suffix(".boilerplate.txt").read_text(encoding="utf-8")
    before = score(parse_html_plain(raw)["text"], article, furniture)[1]
    now = score(parse_html(raw)["text"], article, furniture)[1]
    assert now > before + 0.3


def test_a_fragment_without_an_article_falls_back_to_the_visible_text():
    record = parse_html("<p>Short note: the ferry runs at noon.</p>")
    assert "the ferry runs at noon" in record["text"]


def test_markup_in_article_text_stays_text():
    raw = (
        "<html><head><title>Scripts</title></head><body><article><h1>Scripts</h1>"
        + "<p>The page said &lt;script&gt;alert(1)&lt;/script&gt; was blocked by the filter today.</p>" * 5
        + "</article></body></html>"
    )
    assert "<script>alert(1)</script>" in parse_html(raw)["text"]  # escaped later, at display
