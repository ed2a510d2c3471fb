import re
from dataclasses import replace

import pytest

from rag import REFUSAL
from rag.answer.extractive import extractive
from rag.answer.finalize import cite, finalize, has_support, renumber
from rag.answer.generate import messages
from rag.answer.refusal import is_refusal
from rag.core.config import Settings
from rag.core.types import Hit
from tests.support.passages import FLORIDA, PASSAGE

FILLER = [
    "Nato secretary general Mark Rutte said partners will keep supplying military aid.",
    "The UN general assembly adopted a non-binding resolution by a vote of 91-12.",
    "Kremlin aide Yuri Ushakov took part in the US-Russia talks.",
]


def hit(n, text):
    return Hit(chunk_id=f"art#{n}", article_id="art", title="Ukraine peace talks", text=text,
               score=1 / (n + 1), source="Guardian", date="2025-12-04", start=0, end=len(text),
               url="https://x")  # fmt: skip


HITS = [hit(0, PASSAGE), hit(1, FLORIDA)] + [hit(i + 2, t) for i, t in enumerate(FILLER)]


def flat(_term):
    return 1.0


def test_renumber_drops_invented_markers_and_orders_by_appearance():
    text, order = renumber("Umerov was in Florida [2]. The loan is €90 billion [7] [1]. Vote [0].", 5)
    assert text == "Umerov was in Florida [1]. The loan is €90 billion [2]. Vote."
    assert order == [2, 1]


def test_renumber_lists_and_repeats():
    text, order = renumber("A [3, 1]. B [1][3]. C [3; 9].", 5)
    assert text == "A [1][2]. B [2][1]. C [1]."
    assert order == [3, 1]


def test_finalize_drops_an_invented_citation():
    answer = finalize("The EU loan would be €90 billion [7].", HITS, "m", "q")
    assert "[7]" not in answer.text and answer.citations == []
    assert answer.unsupported == ["The EU loan would be €90 billion."]


def test_finalize_keeps_valid_and_drops_invented_citations():
    answer = finalize("The EU loan would be €90 billion [1][7].", HITS, "m", "q")
    assert answer.text == "The EU loan would be €90 billion [1]."
    assert [c.chunk_id for c in answer.citations] == ["art#0"]
    assert not answer.unsupported and not answer.abstained


def test_finalize_citations_follow_the_renumbering():
    raw = "Witkoff and Kushner were set to meet Rustem Umerov in Florida [2]. The EU loan is €90 billion [1]."
    answer = finalize(raw, HITS, "openai/test", "who and how much?", note="n")
    assert [(c.n, c.chunk_id) for c in answer.citations] == [(1, "art#1"), (2, "art#0")]
    assert "Rustem Umerov in Florida" in answer.citations[0].quote
    assert "€90 billion loan" in answer.citations[1].quote
    c = answer.citations[0]
    assert (c.title, c.source, c.date, c.url) == (
        "Ukraine peace talks",
        "Guardian",
        "2025-12-04",
        "https://x",
    )
    assert c.text == FLORIDA
    assert (answer.model, answer.question, answer.note) == ("openai/test", "who and how much?", "n")


def test_finalize_flags_an_unsupported_sentence():
    answer = finalize("The EU loan is €90 billion [1]. The EU would lend $1.2 billion [1].", HITS, "m", "q")
    assert answer.unsupported == ["The EU would lend $1.2 billion [1]."]
    assert has_support(answer)
    assert not has_support(finalize("The EU would lend $1.2 billion [1].", HITS, "m", "q"))


@pytest.mark.parametrize(
    "raw",
    [
        REFUSAL,
        "The articles do not mention that.",
        "I don't know.",
        "There is not enough information [1].",
        "",
        "[1]",
    ],
)
def test_refusals_abstain(raw):
    assert is_refusal(raw)
    answer = finalize(raw, HITS, "openai/test", "q")
    assert answer.abstained and answer.text == REFUSAL and answer.citations == []


def test_long_answer_mentioning_information_is_not_a_refusal():
    assert not is_refusal("The EU loan is €90 billion [1]. " * 8 + "There is no information on timing.")


def test_extractive_answers_with_a_citation():
    answer = extractive(
        "How much would the EU loan to Ukraine be?", HITS, flat, Settings(min_confidence=0.0)
    )  # formatting, not answerability
    assert "€90 billion" in answer.text
    assert re.search(r"frozen assets ?\[1\]\.?$", answer.text)
    assert [c.chunk_id for c in answer.citations] == ["art#0"]
    assert answer.model == "extractive" and not answer.abstained and not answer.unsupported


def test_extractive_refuses_when_nothing_covers_the_question():
    answer = extractive("What is the capital of France?", HITS, flat, Settings(), note="why")
    assert (answer.text, answer.abstained, answer.citations, answer.note) == (REFUSAL, True, [], "why")
    assert extractive("Anything?", [], flat, Settings()).abstained


def test_messages_number_the_passages_and_hold_the_question():
    system, user = messages("How much is the loan?", HITS, Settings())
    assert system["role"] == "system" and user["role"] == "user"
    assert "[1] Ukraine peace talks (Guardian, 2025-12-04)\n" + PASSAGE in user["content"]
    assert "[5] Ukraine peace talks" in user["content"]
    assert "How much is the loan?" in user["content"] and REFUSAL in user["content"]


def test_a_briefing_prompt_asks_for_dated_sentences_newest_first():
    """Issue 25: the briefing prompt gives each passage its date and source."""
    _, user = messages("What's the latest on the loan?", HITS, Settings(), prompt="briefing")
    assert "(Guardian, 2025-12-04)" in user["content"] and "dated briefing" in user["content"]
    assert "newest first" in user["content"] and "As of <the date" in user["content"]


def test_messages_respect_the_token_budget():
    _, user = messages("q?", HITS, replace(Settings(), context_tokens=60))
    assert "[1] " in user["content"] and "[2] " not in user["content"]


def test_cite_puts_the_marker_inside_the_sentence():
    assert cite("The loan is €90 billion.", 1) == "The loan is €90 billion [1]."
    assert cite("Did it pass?", 2) == "Did it pass [2]?"
    assert cite("No final stop", 3) == "No final stop [3]"
    assert cite("He said “it was useful.”", 1) == "He said “it was useful.” [1]"


def test_choose_refuses_uncovered_and_unanswerable_questions():
    from rag.answer.extractive import choose
    from rag.core.config import Settings

    settings = Settings()
    passage = [Hit(chunk_id="a#0", article_id="a", title="T", text="The EU loan to Ukraine is €90 billion.",
                   score=1.0, source="", date="", start=0, end=38)]  # fmt: skip
    assert choose("What is the capital of France?", passage, lambda t: 1.0, settings) == []
    chosen = choose("How much is the EU loan to Ukraine?", passage, lambda t: 1.0, settings)
    assert [c.text for c in chosen] == ["The EU loan to Ukraine is €90 billion."]
    assert choose("How much is the EU loan to Ukraine?", [], lambda t: 1.0, settings) == []


def test_a_citation_repeats_what_its_hit_says_of_the_article():
    from rag.core.types import Citation, Hit

    hit = Hit(chunk_id="a#1", article_id="a", title="T", text="Text.", score=0.5, source="Reuters",
              date="2025-12-03", start=0, end=5, url="https://example.com/a", pages=((1, 0),),
              also=("AP",), author="Jane Roe")  # fmt: skip
    c = Citation.of(hit, 2, "Text.", page=1)
    assert (c.n, c.quote, c.page) == (2, "Text.", 1)
    for name in ("chunk_id", "article_id", "title", "text", "source", "date", "url", "also", "author"):
        assert getattr(c, name) == getattr(hit, name), name


def test_a_refusal_offers_the_closest_passages_of_distinct_articles_as_not_an_answer(sample_kb):
    answer = sample_kb.ask("What did the Pope say about the Ukraine peace talks?")
    assert answer.abstained and answer.citations == []
    assert 1 <= len(answer.closest) <= 3
    assert len({c.article_id for c in answer.closest}) == len(answer.closest)
    assert all(c.quote and c.quote in c.text for c in answer.closest)  # a sentence of the passage itself
