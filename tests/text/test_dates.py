"""Relative dates resolved against the article's date (rag/text/dates.py), shown and filtered on."""

from datetime import date

import pytest

import rag
from rag.text import dates
from rag.ui.html import highlight

THURSDAY = date(2025, 12, 4)


@pytest.mark.parametrize(
    ("words", "shown"),
    [("yesterday", "3 Dec 2025"), ("on Monday", "1 Dec 2025"), ("on Thursday", "4 Dec 2025"),
     ("last Thursday", "27 Nov 2025"), ("next Friday", "5 Dec 2025"), ("tomorrow", "5 Dec 2025"),
     ("later this month", "Dec 2025"), ("next month", "Jan 2026"), ("last year", "2024"),
     ("last week", "24 Nov – 30 Nov 2025")],
)  # fmt: skip
def test_expressions_resolve_against_the_article_date(words, shown):
    [(start, end, first, last)] = dates.mentions(f"Talks were held {words}.", THURSDAY)
    assert dates.label(first, last) == shown and f"Talks were held {words}."[start:end].endswith(
        words.split()[-1]
    )


def test_the_sources_panel_shows_the_date_beside_the_words():
    html = highlight("The Kremlin said on Wednesday that <talks> resume next week.", "", "2025-12-04")
    assert 'on Wednesday <span class="when">(3 Dec 2025)</span>' in html
    assert 'next week <span class="when">(8 Dec – 14 Dec 2025)</span>' in html and "&lt;talks&gt;" in html
    assert highlight("Talks on Wednesday.", "", "") == "Talks on Wednesday."  # no date, nothing added


def test_a_date_filter_finds_a_passage_by_the_days_it_speaks_of(tmp_path, embedder):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "vote.txt").write_text(
        "Title: Harbour vote set\nDate: 2025-12-04\n\nThe harbour board will vote on the new ferry fares"
        " next month, its chairman said.\n"
    )
    (folder / "fares.txt").write_text(
        "Title: Ferry fares\nDate: 2025-12-04\n\nThe harbour board kept the ferry fares unchanged, its"
        " chairman said.\n"
    )
    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    assert len(kb.ingest([folder]).added) == 2
    january = {"date_from": "2026-01-01", "date_to": "2026-01-31"}
    titles = {h.title for h in kb.search("harbour board ferry fares vote", k=5, filters=january)}
    assert titles == {"Harbour vote set"}  # dated December, but it speaks of January
    december = {"date_from": "2025-12-01", "date_to": "2025-12-31"}
    assert len(kb.search("harbour board ferry fares", k=5, filters=december)) == 2
