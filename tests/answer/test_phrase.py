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
