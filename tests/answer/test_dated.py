"""Time in every answer (issue 25): a relative date in an answer sentence is followed by the date it
means, from the cited article's date, in Answer.text, Answer.dates and the short answer."""

import rag
from rag.answer.dated import dated
from rag.core.types import Answer, Hit
from rag.verify import check_sentence

BRIDGE = (
    "Title: Aldermoor Bridge shut\nSource: Northfield Post\nDate: 2025-12-02\n\n"
    "Aldermoor Bridge was closed to all traffic yesterday morning after inspectors found a crack in a "
    "bearing. Engineers will decide on Friday how long the repairs will take.\n"
)


def test_an_answer_says_the_date_its_relative_words_mean(tmp_path, embedder):
    (tmp_path / "bridge.txt").write_text(BRIDGE)
    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    kb.ingest([tmp_path / "bridge.txt"])
    answer = kb.ask("When was Aldermoor Bridge closed?")
    assert "closed to all traffic yesterday (1 Dec 2025) morning" in answer.text
    assert answer.dates["yesterday"] == "2025-12-01" and answer.short == "yesterday (1 Dec 2025)"
    assert not answer.unsupported  # the label is ours: the sentence still verifies against its source


def test_the_label_does_not_trouble_the_verifier_and_a_flagged_sentence_stays_as_written():
    source = "The talks were held on Tuesday in Moscow."
    assert check_sentence("The talks were held on Tuesday (2 Dec 2025) in Moscow [1].", {1: source}).supported
    hit = Hit("a#0", "a", "Talks", source, 1.0, "Post", "2025-12-04", 0, len(source))
    flagged = "The talks were held on Tuesday in Paris [1]."
    answer = Answer(flagged, unsupported=[flagged])
    assert dated(answer, [hit], [1]) == answer
    ok = dated(Answer("The talks were held on Tuesday in Moscow [1]."), [hit], [1])
    assert ok.text == "The talks were held on Tuesday (2 Dec 2025) in Moscow [1]." and ok.dates == {
        "on Tuesday": "2025-12-02"
    }
