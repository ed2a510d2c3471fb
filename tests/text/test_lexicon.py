from rag.text.lexicon import antonyms, is_common, is_demonym, is_person, lemmas, name_forms, synonyms


def test_lemmas_cover_irregular_forms():
    assert "rise" in lemmas("rose") and "fall" in lemmas("fell") and "begin" in lemmas("began")


def test_antonyms_come_with_their_synonyms():
    assert "rejected" not in antonyms("approved") and "disapprove" in antonyms("approved")
    assert {"stop", "discontinue"} <= antonyms("continue")
    assert "fall" in antonyms("rose") and "failure" in antonyms("success")
    assert "easy" in antonyms("hard")  # via the synonym "difficult"
    assert antonyms("table") == frozenset()


def test_synonyms_hold_multiword_forms():
    assert "step down" in synonyms("resigned") and "negotiation" in synonyms("talks")


def test_roles_are_person_nouns_but_names_are_not():
    assert is_person("minister") and is_person("envoy") and is_person("queen")
    assert not is_person("bridges") and not is_person("talks")


def test_name_forms_join_countries_demonyms_and_abbreviations():
    assert {"us", "united states", "america"} <= name_forms("US") & name_forms("American")
    assert "france" in name_forms("French") and "ukraine" in name_forms("Ukrainian")
    assert "john harvard" not in name_forms("Harvard")  # a person's synset is not another form
    assert name_forms("Witkoff") == {"witkoff"}


def test_common_words_and_demonyms():
    assert is_common("Talks") and is_common("Problems") and not is_common("Putin")
    assert is_demonym("French") and not is_demonym("France")
