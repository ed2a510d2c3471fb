from rag.text.terms import terms
from rag.text.verbs import BASE, base


def test_past_forms_map_to_their_verbs_terms():
    assert base("began") == base("begun") == "begin" and base("built") == "build"
    assert base("paid") == terms("pay")[0] and base("chosen") == terms("choose")[0]
    assert base("harbour") == "harbour"  # anything else as it is


def test_forms_that_are_as_often_other_words_are_left_alone():
    assert not {"left", "saw", "found", "rose", "fed", "wound", "bound"} & set(BASE)
