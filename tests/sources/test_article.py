"""Article titles (rag/sources/article.py): a headline line opening an article without a title is its
title, not a sentence of its text, so no answer or quote glues it onto the first sentence (issue 26)."""

import pytest

from rag.sources.disk import read_articles

HEADLINE = "UN assembly backs return of Ukrainian children"
BODY = (
    "The UN general assembly on Wednesday called for the immediate and unconditional return of Ukrainian "
    "children forcibly transferred to Russia. The resolution passed with 91 votes in favour.\n\n"
    "Russia rejected the vote as political theatre. Kyiv says nearly 20,000 children have been taken.\n"
)
GRAIN = (
    "Ukraine's grain exports rose 12% in November despite Russian drone attacks on Odesa's ports. "
    "Shipments reached 4.1 million tonnes, the agriculture ministry said on Monday.\n"
)


def test_an_answer_never_starts_with_the_headline_glued_to_the_first_sentence(kb, tmp_path):
    (tmp_path / "un-vote.txt").write_text(f"{HEADLINE}\n{BODY}", encoding="utf-8")
    (tmp_path / "grain-ports.txt").write_text(GRAIN, encoding="utf-8")  # no headline: named by its file
    kb.ingest([tmp_path / "un-vote.txt", tmp_path / "grain-ports.txt"])

    answer = kb.ask("What's the latest on the return of Ukrainian children?")
    assert answer.text.startswith("The UN general assembly on Wednesday called for"), answer.text
    assert answer.citations and {c.title for c in answer.citations} == {HEADLINE}
    for said in [answer.text, *(c.quote for c in answer.citations), *(c.text for c in answer.citations)]:
        assert "children The UN" not in said and HEADLINE not in said, said

    grain = kb.ask("How much grain did Ukraine export in November?")
    assert grain.citations and {c.title for c in grain.citations} == {"Grain ports"}
    assert grain.text.startswith("Ukraine's grain exports rose 12% in November"), grain.text
    assert "Grain ports" not in grain.text + grain.citations[0].quote


def test_a_headline_repeated_under_a_title_header_is_dropped_from_the_text(tmp_path):
    path = tmp_path / "pasted.txt"
    path.write_text(f"Title: {HEADLINE}\nSource: Reuters\n\n{HEADLINE}\n{BODY}", encoding="utf-8")
    [article] = read_articles(path)
    assert article.title == HEADLINE and article.text == BODY.strip()


@pytest.mark.parametrize(
    "first",
    [
        "The assembly met.",  # a sentence, however short
        "By Jane Smith",  # a byline
        "Thursday 4 December 2025",  # a dateline
        "Mr Trump, meanwhile, said the path ahead for Ukraine peace talks was unclear after what he called "
        "reasonably good talks",  # a long line missing its full stop is a sentence, not a headline
    ],
)
def test_a_first_line_that_is_no_headline_stays_in_the_text(tmp_path, first):
    path = tmp_path / "un-vote.txt"
    path.write_text(f"{first}\n{BODY}", encoding="utf-8")
    [article] = read_articles(path)
    assert article.title == "Un vote" and article.text.startswith(first)


def test_another_title_leaves_a_headline_line_in_the_text(tmp_path):
    """A first line that differs from the given title is the article's to keep (a kicker, a standfirst)."""
    path = tmp_path / "un-vote.txt"
    path.write_text(f"Title: Children return vote\n\n{HEADLINE}\n{BODY}", encoding="utf-8")
    [article] = read_articles(path)
    assert article.title == "Children return vote" and article.text.startswith(HEADLINE)
