"""Story answers (issue 25): a dated briefing of several cited sentences, newest article first, each
sentence once however many outlets carried it, and "As of <newest date>"."""

import re

import rag

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
