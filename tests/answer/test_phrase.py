import pytest

from rag.answer.phrase import kind, phrase

SHIPS = ("After allying himself with Croatia, in 1081 he led an army of 30,000 men in 300 ships landing "
         "on the southern shores of Albania, capturing Valona.")  # fmt: skip


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("How many ships did he bring?", "number"),
        ("When did the talks start?", "date"),
        ("In what year did Algeria become independent?", "date"),
        ("Who coined the term?", "person"),
        ("Where did the Normans land?", "place"),
        ("Which country did he invade?", "place"),
        ("Which official said it?", "name"),
        ("What is the name of the press?", None),
        ("Why did the talks fail?", None),
    ],
)
def test_kind_of_answer_a_question_asks_for(question, wanted):
    assert kind(question) == wanted


def test_the_number_nearest_the_question_words_not_a_year():
    assert phrase("How many ships did he bring to Albania?", SHIPS) == "300"
    assert phrase("How many men did he lead?", SHIPS) == "30,000"


def test_what_the_question_names_is_not_the_answer():
    assert phrase("When did he land 300 ships in Albania?", SHIPS) == "1081"
    assert phrase("Where did he capture Valona?", SHIPS) in {"Albania", "Croatia"}


def test_person_and_place_are_told_apart():
    text = "Davies is credited with coining the name packet switching and inspiring networks in Europe."
    assert phrase("Who coined the name packet switching?", text) == "Davies"
    assert phrase("Where did the networks spread?", text) == "Europe"


def test_no_phrase_for_an_untyped_question_or_a_missing_type():
    assert phrase("What is the name of the press?", SHIPS) is None
    assert phrase("When was the press founded?", "The press was founded by monks.") is None


def test_the_wh_word_asked_first_decides_the_kind():
    assert kind("Who was the leader when the army entered the valley?") == "person"
    assert kind("When did the leader who founded it die?") == "date"


def test_centuries_in_words_are_dates():
    answer = "The earliest such policy dates from the sixteenth century, long before the treaty."
    assert phrase("When did the policy begin?", answer) == "the sixteenth century"


@pytest.mark.parametrize(
    "answer",
    [
        "The club signed players in 2024, twelve of them from abroad.",
        "In 2024 the club signed twelve players.",
    ],
)
def test_how_many_is_answered_with_the_count_beside_the_year(answer):
    assert phrase("How many players did the club sign?", answer) == "twelve"


def test_how_many_is_never_answered_with_a_year():
    assert phrase("How many players did the club sign?", "The club signed players in 2024.") is None
    assert phrase("How many players did the club sign?", "Since 2019 the club has signed players.") is None
    assert phrase("How many players did the club sign?", "In 2024 players joined the club.") is None
    assert phrase("How much did the budget grow?", "The 2024 budget grew by €3 million.") == "€3 million"


def test_a_year_shaped_count_still_counts():
    assert phrase("How many men did he lead?", "He led 1500 men across the river.") == "1500"
    assert phrase("How many men did he lead?", "In 1081 he led an army of 1500 men.") == "1500"
    assert phrase("How many people attended?", "About 1500 people attended in 2019.") == "1500"


def test_a_candidate_the_question_names_only_in_part_is_an_answer():
    """ "Acme Labs" shares "Acme" with the question but is not what it names: it answers."""
    assert (
        phrase("Which company did Acme Holdings buy?", "Acme Holdings bought Acme Labs in May.")
        == "Acme Labs"
    )
    assert phrase("Who did Jane Smith replace?", "Jane Smith replaced John Smith as chair.") == "John Smith"
