"""Near misses (issue 25): a question naming another year, model or person than the passage speaks of
is refused, not answered with the neighbouring fact."""

import rag
from rag.answer.qualifiers import off_topic, unmatched
from rag.core.types import Hit
from tests.support.corpus import ROOT
from tests.support.news import article, news_kb

PUMP = (
    "Title: Tidewell launches heat pump\nSource: Harbour Gazette\nDate: 2025-12-03\n\n"
    "Tidewell Energy launched its HP-9 heat pump on Wednesday at a price of £4,950, the company said. "
    "The HP-9 is built at Tidewell's factory in Easterby. "
    "Kellingham port handled 4.1m tonnes of cargo in 2024.\n"
)


def _hit(text: str) -> Hit:
    return Hit("a#0", "a", "Heat pump", text, 1.0, "Gazette", "2025-12-03", 0, len(text))


def test_the_questions_years_codes_and_names_must_be_in_the_answers_article():
    hits = [_hit(PUMP)]
    assert unmatched("How much does the HP-9 cost?", "a", hits) == []
    assert unmatched("How much does the HP-12 cost?", "a", hits) == ["HP-12"]
    assert unmatched("How much cargo did Kellingham handle in 2023?", "a", hits) == ["2023"]
    assert sorted(unmatched("What did Karen Whitlow say on Saturday?", "a", hits)) == ["karen", "whitlow"]
    assert unmatched("Where is it made? (Tidewell HP-12)", "a", hits) == []  # a follow-up's borrowed words


def test_a_near_miss_is_refused_and_the_answer_still_given(tmp_path, embedder):
    """Two ministers with look-alike names and one figure given for one year only (from the blind
    news-week set): the neighbouring fact was given as the answer before."""
    news = ROOT / "eval" / "datasets" / "news-week"
    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    kb.ingest([news / "lowrie-housing.txt", news / "port-blockade-4.txt", news / "calloway-takeover-1.txt"])
    assert kb.ask(
        "What did Fisheries Minister Gareth Lowe say about affordable housing in Northfield?"
    ).abstained
    assert kb.ask("How many affordable homes will be built in Kellingham?").abstained
    assert kb.ask("What pre-tax profit did Calloway report for the year to March 2024?").abstained
    assert "2,400 affordable homes" in kb.ask("How many affordable homes will be built in Northfield?").text


def test_a_quotation_about_another_topic_does_not_answer():
    said = 'Whitlow said ministers would "look closely" at the dairy deal and its effect on farmers.'
    assert off_topic("What did Karen Whitlow say about the rail fare rise?", said)
    assert not off_topic("What did Karen Whitlow say about the dairy deal?", said)
    assert not off_topic("What did Karen Whitlow say about farming?", said)  # farmers ~ farming
    assert not off_topic("What did Karen Whitlow say?", said)  # no topic asked: nothing to match


def test_the_right_speaker_on_the_wrong_topic_is_refused(tmp_path, embedder):
    news = ROOT / "eval" / "datasets" / "news-week"
    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    kb.ingest([news / "lowrie-housing.txt", news / "port-blockade-4.txt"])
    assert kb.ask("What did Housing Minister Gareth Lowrie say about the whitefish quota?").abstained
    answer = kb.ask("What did Gareth Lowrie say about Northfield's housing waiting list?")
    assert "9,000 households on its waiting list" in answer.text


def test_the_topic_may_be_named_in_the_whole_sentence_before_the_quotation(tmp_path, embedder):
    """The sentence before is found as a sentence: a decimal point ("4.6%") does not end it."""
    text = article(
        "Fares to rise", "Harbour Gazette", "2025-12-03",
        "Rail fares on the coast line will rise by 4.6% in January, the biggest increase in three years. "
        '"Passengers will get the new trains we promised," said chief executive Imogen Carver.',
    )  # fmt: skip
    kb = news_kb(tmp_path, embedder, {"fares.txt": text})
    answer = kb.ask("What did Imogen Carver say about rail fares?")
    assert "the new trains we promised" in answer.text
