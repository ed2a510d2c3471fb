"""Figures that changed or differ (issue 25): a newer article's figure comes first and the older one
is shown beside it, and two outlets' different figures are both given with their sources."""

from tests.support.news import article, news_kb
from tests.support.openai_server import OpenAIServer, passage_number

SHIPS = {
    ("2025-12-02", "Harbour Gazette"): "Twenty ships were waiting outside Kellingham harbour, with 23 ships "
    "anchored in the bay by the evening, the harbour master said.",
    ("2025-12-05", "Northfield Post"): "As the blockade ended, 38 ships were waiting outside Kellingham "
    "harbour, the harbour master said.",
}
MARCH = {
    ("2025-12-06", "Harbour Gazette"): "About 12,000 nurses marched through Northfield, organisers said.",
    ("2025-12-06", "Northfield Post"): "Police estimated that 8,000 nurses marched through Northfield.",
}


def _kb(tmp_path, embedder, stories):
    files = {
        f"{n}.txt": article(f"Report {n}", source, day, text)
        for n, ((day, source), text) in enumerate(stories.items())
    }
    return news_kb(tmp_path, embedder, files)


def test_a_revised_figure_is_given_newest_first_with_the_older_one(tmp_path, embedder):
    answer = _kb(tmp_path, embedder, SHIPS).ask("How many ships are waiting outside Kellingham harbour now?")
    assert answer.kind == "current" and "38 ships" in answer.text and "23 ships" in answer.text
    assert answer.text.index("38 ships") < answer.text.index("23 ships")
    assert [c.date for c in answer.citations] == ["2025-12-05", "2025-12-02"]
    assert answer.figures == "changed" and answer.note.startswith("the figure changed")


def test_outlets_that_disagree_are_both_given_with_their_sources(tmp_path, embedder):
    answer = _kb(tmp_path, embedder, MARCH).ask("How many nurses marched through Northfield?")
    assert "12,000" in answer.text and "8,000" in answer.text and not answer.unsupported
    assert {c.source for c in answer.citations} == {"Harbour Gazette", "Northfield Post"}
    assert answer.figures == "differ" and answer.note.startswith("sources differ")


def test_outlets_that_agree_are_not_marked(tmp_path, embedder):
    agree = {key: text.replace("12,000", "8,000") for key, text in MARCH.items()}
    answer = _kb(tmp_path, embedder, agree).ask("How many nurses marched through Northfield?")
    assert "8,000" in answer.text and answer.figures == "" and "differ" not in answer.note


OFFERS = {
    (
        "2025-12-01",
        "Coastal Wire",
    ): "Harlow Foods offered 300p a share for Penrose Bakeries, valuing it at £600m.",
    ("2025-12-03", "Harbour Gazette"): "Harlow Foods raised its offer for Penrose Bakeries to 330p a share "
    "after the first approach was rejected by the board.",
    ("2025-12-05", "Northfield Post"): "Harlow Foods raised its offer to 360p a share, and the Penrose "
    "Bakeries board said it would recommend it to shareholders. About 40 staff work at its Leeds site.",
}


def test_the_current_offer_is_the_newest_revision(tmp_path, embedder):
    answer = _kb(tmp_path, embedder, OFFERS).ask("How much is Harlow Foods offering for Penrose Bakeries?")
    assert answer.kind == "current" and answer.figures == "changed"
    assert (
        answer.text.startswith("Harlow Foods raised its offer to 360p")
        and answer.citations[0].date == "2025-12-05"
    )
    assert "40 staff" not in answer.text  # another figure of that day, about something else


def test_the_current_offer_is_given_in_both_units_its_article_reports(tmp_path, embedder):
    both = dict(OFFERS)
    both[("2025-12-05", "Northfield Post")] = (
        "The Penrose Bakeries board recommended a £720m takeover by Harlow Foods, ending a week of talks. "
        "Harlow Foods made a firm offer of 360p a share yesterday, and the board backed it. "
        "Harlow Foods has until 29 December to complete the deal for Penrose Bakeries."
    )
    answer = _kb(tmp_path, embedder, both).ask("How much is Harlow Foods offering for Penrose Bakeries?")
    newest = [c.quote for c in answer.citations if c.date == "2025-12-05"]
    assert any("£720m" in q for q in newest) and any("360p" in q for q in newest)
    assert "29 December" not in answer.text and answer.figures == "changed"


def test_for_the_current_state_a_less_close_older_figure_is_still_shown(tmp_path, embedder):
    """NEAR_CURRENT: a current-state question shows an older figure whose sentence matches it less well
    (here about 0.78 of the answer's coverage) than another figure question would need (NEAR, 0.8)."""
    ships = {
        ("2025-12-02", "Coastal Wire"): "On Tuesday night 23 cargo vessels were waiting outside Kellingham "
        "harbour.",
        ("2025-12-05", "Northfield Post"): "On Thursday 38 cargo ships were waiting outside Kellingham "
        "harbour, the harbour master said.",
    }
    answer = _kb(tmp_path, embedder, ships).ask(
        "How many cargo ships are waiting outside Kellingham harbour now?"
    )
    assert answer.text.index("38 cargo ships") < answer.text.index("23 cargo vessels")
    assert answer.figures == "changed"


FLOTILLA = {
    ("2025-12-01", "Coastal Wire"): "Around 40 fishing boats blocked the entrance to Kellingham port on "
    "Monday, the coastguard said, halting cargo traffic in a dispute over quotas.",
    ("2025-12-01", "Harbour Gazette"): "The protest began late on Sunday, when about 60 fishing boats "
    "sailed out of Kellingham's inner basin and lashed themselves together.",
}
MARCH_AND_PAY = {
    ("2025-12-06", "Harbour Gazette"): "About 12,000 nurses marched through Northfield, organisers said.",
    ("2025-12-06", "Northfield Post"): "Nurses marched through Northfield in protest at a 3.2% pay offer.",
}


def test_an_outlet_counting_the_same_thing_differently_is_shown_though_worded_apart(tmp_path, embedder):
    answer = _kb(tmp_path, embedder, FLOTILLA).ask(
        "How big was the fishing flotilla blocking the entrance to Kellingham port on Monday?"
    )
    assert "40 fishing boats" in answer.text and "60 fishing boats" in answer.text
    assert answer.figures == "differ"


def test_a_figure_counting_something_else_is_no_other_figure(tmp_path, embedder):
    answer = _kb(tmp_path, embedder, MARCH_AND_PAY).ask("How many nurses marched through Northfield?")
    assert "12,000" in answer.text and "3.2%" not in answer.text and answer.figures == ""


def test_an_llm_answer_quoting_two_outlets_figures_is_marked_too(tmp_path, embedder):
    """Issue 25: the chat marks differing sources whoever writes the answer; one outlet's figure alone
    is not marked."""

    def reply(request):
        a, b = passage_number(request, "12,000"), passage_number(request, "8,000")
        if "Question: How many nurses did police count" in request["messages"][-1]["content"]:
            return f"Police estimated that 8,000 nurses marched through Northfield [{b}]."
        return f"Organisers said about 12,000 nurses marched [{a}]. Police estimated 8,000 [{b}]."

    files = {
        f"{n}.txt": article(f"Report {n}", source, day, text)
        for n, ((day, source), text) in enumerate(MARCH.items())
    }
    with OpenAIServer(reply) as server:
        kb = news_kb(tmp_path, embedder, files, model="openai/x", api_base=server.url, api_key="x", retries=0)
        answer = kb.ask("How many nurses marched through Northfield?")
        one = kb.ask("How many nurses did police count marching through Northfield?")
    assert answer.model == "openai/x" and not answer.unsupported and len(answer.citations) == 2
    assert answer.figures == "differ" and answer.note.startswith("sources differ on this figure")
    assert one.model == "openai/x" and len(one.citations) == 1 and one.figures == ""
