"""Relative dates resolved against the article's date (rag/text/dates.py), shown and filtered on."""

from datetime import date

import pytest

import rag
from rag.text import dates
from rag.text.monthdays import DAY_OF_MONTH
from rag.ui.passages import highlight

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


@pytest.mark.parametrize(
    ("words", "shown"),
    [("next Thursday", "11 Dec 2025"), ("coming Thursday", "11 Dec 2025"), ("on Thursday", "4 Dec 2025"),
     ("Thursday", "4 Dec 2025"), ("this Thursday", "4 Dec 2025"), ("last Thursday", "27 Nov 2025"),
     ("previous Thursday", "27 Nov 2025")],
)  # fmt: skip
def test_the_article_weekday_itself(words, shown):
    """In a Thursday article "next Thursday" is a week on; a bare or "on" Thursday is that very day."""
    [(_, _, first, last)] = dates.mentions(f"Talks were held {words}.", THURSDAY)
    assert (dates.label(first, last), first == last) == (shown, True)


def test_the_span_covers_every_relative_date_in_the_passage():
    both = (date(2025, 12, 1), date(2025, 12, 14))  # Monday 1 Dec .. Sunday of next week, 14 Dec
    assert dates.span("Talks began on Monday and resume next week.", THURSDAY) == both
    assert dates.span("Talks resume next week after a first round on Monday.", THURSDAY) == both
    assert dates.span("Talks end tomorrow.", THURSDAY) == (date(2025, 12, 5), date(2025, 12, 5))
    assert dates.span("Talks ended.", THURSDAY) is None


@pytest.mark.parametrize("words", ["last year", "previous year", "the previous year"])
def test_last_and_previous_year_are_the_year_before_the_article(words):
    [(_, _, first, last)] = dates.mentions(f"Prices rose {words}.", THURSDAY)
    assert (first, last) == (date(2024, 1, 1), date(2024, 12, 31))
    assert dates.expressions(f"Prices rose {words}.") == {"last year": words.removeprefix("the ")}


def test_coming_and_previous_weeks_and_months():
    assert dates.span("Talks resume in the coming week.", THURSDAY) == (date(2025, 12, 8), date(2025, 12, 14))
    assert dates.span("Talks stalled the previous month.", THURSDAY) == (
        date(2025, 11, 1),
        date(2025, 11, 30),
    )


@pytest.mark.parametrize(
    ("sentence", "shown"),
    [("Nurses will march on Saturday, the union said.", "Nurses will march on Saturday (6 Dec 2025)"),
     ("Power should be back by Monday evening.", "by Monday (8 Dec 2025) evening"),
     ("A shuttle bus runs from Monday.", "from Monday (8 Dec 2025)"),
     ("The vote is expected on Friday.", "on Friday (5 Dec 2025)"),
     ("The union said on Wednesday that nurses will march.", "said on Wednesday (3 Dec 2025)"),
     ("Nurses will march, the union said on Monday.", "said on Monday (1 Dec 2025)"),
     ("They agreed late last night to end it.", "late last night (3 Dec 2025)"),
     ("The storm should clear by Thursday evening.", "by Thursday (4 Dec 2025) evening"),  # that same day
     ("The vote is next Thursday.", "next Thursday (11 Dec 2025)"),
     ("Forecasters warned of more gales on Saturday.", "on Saturday (6 Dec 2025)"),
     ("She said the union would strike on Monday.", "on Monday (8 Dec 2025)")],
)  # fmt: skip
def test_a_weekday_to_come_is_the_next_one_and_a_reported_one_the_last(sentence, shown):
    """Issue 25: 'will march on Saturday' in a Thursday article is the coming Saturday, not the last."""
    text, found = dates.annotate(sentence, THURSDAY)
    assert shown in text and found


def test_annotate_labels_each_expression_once_and_unlabel_undoes_it():
    text, found = dates.annotate("It shut yesterday and reopens next week.", THURSDAY)
    assert text == "It shut yesterday (3 Dec 2025) and reopens next week (8 Dec – 14 Dec 2025)."
    assert found == {"yesterday": "2025-12-03", "next week": "2025-12-08/2025-12-14"}
    assert dates.annotate(text, THURSDAY) == (text, {})  # already labelled
    assert dates.unlabel(text) == "It shut yesterday and reopens next week."


def test_a_day_of_a_month_by_name_or_abbreviation():
    found = [m.group() for m in DAY_OF_MONTH.finditer(
        "Until 29 December, the 3rd of March and Dec 3, not 40 Marchers, 12 Octopuses or 3 Mondays."
    )]  # fmt: skip
    assert found == ["29 December", "3rd of March", "Dec 3"]
