"""Look-alikes (issue 25): an answer whose own context names a sibling of what the question asks
about (another storm, bridge, minister, model or year) is refused; naming both is a question about both."""

from rag.answer.siblings import look_alike
from tests.support.news import article, news_kb

GUST = "Storm Hilda brings chaos\nThe Met Office recorded a gust of 88 mph at Cape Rell."


def test_a_sibling_in_the_answers_context_and_not_the_asked_one_is_found():
    assert look_alike("What was the strongest gust during Storm Bruno?", GUST) == "Storm Hilda"
    assert look_alike("What was the strongest gust during Storm Hilda?", GUST) == ""
    assert look_alike("How much does the HP-12 cost?", "The HP-9 costs £4,950.") == "HP-9"
    assert look_alike("How much does the HP-9 cost?", "The HP-9 costs £4,950, the HP-12 more.") == ""
    assert (
        look_alike("What did Gareth Lowe say?", "Housing Minister Gareth Lowrie said no.") == "Gareth Lowrie"
    )
    assert look_alike("What was the profit in 2023?", "Profit rose to £9m in 2024.") == "2024"
    assert look_alike("What was the profit in 2024?", "Profit rose to £9m in 2024, from 2023.") == ""


def test_titles_and_both_named_siblings_are_no_look_alikes():
    assert look_alike("What did Gareth Lowe say?", "Mr Lowe said no, and Minister Lowe left.") == ""
    assert (
        look_alike("Which cost more, the Hallam Bridge or the Aldermoor Bridge?", "Hallam Bridge cost £1m.")
        == ""
    )
    assert look_alike("How much does the HP-9 cost? (Tidewell HP-12)", "The HP-9 costs £4,950.") == ""


def test_the_other_storms_gust_is_refused_and_its_own_answered(tmp_path, embedder):
    hilda = article(
        "Storm Hilda brings chaos to the coast", "Gazette", "2025-12-02",
        "The coast road, shut by Storm Bruno last winter, stayed open this time.",
        "Storm Hilda tore across the coast overnight, bringing down trees and power lines.",
        "The Met Office recorded a gust of 88 mph at Cape Rell shortly after 2am, the strongest in the "
        "region for more than a decade, as amber warnings stayed in force.",
    )  # fmt: skip
    kb = news_kb(tmp_path, embedder, {"hilda.txt": hilda})
    assert kb.ask("What was the strongest gust recorded during Storm Bruno?").abstained
    assert "88 mph" in kb.ask("What was the strongest gust recorded during Storm Hilda?").text
