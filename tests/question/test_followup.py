import pytest

from rag import REFUSAL
from rag.llm.prompts import render
from rag.question.followup import history_text, needs_context, prompt, rewrite
from tests.support.corpus import ROOT

FIRST = "Who did Witkoff and Kushner meet in Florida?"


@pytest.mark.parametrize(
    ("question", "needs"),
    [
        ("Where was he due to meet them?", True),
        ("What about Belgium?", True),
        ("And Estonia?", True),
        ("Why?", True),
        ("Who made that observation?", True),
        ("What did this war cost?", True),
        ("How much would the EU loan to Ukraine be?", False),
        ("Did the envoy say that the talks failed in Moscow?", False),
        (FIRST, False),
    ],
)
def test_needs_context(question, needs):
    assert needs_context(question) is needs


def test_without_history_the_question_is_unchanged():
    assert rewrite("Where was he due to meet them?", None) == "Where was he due to meet them?"
    assert rewrite("Where was he due to meet them?", []) == "Where was he due to meet them?"


def test_standalone_question_after_history_is_unchanged():
    history = [{"role": "user", "content": FIRST}, {"role": "assistant", "content": "Umerov [1]."}]
    assert rewrite("How much would the EU loan be?", history) == "How much would the EU loan be?"


def test_rewrite_appends_names_from_the_previous_turn():
    history = [
        {"role": "user", "content": FIRST},
        {"role": "assistant", "content": "They were set to meet Rustem Umerov in Florida [1]."},
    ]
    got = rewrite("Where was he due to meet them?", history)
    assert got.startswith("Where was he due to meet them? (")
    for name in ("Witkoff", "Kushner", "Florida", "Rustem", "Umerov"):
        assert name in got
    assert "[1]" not in got


def test_rewrite_ignores_a_refusal_answer():
    history = [{"role": "user", "content": "Who is Zorblax?"}, {"role": "assistant", "content": REFUSAL}]
    got = rewrite("Where does he live?", history)
    assert "Zorblax" in got and "articles" not in got.lower()


def test_rewrite_chains_through_earlier_turns():
    history = [
        {"role": "user", "content": FIRST},
        {"role": "assistant", "content": "Rustem Umerov [1]."},
        {"role": "user", "content": "When was that?"},
        {"role": "assistant", "content": "On Thursday [1]."},
    ]
    assert "Witkoff" in rewrite("Where was it?", history)


def test_history_text_keeps_the_last_turns():
    history = [{"role": "user" if i % 2 == 0 else "assistant", "content": f"m{i}\n x"} for i in range(10)]
    lines = history_text(history, turns=4).splitlines()
    assert lines == ["User: m6 x", "Assistant: m7 x", "User: m8 x", "Assistant: m9 x"]


def test_rewrite_prompt_renders():
    history = [{"role": "user", "content": FIRST}, {"role": "assistant", "content": "Umerov [1]."}]
    text = prompt(ROOT / "prompts", history, "Where was he?")
    assert f"User: {FIRST}" in text and "Follow-up question: Where was he?" in text
    expected = render(ROOT / "prompts", "rewrite", history=history_text(history), question="Where was he?")
    assert text == expected


@pytest.mark.parametrize("follow_up", ["Where was he due to meet them?", "When were they set to meet him?"])
def test_follow_up_resolves_with_history(sample_kb, follow_up):
    first = sample_kb.ask(FIRST)
    assert "Umerov" in first.text
    history = [{"role": "user", "content": FIRST}, {"role": "assistant", "content": first.text}]
    answer = sample_kb.ask(follow_up, history=history)
    assert not answer.abstained
    assert answer.question != follow_up and answer.question.startswith(follow_up)
    assert any("Florida" in c.text and "Rustem Umerov" in c.text for c in answer.citations)
    assert "Florida" in answer.text


def test_new_question_after_history_is_answered_on_its_own(sample_kb):
    """A chat turn that does not refer back must not be answered with the previous turn's passage."""
    first = sample_kb.ask(FIRST)
    history = [{"role": "user", "content": FIRST}, {"role": "assistant", "content": first.text}]
    answer = sample_kb.ask("How much would the EU loan to Ukraine be?", history=history)
    assert answer.question == "How much would the EU loan to Ukraine be?"
    assert "€90 billion" in answer.text


def test_previous_answer_without_markers_or_a_refusal():
    from rag.question.followup import previous_answer

    history = [{"role": "user", "content": FIRST}, {"role": "assistant", "content": "In Florida [1][2]."}]
    assert previous_answer(history) == "In Florida."
    refused = [{"role": "user", "content": "Who is Zorblax?"}, {"role": "assistant", "content": REFUSAL}]
    assert previous_answer(refused) == "" and previous_answer(None) == ""


def test_the_previous_answer_lends_few_names():
    """A long previous answer names much besides its point: at most three of its names are borrowed."""
    answer = "Alice met Bob, Carol, Dave and Erin in Paris, Rome and Oslo [1]."
    got = rewrite(
        "Where did she go?",
        [{"role": "user", "content": "Whom did Alice meet?"}, {"role": "assistant", "content": answer}],
    )
    borrowed = [n for n in ("Bob", "Carol", "Dave", "Erin", "Paris", "Rome", "Oslo") if n in got]
    assert "Alice" in got and len(borrowed) <= 3


def test_an_ellipsis_naming_its_own_place_borrows_no_earlier_names():
    history = [{"role": "user", "content": "Which treaty ended the war in North America?"},
               {"role": "assistant", "content": "The Treaty of Paris ended it [1]."}]  # fmt: skip
    got = rewrite("And in Europe?", history)
    assert "Paris" not in got and got.startswith("And in Europe? (") and "treaty" in got


def test_a_pronoun_still_borrows_names_though_the_follow_up_names_something():
    answer = "Isiah Bowman would come to be known as Wilson's geographer [1]."
    history = [{"role": "user", "content": "Who came to be known as Wilson's geographer?"},
               {"role": "assistant", "content": answer}]  # fmt: skip
    got = rewrite("Which organisation did he direct before he joined Wilson's inquiry?", history)
    assert "Bowman" in got


def test_previous_answer_drops_the_date_labels_and_as_of_the_answer_added():
    """Issue 25: dated answers ('yesterday (1 Dec 2025)') no longer matched their sentences in the
    articles, so a follow-up lost the 'next to the last answer' bonus."""
    from rag.question.followup import previous_answer

    history = [
        {"role": "assistant", "content": "As of 5 Dec 2025: The bridge closed yesterday (4 Dec 2025) [1]."}
    ]
    assert previous_answer(history) == "The bridge closed yesterday."
