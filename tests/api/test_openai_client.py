"""The OpenAI-compatible endpoints (issue 27) through the real ``openai`` Python package, against one
real ``rag serve`` process whose home has corpus/ (the Ukraine peace talks article) synced."""

import openai
import pytest

from tests.support.corpus import CORPUS
from tests.support.server import error_of, rag_server

LOAN = "How much would the EU loan to Ukraine be?"
ANNOUNCED = "What did the European Commission announce about Ukraine?"
FOLLOW_UP = "How big would that loan be?"  # says nothing on its own; after ANNOUNCED, the €90 billion loan


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    home = tmp_path_factory.mktemp("openai") / "home"
    with rag_server(home, CORPUS) as url:
        yield openai.OpenAI(base_url=url + "/v1", api_key="unused", max_retries=0, timeout=120)


@pytest.fixture(scope="module")
def loan(client):
    """The non-streamed completion answering LOAN."""
    return client.chat.completions.create(
        model="articles:extractive", messages=[{"role": "user", "content": LOAN}]
    )


def extras(obj) -> dict:
    """The fields beyond OpenAI's own on a completion or chunk."""
    extra = obj.model_extra or {}
    assert extra == {k: v for k, v in obj.to_dict().items() if k in extra}
    return extra


def test_models_lists_the_collection_and_its_answerers(client):
    models = list(client.models.list())
    ids = [m.id for m in models]
    assert "articles" in ids and "articles:extractive" in ids, ids
    assert len(ids) == len(set(ids)), ids
    assert all(m.object == "model" and m.owned_by == "rag" and isinstance(m.created, int) for m in models)
    assert all(i == "articles" or i.startswith("articles:") for i in ids), ids  # the only collection


def test_completion_is_the_cited_answer_with_its_sources(loan):
    assert loan.object == "chat.completion"
    assert loan.model == "articles:extractive"
    choice = loan.choices[0]
    assert len(loan.choices) == 1 and choice.finish_reason == "stop"
    assert choice.message.role == "assistant"
    content = choice.message.content
    answer, sep, sources = content.partition("\n\nSources:\n")
    assert sep, content
    assert "€90 billion" in answer and "[1]" in answer, answer
    lines = sources.strip().splitlines()
    assert lines[0].startswith("[1] Ukraine peace talks — Guardian, Reuters and AP"), lines
    assert [line.split("]")[0] for line in lines] == [f"[{n}" for n in range(1, len(lines) + 1)], lines


def test_completion_carries_citations_and_search_results(loan):
    extra = extras(loan)
    results = extra["search_results"]
    assert len(extra["citations"]) == len(results) >= 1, extra
    first = results[0]
    assert {"n", "title", "source", "date", "url", "quote"} <= set(first), first
    assert first["n"] == 1 and first["title"] == "Ukraine peace talks"
    assert "€90 billion" in first["quote"], first
    assert extra["citations"][0] == (first["url"] or first["title"]), extra["citations"]
    assert extra["rag"]["abstained"] is False and extra["rag"]["unsupported"] == []
    assert isinstance(extra["rag"]["kind"], str)
    lines = loan.choices[0].message.content.split("\n\nSources:\n")[1].strip().splitlines()
    assert len(lines) == len(results), (lines, results)


def test_streamed_deltas_add_up_to_the_completion(client, loan):
    stream = client.chat.completions.create(
        model="articles:extractive", messages=[{"role": "user", "content": LOAN}], stream=True
    )
    chunks = list(stream)
    assert len(chunks) >= 2 and all(c.object == "chat.completion.chunk" for c in chunks)
    content = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert content == loan.choices[0].message.content
    ends = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
    assert ends == ["stop"], ends
    last = extras(chunks[-1])
    assert last["citations"] == extras(loan)["citations"]
    assert last["search_results"] == extras(loan)["search_results"]


def test_follow_up_uses_the_messages_history(client):
    alone = client.chat.completions.create(
        model="articles", messages=[{"role": "user", "content": FOLLOW_UP}]
    )
    assert extras(alone)["rag"]["abstained"] is True, alone.choices[0].message.content
    first = client.chat.completions.create(
        model="articles", messages=[{"role": "user", "content": ANNOUNCED}]
    )
    said = first.choices[0].message.content
    assert "€90 billion" in said, said
    follow = client.chat.completions.create(
        model="articles",
        messages=[
            {"role": "system", "content": "Answer from the articles."},
            {"role": "user", "content": ANNOUNCED},
            {"role": "assistant", "content": said},
            {"role": "user", "content": FOLLOW_UP},
        ],
    )
    content = follow.choices[0].message.content
    assert extras(follow)["rag"]["abstained"] is False and "€90 billion" in content, content
    assert "[1]" in content and "\n\nSources:\n" in content


def test_unanswerable_question_abstains(client):
    done = client.chat.completions.create(
        model="articles:extractive",
        messages=[{"role": "user", "content": "Who won the 1998 football World Cup?"}],
    )
    assert extras(done)["rag"]["abstained"] is True
    assert extras(done)["citations"] == [] and "[1]" not in done.choices[0].message.content


def test_unknown_model_is_not_found(client):
    with pytest.raises(openai.NotFoundError) as caught:
        client.chat.completions.create(model="no-such-model", messages=[{"role": "user", "content": LOAN}])
    assert caught.value.status_code == 404
    error_of(caught.value.response, 404, "not_found")
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(
            model="nosuch:extractive", messages=[{"role": "user", "content": LOAN}]
        )
