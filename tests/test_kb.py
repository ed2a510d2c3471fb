import re

import pytest

import rag
from rag import REFUSAL, llm
from rag.types import Answer

EU = "How much would the EU loan to Ukraine be?"
GOOD = "The EU loan would be €90 billion [{n}]."
BAD = "The EU would lend $1.2 billion [{n}]."


def eu_passage(messages):
    """The number the prompt gives the passage holding the €90 billion loan."""
    content = messages[-1]["content"]
    return int(re.findall(r"^\[(\d+)\] ", content[: content.index("€90 billion")], re.M)[-1])


def fake_stream(template, calls=None):
    def stream(messages, settings, max_tokens=400):
        if calls is not None:
            calls.append(messages)
        text = template.format(n=eu_passage(messages)) if "{n}" in template else template
        yield from re.findall(r"\S+\s*", text)

    return stream


@pytest.fixture
def llm_kb(sample_home, embedder):
    return rag.open(home=sample_home, model="openai/test", api_key="x", embedder=embedder)


def test_answers_the_eu_loan_question(sample_kb):
    answer = sample_kb.ask(EU)
    assert not answer.abstained and answer.model == "extractive"
    assert "€90 billion" in answer.text
    assert re.search(r"\[1\]", answer.text)
    assert any("€90 billion loan" in c.text for c in answer.citations)
    assert answer.citations[0].title == "Ukraine peace talks" and answer.citations[0].quote
    assert answer.unsupported == [] and answer.question == EU


@pytest.mark.parametrize("question", ["What is the capital of France?", "Who won the 2018 World Cup?"])
def test_out_of_corpus_questions_are_refused(sample_kb, question):
    answer = sample_kb.ask(question)
    assert answer.abstained and answer.text == REFUSAL and answer.citations == []


def test_stream_yields_text_pieces_then_the_answer(sample_kb):
    items = list(sample_kb.stream(EU))
    *pieces, final = items
    assert len(pieces) > 1 and all(isinstance(p, str) for p in pieces)
    assert isinstance(final, Answer)
    assert "".join(pieces) == final.text and "€90 billion" in final.text


def test_stream_of_a_refusal(sample_kb):
    *pieces, final = list(sample_kb.stream("Who won the 2018 World Cup?"))
    assert "".join(pieces) == final.text == REFUSAL


@pytest.mark.parametrize("question", ["", "   ", None])
def test_empty_question_is_an_error(sample_kb, question):
    with pytest.raises(rag.RagError, match="empty question"):
        sample_kb.ask(question)


def test_filters_apply_to_answers(sample_kb):
    assert sample_kb.ask(EU, filters={"source": "Somebody else"}).abstained
    assert not sample_kb.ask(EU, filters={"source": "Guardian, Reuters and AP"}).abstained


def test_empty_knowledge_base_refuses(kb):
    answer = kb.ask(EU)
    assert answer.abstained and kb.search(EU) == []


def test_stats(sample_kb):
    stats = sample_kb.stats()
    assert stats["articles"] == 1 and stats["chunks"] > 1 and stats["model"] == "extractive"
    [row] = stats["list"]
    assert (row["title"], row["source"]) == ("Ukraine peace talks", "Guardian, Reuters and AP")


def test_stats_newest_first_and_kept_until_the_store_changes(kb, tmp_path):
    for name, date in (("Old", "2024-01-05"), ("New", "2025-03-09")):
        body = f"Title: {name} harvest\nDate: {date}\n\nThe {name} orchard picked plums in August."
        (tmp_path / f"{name}.txt").write_text(body)
        kb.ingest([tmp_path / f"{name}.txt"])
    first = kb.stats()
    assert [a["title"] for a in first["list"]] == ["New harvest", "Old harvest"]
    assert kb.stats() is first  # unchanged store: not listed again
    (tmp_path / "Mid.txt").write_text("Title: Mid harvest\nDate: 2024-06-01\n\nThe Mid orchard picked pears.")
    kb.ingest([tmp_path / "Mid.txt"])
    assert [a["title"] for a in kb.stats()["list"]] == ["New harvest", "Mid harvest", "Old harvest"]


def test_open_uses_settings_and_rejects_unknown_models(tmp_path, embedder):
    kb = rag.open(home=tmp_path / "h", k=3, collection="news", embedder=embedder)
    assert (kb.settings.k, kb.settings.collection, kb.model) == (3, "news", "extractive")
    assert (tmp_path / "h" / "chroma").is_dir()
    with pytest.raises(rag.RagError, match="unknown model"):
        rag.open(home=tmp_path / "h", model="bogus/x", embedder=embedder)


def test_open_reads_rag_home(tmp_path, monkeypatch, embedder):
    monkeypatch.setenv("RAG_HOME", str(tmp_path / "envhome"))
    assert rag.open(embedder=embedder).settings.home == tmp_path / "envhome"


# --- with an LLM (the LLM layer is replaced by a fixed completion) ---------------------------------------


def test_unverifiable_llm_answer_is_replaced_by_the_extractive_one(llm_kb, monkeypatch):
    monkeypatch.setattr(llm, "stream", fake_stream(BAD))
    answer = llm_kb.ask(EU)
    assert answer.model == "extractive"
    assert "$1.2 billion" not in answer.text and "€90 billion" in answer.text
    assert "openai/test" in answer.note and "could not be verified" in answer.note
    assert any("€90 billion loan" in c.text for c in answer.citations)


def test_verified_llm_answer_is_kept(llm_kb, monkeypatch):
    monkeypatch.setattr(llm, "stream", fake_stream(GOOD))
    answer = llm_kb.ask(EU)
    assert answer.text == "The EU loan would be €90 billion [1]."
    assert (answer.model, answer.note) == ("openai/test", "")
    assert [c.n for c in answer.citations] == [1]
    assert "€90 billion loan" in answer.citations[0].text
    assert answer.unsupported == []


def test_llm_stream_yields_the_model_pieces(llm_kb, monkeypatch):
    monkeypatch.setattr(llm, "stream", fake_stream(GOOD))
    *pieces, final = list(llm_kb.stream(EU))
    assert len(pieces) > 1 and "".join(pieces).startswith("The EU loan would be €90 billion [")
    assert isinstance(final, Answer) and final.model == "openai/test"


def test_llm_refusal_abstains(llm_kb, monkeypatch):
    monkeypatch.setattr(llm, "stream", fake_stream(REFUSAL))
    answer = llm_kb.ask(EU)
    assert answer.abstained and answer.text == REFUSAL and answer.model == "openai/test"


def test_weak_evidence_refuses_without_asking_the_llm(llm_kb, monkeypatch):
    calls = []
    monkeypatch.setattr(llm, "stream", fake_stream(GOOD, calls))
    answer = llm_kb.ask("What is the capital of France?")
    assert answer.abstained and answer.text == REFUSAL and calls == []


def test_unreachable_llm_falls_back_to_extractive(sample_home, embedder):
    kb = rag.open(home=sample_home, model="openai/x", api_base="http://127.0.0.1:9", api_key="x", retries=1,
                  timeout=2, embedder=embedder)  # fmt: skip
    answer = kb.ask(EU)
    assert answer.model == "extractive" and "€90 billion" in answer.text
    assert "openai/x" in answer.note and "extractive" in answer.note


def test_llm_rewrites_the_follow_up(llm_kb, monkeypatch):
    rewritten = "How much would the EU loan to Ukraine be, in euros?"
    prompts = []

    def complete(messages, settings, max_tokens=400):
        prompts.append(messages[0]["content"])
        return f'"{rewritten}"\nextra line'

    monkeypatch.setattr(llm, "complete", complete)
    monkeypatch.setattr(llm, "stream", fake_stream(GOOD))
    history = [{"role": "user", "content": "What did the Commission announce?"},
               {"role": "assistant", "content": "A loan plan [1]."}]  # fmt: skip
    answer = llm_kb.ask("How big is it?", history=history)
    assert answer.question == rewritten
    assert "What did the Commission announce?" in prompts[0] and "How big is it?" in prompts[0]


def test_failed_llm_rewrite_falls_back_to_the_deterministic_one(llm_kb, monkeypatch):
    def down(messages, settings, max_tokens=400):
        raise llm.LLMUnavailable("model openai/test unreachable: refused")

    monkeypatch.setattr(llm, "complete", down)
    monkeypatch.setattr(llm, "stream", fake_stream(GOOD))
    history = [{"role": "user", "content": "What did the European Commission announce?"},
               {"role": "assistant", "content": "A loan plan [1]."}]  # fmt: skip
    answer = llm_kb.ask("How big is it?", history=history)
    assert answer.question.startswith("How big is it? (") and "Commission" in answer.question
