"""The answer phrase of questions of no particular type (rag/answer/phrase_untyped.py)."""

import pytest

from rag.answer.phrase_untyped import untyped


@pytest.mark.parametrize(
    ("question", "answer", "phrase"),
    [
        ("What does the museum cover?", "The museum covers art and history.", "art and history"),
        ("What is the name of the bridge?", "The bridge, named Pont Neuf, crosses the Seine.", "Pont Neuf"),
        (
            "What fuel did the plant switch to?",
            "Officials said the plant switched to natural gas.",
            "natural gas",
        ),
    ],
)
def test_the_words_the_question_lacks_next_to_its_own(question, answer, phrase):
    assert untyped(question, answer) == phrase


def test_the_sentence_sharing_most_words_with_the_question_is_used():
    answer = "The vote was close. The museum covers art and history."
    assert untyped("What does the museum cover?", answer) == "art and history"


def test_none_when_two_candidates_tie_or_nothing_is_new():
    # "Schools" and "parks" stand equally near the question's words: neither can be singled out
    assert untyped("What did the mayor open?", "Schools, the mayor opened, and parks.") is None
    assert untyped("What does the museum cover?", "The museum covers.") is None


def test_a_day_does_not_answer_what():
    answer = "The commission on Wednesday announced that it would fund the agency."
    assert untyped("What did the commission announce?", answer) == "fund the agency"


def test_a_hyphenated_name_the_question_gives_is_not_the_answer():
    answer = "Conflicting claims were not addressed in the Treaty of Aix-la-Chapelle."
    question = "What issues did the Treaty of Aix-la-Chapelle not address?"
    assert untyped(question, answer) == "claims"


def test_a_hyphenated_name_the_question_gives_only_in_part_is_an_answer():
    answer = "The Prussian reforms were followed by the Franco-Prussian War."
    assert untyped("What war followed the Prussian reforms?", answer) == "Franco-Prussian"


def test_a_number_ends_before_the_full_stop_and_why_gets_no_phrase():
    assert (
        untyped("What ended the caliphate?", "The caliphate was abolished by decree in 1924.")
        == "decree in 1924"
    )
    assert untyped("Why did the caliphate end?", "The caliphate ended because the assembly voted.") is None
