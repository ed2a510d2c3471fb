from rag.text.names import missing, names, supported

SOURCE = (
    "Russian president Vladimir Putin said his meeting with US envoys Steve Witkoff and Jared Kushner "
    "had been useful. Talks will continue, said US president Donald Trump."
)


def test_sentence_initial_words_are_names_only_when_they_are():
    assert names("Putin met the envoys.") == ["Putin"]
    assert names("Talks went well.") == []
    assert names("Trump spoke.", usage=SOURCE) == ["Trump"]  # a common word, but a name mid-sentence here


def test_forms_of_a_name_are_supported():
    for claim in ("The American envoys met Putin.", "The United States envoys met him.", "Putin's envoys"):
        assert missing(claim, SOURCE) == [], claim


def test_a_changed_name_is_missing_wherever_it_stands():
    assert missing("Zelensky met the US envoys.", SOURCE) == ["Zelensky"]
    assert missing("The French envoys met Putin.", SOURCE) == ["French"]


def test_name_words_must_come_from_one_name():
    assert not supported("Jared Putin", SOURCE)
    assert supported("Vladimir Putin", SOURCE) and supported("President Trump", SOURCE)
