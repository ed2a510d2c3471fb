"""News scoring by kind (eval/news.py): each kind's score on hand-made answers."""

from datetime import date

from eval import news
from eval.datasets import Case
from rag.core.types import Answer, Citation


def _cite(n: int, quote: str, source: str) -> Citation:
    return Citation(
        n=n, chunk_id=f"a{n}#0", article_id=f"a{n}", title="t", text=quote, quote=quote, source=source
    )


def test_a_when_answer_needs_the_absolute_date():
    day = date(2025, 12, 2)
    assert news.gives_date("It closed on Tuesday (2 Dec 2025) [1].", day)
    assert news.gives_date("It closed on December 2 [1].", day) and news.gives_date("on 2025-12-02", day)
    assert not news.gives_date("It closed on Tuesday [1].", day)
    assert not news.gives_date("It closed on 12 Dec 2025 [1].", day)


def test_both_sides_need_each_value_with_its_outlet():
    sides = [
        {"value": "12,000", "source": "Harbour Gazette"},
        {"value": "8,000", "source": "Northfield Post"},
    ]
    cites = [
        _cite(1, "About 12,000 marched.", "Harbour Gazette"),
        _cite(2, "Police said 8,000.", "Northfield Post"),
    ]
    both = Answer("About 12,000 marched [1]; police said 8,000 [2].", cites)
    one = Answer("About 12,000 marched [1].", cites[:1])
    assert news.both_sides(both, sides) and not news.both_sides(one, sides)
    case = Case("c", "How many marched?", ["12,000", "8,000"], kind="factoid", sides=sides)
    assert news.score(case, both)["score"] == 1.0 and news.score(case, one)["score"] == 0.0


def test_a_current_value_scores_the_newest_and_counts_a_stale_only_answer():
    case = Case(
        "c", "How many ships wait now?", ["27 ships"], kind="current", superseded=["38 ships", "23 ships"]
    )
    assert news.score(case, Answer("27 ships wait [1]."))["score"] == 1.0
    stale = news.score(case, Answer("38 ships wait [1]."))
    assert stale["score"] == 0.0 and stale["stale_only"] is True
    both = news.score(case, Answer("27 ships wait, down from 38 ships [1]."))
    assert both["score"] == 1.0 and both["stale_only"] is False


def test_story_answers_score_key_facts_and_unanswerables_score_refusal():
    case = Case(
        "s",
        "What's the latest?",
        [],
        support="x",
        kind="story",
        key_facts=[["27 ships"], ["11%"], ["blockade"]],
    )
    scored = news.score(case, Answer("As of 5 Dec, 27 ships waited [1]. The quota cut is 11% [2]."))
    assert scored["score"] == 2 / 3 and scored["as_of"] is True
    refused = Answer("The articles don't say.", abstained=True)
    assert news.score(Case("u", "HP-12 price?", [], answerable=False), refused)["score"] == 1.0
    assert news.score(Case("u", "HP-12 price?", [], answerable=False), Answer("£4,950 [1]."))["score"] == 0.0


def test_by_kind_counts_each_kind_and_all():
    records = [
        {"kind": "when", "score": 1.0, "answerable": True, "abstained": False, "absolute_date": True,
         "as_of": False,
         "words": 10, "latency_ms": 5.0},
        {"kind": "unanswerable", "score": 0.0, "answerable": False, "abstained": False, "as_of": False,
         "words": 8, "latency_ms": 7.0},
    ]  # fmt: skip
    table = news.by_kind(records)
    assert table["when"]["absolute_date"] == 1.0 and table["unanswerable"]["refused_unanswerable"] == 0.0
    assert table["all"]["cases"] == 2 and table["all"]["score"] == 0.5
    assert "| when | 1 | 1 |" in news.table(table)
