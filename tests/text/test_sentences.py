import pytest

from rag.text.sentences import split_sentences


def sentences(text, *args):
    return [text[a:b] for a, b in split_sentences(text, *args)]


def test_splits_on_terminal_punctuation():
    assert sentences("It rained. Then it stopped! Did it? Yes.") == [
        "It rained.",
        "Then it stopped!",
        "Did it?",
        "Yes.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith met Dr. Jones at noon.",
        "He met U.S. officials on Monday.",
        "The author J. K. Rowling spoke.",
        "Apples, pears, etc. are fruit.",
        "Growth was 2.5 percent.",
    ],
)
def test_abbreviations_initials_and_decimals_do_not_end_sentences(text):
    assert sentences(text) == [text]


def test_abbreviation_sentence_stays_whole():
    assert sentences("Mr. Smith met Dr. Jones at noon. He left.") == [
        "Mr. Smith met Dr. Jones at noon.",
        "He left.",
    ]


def test_lower_case_after_period_is_not_a_boundary():
    assert sentences("The value was approx. three times higher. Next.") == [
        "The value was approx. three times higher.",
        "Next.",
    ]


def test_closing_quote_belongs_to_the_sentence():
    text = "He said “it was very useful.” Then he left."
    assert sentences(text) == ["He said “it was very useful.”", "Then he left."]


def test_newline_ends_a_sentence_without_punctuation():
    text = "A headline without a period\nThe body starts here. It goes on."
    assert sentences(text) == ["A headline without a period", "The body starts here.", "It goes on."]


def test_offsets_map_back_and_are_trimmed():
    text = "  First one.   Second one!\n\n  Third one?  "
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["First one.", "Second one!", "Third one?"]
    assert all(not text[a].isspace() and not text[b - 1].isspace() for a, b in spans)
    assert spans == sorted(spans)


def test_start_and_end_restrict_the_range():
    text = "Zero. One here. Two here. Three."
    a = text.index("One")
    b = text.index(" Three")
    assert sentences(text, a, b) == ["One here.", "Two here."]


def test_spans_without_letters_or_digits_are_dropped():
    assert sentences("...\n---\n\n") == []
    assert sentences("") == []


def test_sentence_starting_with_currency_or_number():
    assert sentences("Prices rose. €90 billion was pledged. 20 people came.") == [
        "Prices rose.",
        "€90 billion was pledged.",
        "20 people came.",
    ]
