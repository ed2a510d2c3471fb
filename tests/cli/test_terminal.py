"""How an answer reads in the terminal: the marks beside its text."""

from rag.cli.terminal import format_answer
from rag.core.types import Answer


def test_differing_or_changed_figures_are_said_before_the_note():
    differ = format_answer(Answer("12,000 marched [1]. 8,000 marched [2].", figures="differ", note="A and B"))
    assert differ.splitlines()[1:] == ["  ⚖ sources differ", "  note: A and B"]
    assert "  ⚖ the figure changed" in format_answer(Answer("38 ships [1]. 23 ships [2].", figures="changed"))
    assert "⚖" not in format_answer(Answer("38 ships [1]."))


def test_a_flagged_sentence_says_what_the_source_says():
    bad = "Lyon won [1]."
    answer = Answer(text=f"Paris won [1]. {bad}", unsupported=[bad], reasons={bad: "changed: Paris → Lyon"})
    assert "  ⚠ not verified (the source says “Paris”, not “Lyon”): Lyon won [1]." in format_answer(answer)
