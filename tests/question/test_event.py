from rag.question.event import asked_verbs, dates_event
from rag.text.terms import terms


def test_the_asked_verbs_are_the_questions_verbs_not_its_nouns():
    assert asked_verbs("When did the fishermen's blockade of the harbour begin?") == {"begin"}
    assert asked_verbs("When was the bridge reopened?") == set(terms("reopened"))
    assert asked_verbs("When did Smith's board meet?") == {"meet"}  # "board" is mostly a noun
    assert asked_verbs("When did the cargo ship sink?") == {"sink"}


def test_a_date_next_to_the_verb_dates_the_event():
    verbs = asked_verbs("When did the council approve the stadium?")
    assert dates_event("The stadium plans were approved late on Tuesday after a debate.", verbs)
    assert dates_event("On Tuesday, councillors finally approved it.", verbs)
    # the date belongs to the saying; the approving is a dozen words on
    long_way = (
        "The council said on Tuesday that the stadium, which has divided the town for years, was approved."
    )
    assert not dates_event(long_way, verbs)
    assert not dates_event("The stadium plans were approved after a debate.", verbs)
    assert not dates_event("The stadium opens on Tuesday.", verbs)
    # a date of several words ("last night") counts where it starts
    assert dates_event("The plans were approved by 31 votes to 24 last night.", verbs)
