from rag.text.terms import facts, terms, words


def test_words_lower_cases_and_drops_possessive():
    assert words("Trump’s envoy and Kyiv's army") == ["trump", "envoy", "and", "kyiv", "army"]


def test_terms_drop_stopwords_and_stem():
    assert terms("The loans were being discussed") == terms("loan discuss")
    assert "the" not in terms("the loan")


def test_terms_normalise_numbers():
    assert terms("twenty") == terms("20")
    assert terms("20,000 children") == terms("20000 children")


def test_facts_currency_and_scale_normalised():
    assert facts("a €90 billion loan") == {"€", "90", "billion"}
    assert facts("a €90bn loan") == facts("a €90 billion loan")
    assert {"$", "1.2", "billion"} <= facts("The EU would lend $1.2 billion.")


def test_facts_names_months_and_number_words():
    found = facts("Officials met Rustem Umerov in Florida in February with three aides.")
    assert {"rustem", "umerov", "florida", "february", "3"} <= found
    assert "officials" not in found  # first word of the sentence is capitalised anyway


def test_facts_skip_first_can_be_disabled():
    assert "putin" in facts("Putin spoke.", skip_first=False)
    assert "putin" not in facts("Putin spoke.")


def test_facts_ignore_stopword_capitals():
    assert "the" not in facts("Yesterday The talks ended.")
