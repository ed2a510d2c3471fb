from rag.answer.extend import extend as complete
from rag.answer.rank import rank_sentences
from tests.support.passages import flat, hit

PASSAGE = ("The assembly met in Geneva to vote on the resolution on Ukrainian children. "
           "It passed by 91 votes to 12, with 57 abstentions. Delegates then adjourned.")  # fmt: skip


def test_a_sentence_lacking_the_number_asked_for_brings_the_next_one():
    question = "How many votes did the resolution on Ukrainian children get in Geneva?"
    best = rank_sentences(question, [hit(PASSAGE)], flat)[0]
    chosen = complete(question, best, [hit(PASSAGE)])
    assert [c.text for c in chosen][-1] == "It passed by 91 votes to 12, with 57 abstentions."
    assert len(chosen) == 2 and chosen[0].start < chosen[1].start


def test_a_sentence_pointing_back_brings_the_one_before():
    question = "What passed with 57 abstentions?"
    best = next(c for c in rank_sentences(question, [hit(PASSAGE)], flat) if c.text.startswith("It passed"))
    assert [c.text for c in complete(question, best, [hit(PASSAGE)])][0].startswith("The assembly met")


def test_a_long_sentence_holding_the_answer_stands_alone_and_a_short_one_brings_the_next():
    long = ("The assembly of delegates from more than a hundred member states met in Geneva on a cold "
            "morning to vote on the resolution. Delegates then adjourned.")  # fmt: skip
    question = "Where did the assembly meet to vote on the resolution?"
    best = rank_sentences(question, [hit(long)], flat)[0]
    assert [c.text for c in complete(question, best, [hit(long)])] == [best.text]
    best = rank_sentences(question, [hit(PASSAGE)], flat)[0]
    assert len(complete(question, best, [hit(PASSAGE)])) == 2  # 13 words: the next sentence joins


def test_what_someone_said_brings_the_sentence_holding_the_quotation():
    """Issue 25: 'What did X say about Y?' was answered with the sentence naming X, the quote after it."""
    passage = (
        "Fisheries Minister Gareth Lowe refused to meet the fishermen while the blockade of the harbour "
        "went on for a second day. “I'm not going to negotiate with a gun to my head,” he told reporters. "
        "Ferries were diverted to Ashby."
    )
    question = "What did Gareth Lowe say about meeting the fishermen during the blockade?"
    best = next(c for c in rank_sentences(question, [hit(passage)], flat) if c.text.startswith("Fisheries"))
    chosen = [c.text for c in complete(question, best, [hit(passage)])]
    assert chosen[-1].startswith("“I'm not going to negotiate") and len(chosen) == 2


def test_a_sentence_ending_a_quotation_brings_where_it_began():
    speech = ('The mayor spoke at the opening. "A town that reads is a town that votes. '
              'We will keep the doors open late," she said.')  # fmt: skip
    question = "What did the mayor say about opening hours?"
    best = next(c for c in rank_sentences(question, [hit(speech)], flat) if c.text.startswith("We will"))
    assert [c.text for c in complete(question, best, [hit(speech)])][
        0
    ] == '"A town that reads is a town that votes.'
