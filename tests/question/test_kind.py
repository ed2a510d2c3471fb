"""The kind of a question (rag/question/kind.py), and its accuracy on a blind labelled set."""

import json

import pytest

from rag.question.kind import kind, topic
from tests.support.corpus import ROOT


@pytest.mark.parametrize(
    ("question", "expected"),
    [("What's the latest on the peace talks?", "story"), ("Summarise the article", "story"),
     ("What happened on Tuesday?", "story"), ("Give me a rundown of the storm coverage", "story"),
     ("When will the bridge reopen?", "when"), ("What did the mayor say about the budget?", "quote"),
     ("Why was the road closed?", "why"), ("Which cost more, the repaint or the repairs?", "comparison"),
     ("How many homes are still without power?", "current"),
     ("Who is Ukraine's foreign minister?", "factoid")],
)  # fmt: skip
def test_kinds_of_news_questions(question, expected):
    assert kind(question) == expected


def test_a_story_questions_topic_is_what_it_names():
    assert topic("What's the latest on the peace talks?") == "the peace talks"
    assert topic("Summarise the article") == "" and topic("Catch me up on Storm Elvira") == "Storm Elvira"


def test_accuracy_on_the_blind_labelled_questions():
    """120 questions labelled by a helper that had not read the rules (eval/datasets/question-kinds.jsonl).
    Measured 0.758 (91/120) when written. Rules were then added looking only at the misses among the
    even rows (tune: 45/60 -> 60/60); the odd rows stayed held apart (check: 46/60 -> 49/60)."""
    rows = [
        json.loads(line) for line in (ROOT / "eval/datasets/question-kinds.jsonl").read_text().splitlines()
    ]
    check = rows[1::2]
    right = sum(kind(r["question"]) == r["kind"] for r in check)
    assert len(rows) == 120 and right / len(check) >= 0.8


@pytest.mark.parametrize(
    ("question", "expected"),
    [("What's the latest bid for the landing slots?", "current"),
     ("How much is the club offering for the striker?", "current"),
     ("What is the current flood warning level on the river?", "current"),
     ("What is the death toll in the fire?", "current"),
     ("Which paper won the Current Affairs Award?", "factoid"),
     ("I've been away all week, what happened with the trial?", "story"),
     ("Give me a quick summary of the flood coverage", "story"),
     ("What's the story with the takeover?", "story"),
     ("What's behind the rise in fares?", "why"), ("How has the company responded to the fine?", "quote"),
     ("Did Labour or the Greens get more votes?", "comparison"),
     ("Is this year's fine larger than the last one?", "comparison")],
)  # fmt: skip
def test_rules_added_from_the_tuning_rows_in_other_words(question, expected):
    assert kind(question) == expected
