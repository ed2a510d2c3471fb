"""Story answers (issue 25): a dated briefing of several cited sentences, newest article first, each
sentence once however many outlets carried it, and "As of <newest date>"."""

import re

import numpy as np

import rag
from tests.support.news import article, news_kb

DAYS = {
    "2025-12-01": "The Kellingham fishermen began a blockade of the harbour on Monday over a planned "
    "quota cut of 18%. About 60 boats took part, the harbour master said.",
    "2025-12-03": "Thirty-eight ships were waiting outside Kellingham harbour on Wednesday as the "
    "fishermen's blockade entered its third day. The fisheries minister said talks would continue.",
    "2025-12-05": "The Kellingham fishermen agreed late last night to suspend their blockade after the "
    "minister offered to cut the quota by 11% instead. Port staff began clearing the queue of ships this "
    "morning.",
}


def _story(folder):
    folder.mkdir()
    for day, text in DAYS.items():
        (folder / f"{day}.txt").write_text(
            f"Title: Kellingham blockade {day}\nSource: Harbour Gazette\nDate: {day}\n\n{text}\n"
        )
    # the same agency sentence carried by a second outlet
    (folder / "copy.txt").write_text(
        "Title: Fishermen end blockade\nSource: Northfield Post\nDate: 2025-12-05\n\n"
        + DAYS["2025-12-05"]
        + "\n"
    )
    return folder


def test_the_latest_on_a_story_is_a_dated_briefing_newest_first(tmp_path, embedder):
    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    kb.ingest([_story(tmp_path / "news")])
    answer = kb.ask("What's the latest on the Kellingham blockade?")
    assert answer.kind == "story" and not answer.abstained and not answer.unsupported
    assert answer.text.startswith("As of 5 Dec 2025: ")
    sentences = re.findall(r"[^.]+\[\d+\]\.", answer.text)
    assert 3 <= len(sentences) <= 6 and len(answer.text.split()) <= 130
    assert answer.text.count("agreed late last night") == 1  # two outlets, one sentence
    dates = [c.date for c in answer.citations]
    assert dates == sorted(dates, reverse=True) and dates[0] == "2025-12-05"


def test_what_happened_on_a_day_keeps_to_that_day_in_time_order(tmp_path, embedder):
    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    kb.ingest([_story(tmp_path / "news")])
    answer = kb.ask("What happened on Wednesday?")
    assert answer.kind == "story" and "Thirty-eight ships" in answer.text
    assert "began a blockade" not in answer.text  # Monday's news


def test_the_story_up_to_a_day_leaves_out_what_came_after(tmp_path, embedder):
    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    kb.ingest([_story(tmp_path / "news")])
    answer = kb.ask("Give me a rundown of the Kellingham blockade up to Wednesday.")
    assert answer.kind == "story" and not answer.abstained
    assert answer.text.startswith("As of 3 Dec 2025: ") and "Thirty-eight ships" in answer.text
    assert "agreed late last night" not in answer.text  # Friday's news
    assert "began a blockade" in answer.text  # the story so far, not only what happened on Wednesday
    assert {c.date for c in answer.citations} <= {"2025-12-01", "2025-12-03"}


def test_a_briefing_takes_no_sentence_that_points_back_to_one_it_left_out(tmp_path, embedder):
    talks = article(
        "Kellingham blockade talks", "Harbour Gazette", "2025-12-03",
        "The fisheries minister met the Kellingham fishermen on Wednesday to discuss the blockade.",
        "He said the quota cut of 18% would be reviewed by the end of the month.",
        "Thirty-eight ships were waiting outside Kellingham harbour as the blockade went on.",
        "Petrol stations in Kellingham began limiting sales because of the blockade.",
        '"We have waited for weeks. The Kellingham blockade stays until the quota cut is dropped by the '
        'minister," a skipper said.',
    )  # fmt: skip
    kb = news_kb(tmp_path, embedder, {"talks.txt": talks})
    answer = kb.ask("What's the latest on the Kellingham blockade?")
    assert answer.kind == "story" and "Thirty-eight ships" in answer.text
    assert "He said" not in answer.text
    assert "The Kellingham blockade stays" not in answer.text  # half a quotation, without its start


def test_an_aside_from_another_storys_article_stays_out(tmp_path, embedder):
    """A piece on the port's record year shares the story's names; its title says it is another story."""
    folder = _story(tmp_path / "news")
    (folder / "cargo.txt").write_text(
        "Title: Kellingham cargo volumes hit record level\nSource: Meridian Times\nDate: 2025-12-04\n\n"
        "The port of Kellingham handled 4.1 million tonnes of cargo last year, its annual report said. "
        "The report was published before the fishermen's blockade of the harbour began.\n"
    )
    (folder / "more.txt").write_text(
        "Title: Kellingham blockade hits fuel supplies\nSource: Northfield Post\nDate: 2025-12-04\n\n"
        "Petrol stations in Kellingham limited sales to £30 a car as the blockade cut fuel deliveries. "
        "The port authority said the blockade was costing £1.2m a day in lost fees. "
        "Skippers in other ports said they would join the blockade if the quota cut went ahead.\n"
    )
    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    kb.ingest([folder])
    answer = kb.ask("What's the latest on the Kellingham port blockade?")
    assert answer.kind == "story" and "agreed late last night" in answer.text
    assert "4.1 million tonnes" not in answer.text


def test_what_happened_on_a_weekday_is_the_latest_such_day_not_any(tmp_path, embedder):
    """Issue 25: 'What happened on Tuesday?' over a week of news means the last Tuesday, not a Tuesday a
    week earlier or a forecast for next Tuesday."""
    pier = article(
        "Pier approved", "Gazette", "2025-11-25", "The harbour board met on Tuesday to approve the pier."
    )
    storm = article(
        "Storm Hilda", "Gazette", "2025-12-02",
        "Storm Hilda brought down power lines across the coast on Tuesday, leaving 9,000 homes without "
        "electricity. Engineers expect to restore supplies next Tuesday at the latest.",
    )  # fmt: skip
    kb = news_kb(tmp_path, embedder, {"pier.txt": pier, "storm.txt": storm})
    answer = kb.ask("What happened on Tuesday?")
    assert answer.kind == "story" and "9,000 homes" in answer.text
    assert "pier" not in answer.text and "next Tuesday" not in answer.text


def test_the_latest_leads_with_the_newest_article_though_older_ones_match_better(tmp_path, embedder):
    """Issue 25: the newest development is in a latest-news briefing even when older articles' sentences
    name the story in more of its words and fill the briefing's length."""
    facts = {
        "2025-12-01": "The Kellingham blockade began when fishermen lashed sixty boats across the mouth of "
        "Kellingham harbour in protest at the quota cut, and the blockade stopped all cargo at Kellingham.",
        "2025-12-02": "Petrol stations around Kellingham rationed fuel on the second day of the blockade, "
        "because the tanker for the Kellingham terminal could not pass the blockade of the harbour.",
        "2025-12-03": "The fisheries minister agreed to meet the Kellingham fishermen about the blockade, "
        "after refusing for two days, and the Kellingham blockade leaders said they would listen to him.",
        "2025-12-04": "Kellingham port authority said the blockade of Kellingham harbour cost £1.2m a day "
        "in lost fees, and that the blockade had left thirty-eight ships at anchor in the Kellingham bay.",
    }
    older = {f"{day}.txt": article(f"Kellingham blockade {day}", "Harbour Gazette", day, text)
             for day, text in facts.items()}  # fmt: skip
    newest = article(
        "Kellingham backlog eases", "Northfield Post", "2025-12-07",
        "Twenty-seven ships were still waiting to enter Kellingham harbour as port staff cleared the queue "
        "left by the fishermen's blockade.",
    )  # fmt: skip
    kb = news_kb(tmp_path, embedder, {**older, "newest.txt": newest})
    answer = kb.ask("What's the latest on the Kellingham blockade?")
    assert answer.text.startswith("As of 7 Dec 2025: Twenty-seven ships were still waiting")


def test_the_newest_article_is_led_by_its_first_sentence(tmp_path, embedder):
    """News puts the most important fact first: the newest article's lead is in "the latest", though a
    later sentence names the story in more of its words and older articles fill the length."""
    older = {
        f"{day}.txt": article(
            f"Kellingham port blockade {day}", "Harbour Gazette", day, "Gulls circled.", text
        )
        for day, text in [
            (
                "2025-12-01",
                "Fishing boats blocked the entrance to Kellingham port in a blockade over quota cuts.",
            ),
            (
                "2025-12-02",
                "The Kellingham port blockade left petrol stations rationing fuel on its second day.",
            ),
            ("2025-12-03", "The minister agreed to meet the fishermen behind the Kellingham port blockade."),
            ("2025-12-04", "The Kellingham port blockade ended when the minister softened the quota cut."),
        ]
    }
    newest = article(
        "Kellingham backlog eases", "Northfield Post", "2025-12-07",
        "Twenty-seven ships were still waiting outside Kellingham port yesterday, days after the blockade "
        "ended.",
        "The Kellingham Port Authority said the cost of the Kellingham port blockade was still being "
        "counted.",
    )  # fmt: skip
    kb = news_kb(tmp_path, embedder, {**older, "newest.txt": newest})
    answer = kb.ask("What's the latest on the Kellingham port blockade?")
    assert answer.text.startswith("As of 7 Dec 2025: Twenty-seven ships were still waiting")


def test_the_latest_is_led_by_an_article_of_the_story_not_a_newer_ones_aside():
    """Another story's newer article may mention the topic once; an article whose own first sentence
    is about the story leads instead."""
    from rag.answer.briefing import _newest_lead
    from tests.support.passages import hit

    theft = hit("Thieves stole a chalice from Brandmoor Museum. Police appealed for help.", 0)
    budget = hit("The council passed its budget. It also discussed the museum theft.", 1)
    pool = [
        (0, 0, "Thieves stole a chalice from Brandmoor Museum."),
        (1, 32, "It also discussed the museum theft."),
    ]
    relevance = np.array([0.8, 0.7])
    assert _newest_lead(pool, relevance, [1, 2], [theft, budget]) == [0]
    # with no article's first sentence about the story, the newest article's best sentence leads
    assert _newest_lead(pool[1:], relevance[1:], [1, 2], [theft, budget]) == [0]


def test_a_sentence_opening_a_quotation_it_does_not_close_is_left_out(tmp_path, embedder):
    text = article(
        "Fans fight to save Kiln Lane", "Valley Echo", "2026-03-14",
        'Lifelong fan Maureen Fairlie said of the Kiln Lane ground sale: "My dad took me to Kiln Lane when '
        "I was six. I'm not having my grandchildren told it's a housing estate.\"",
        "The sale of Kiln Lane to Corrigan Homes cannot go ahead for six months, the council said.",
    )  # fmt: skip
    kb = news_kb(tmp_path, embedder, {"kiln.txt": text})
    answer = kb.ask("What's the latest on the Kiln Lane ground sale?")
    assert "six months" in answer.text and "My dad took me" not in answer.text
