import builtins
import json
import re
import shutil

import pytest

from rag import REFUSAL
from rag.cli.main import main
from tests.support.cli import rag_process, run
from tests.support.corpus import CORPUS, SAMPLE
from tests.support.openai_server import OpenAIServer, passage_number

EU = "How much would the EU loan to Ukraine be?"


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """A home with the sample article, ingested through the CLI once for the module."""
    path = tmp_path_factory.mktemp("cli") / "home"
    assert main(["--home", str(path), "ingest", str(CORPUS)]) == 0
    return str(path)


def test_reingest_reports_unchanged(home, capsys):
    code, out, _ = run(capsys, "--home", home, "ingest", str(CORPUS))
    assert code == 0
    assert out.strip() == "0 added, 0 updated, 1 unchanged, 0 removed, 0 failed (0 chunks embedded)"


def test_ask_prints_answer_and_sources(home, capsys):
    code, out, err = run(capsys, "--home", home, "ask", EU)
    assert code == 0 and err == ""
    assert "€90 billion" in out.splitlines()[0]
    assert "[1] Ukraine peace talks (Guardian, Reuters and AP):" in out


def test_ask_json(home, capsys):
    code, out, _ = run(capsys, "--home", home, "ask", EU, "--json")
    data = json.loads(out)
    assert code == 0
    assert {"text", "citations", "abstained", "unsupported", "model"} <= set(data)
    assert "€90 billion" in data["text"] and data["abstained"] is False and data["model"] == "extractive"
    assert any("€90 billion loan" in c["text"] for c in data["citations"])


def test_ask_refusal_json(home, capsys):
    code, out, _ = run(capsys, "--home", home, "ask", "Who won the 2018 World Cup?", "--json")
    data = json.loads(out)
    assert code == 0 and data["abstained"] is True and data["citations"] == []


def test_ask_with_a_source_filter(home, capsys):
    code, out, _ = run(capsys, "--home", home, "ask", EU, "--source", "Nobody", "--json")
    assert code == 0 and json.loads(out)["abstained"] is True


@pytest.mark.parametrize("k", [2, 3])
def test_ask_k_is_the_number_of_passages_the_model_reads(home, capsys, monkeypatch, k):
    """`rag ask -k N` with an LLM: the prompt the (real, local) server receives numbers exactly N passages."""
    with OpenAIServer(
        lambda r: f"The EU loan would be €90 billion [{passage_number(r, '€90 billion')}]."
    ) as server:
        monkeypatch.setenv("RAG_API_BASE", server.url)
        monkeypatch.setenv("RAG_API_KEY", "x")
        code, out, _ = run(capsys, "--home", home, "--model", "openai/x", "ask", EU, "-k", str(k), "--json")
    assert code == 0 and json.loads(out)["model"] == "openai/x"
    prompt = server.requests[-1][1]["messages"][-1]["content"]
    assert re.findall(r"^\[(\d+)\] ", prompt, re.M) == [str(n) for n in range(1, k + 1)]


@pytest.mark.parametrize(
    ("dates", "titles"),
    [
        (["--since", "2024-06-01", "--until", "2024-12-31"], {"Glacier retreat measured in the Alps"}),
        (["--since", "2025-01-01"], {"Electric ferry crosses the fjord"}),
        (["--until", "2024-03-31"], {"Central bank raises interest rates"}),
    ],
)
def test_search_date_filters(topics_kb, capsys, dates, titles):
    """--since/--until keep only articles dated in the range (records of 2024-03, 2024-07, 2025-01)."""
    home = str(topics_kb.settings.home)
    code, out, _ = run(capsys, "--home", home, "search", "news of the year", "--json", *dates)
    assert code == 0 and {h["title"] for h in json.loads(out)} == titles


def test_search_json_and_text(home, capsys):
    code, out, _ = run(capsys, "--home", home, "search", EU, "-k", "2", "--json")
    hits = json.loads(out)
    assert code == 0 and len(hits) == 2
    assert any("€90 billion loan" in h["text"] for h in hits)
    code, out, _ = run(capsys, "--home", home, "search", EU, "-k", "2")
    assert out.startswith("[1] ") and "Ukraine peace talks" in out


def test_stats(home, capsys):
    code, out, _ = run(capsys, "--home", home, "stats", "--json")
    data = json.loads(out)
    assert code == 0 and data["articles"] == 1 and data["chunks"] > 1
    code, out, _ = run(capsys, "--home", home, "stats")
    assert out.startswith("1 articles,") and "Ukraine peace talks" in out


def test_ingest_with_bad_files_fails_but_ingests_the_rest(tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "empty.txt").write_text("")
    (docs / "good.txt").write_text("A new footbridge opened over the river.")
    code, out, err = run(capsys, "--home", str(tmp_path / "h"), "ingest", str(docs))
    assert code == 1
    assert out.startswith("1 added,") and "1 failed" in out
    assert [line for line in err.splitlines() if line.startswith("rag: error:")] == [
        f"rag: error: {docs / 'empty.txt'}: empty file"
    ]


def test_sync_removes_deleted_files(tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SAMPLE, docs)
    (docs / "extra.txt").write_text("A new footbridge opened over the river.")
    h = str(tmp_path / "h")
    assert run(capsys, "--home", h, "sync", str(docs))[0] == 0
    (docs / "extra.txt").unlink()
    code, out, _ = run(capsys, "--home", h, "sync", str(docs))
    assert code == 0 and out.startswith("0 added, 0 updated, 1 unchanged, 1 removed")


def test_ask_with_an_unreachable_model_exits_3(home, capsys, monkeypatch):
    for name, value in {"RAG_API_BASE": "http://127.0.0.1:9", "RAG_API_KEY": "x", "RAG_RETRIES": "0",
                        "RAG_TIMEOUT": "2"}.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    code, out, err = run(capsys, "--home", home, "--model", "openai/x", "ask", EU)
    assert code == 3
    assert "€90 billion" in out
    [line] = err.strip().splitlines()
    assert line.startswith("rag: error: model openai/x")


FUNDING = "What did the European Commission announce about funding Ukraine?"


def test_chat_uses_the_history(home, capsys, monkeypatch):
    """ "How much would it be?" is answered (€90 billion) only from the conversation; alone it is refused."""
    questions = iter([FUNDING, "How much would it be?", ""])
    monkeypatch.setattr(builtins, "input", lambda prompt="": next(questions))
    code, out, _ = run(capsys, "--home", home, "chat")
    answers = [
        line
        for line in out.splitlines()
        if line and not line.startswith(("  ", "Ask about", "→ ", "saved as"))
    ]
    assert code == 0 and len(answers) == 2, out
    assert "€90 billion" in answers[1] and REFUSAL not in answers[1]
    phrases = [line for line in out.splitlines() if line.startswith("→ ")]
    # the follow-up's phrase, printed before its answer
    assert phrases[-1] == "→ €90 billion" and out.rindex(phrases[-1]) < out.rindex(answers[1])
    code, out, _ = run(capsys, "--home", home, "ask", "How much would it be?")
    assert out.startswith(REFUSAL)  # the same words without the history


# --- errors that happen before the model loads, in a real process ------------------------------------


@pytest.mark.parametrize(
    ("argv", "env", "message"),
    [
        (["ingest", "no/such/path"], {}, "no such file or folder"),
        (["sync", "no/such/folder"], {}, "not a folder"),
        (["ask", "  "], {}, "empty question"),
        (["--model", "bogus/x", "ask", "hi"], {}, "unknown model 'bogus/x'"),
        (["stats"], {"RAG_CHROMA_URL": "http://127.0.0.1:9"}, "cannot open Chroma at http://127.0.0.1:9"),
        (["stats"], {"RAG_K": "many"}, "RAG_K must be"),
    ],
    ids=["missing-path", "missing-folder", "empty-question", "unknown-model", "no-chroma", "bad-setting"],
)
def test_errors_are_one_line(tmp_path, argv, env, message):
    proc = rag_process("--home", str(tmp_path / "h"), *argv, cwd=tmp_path, **env)
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("rag: error:") and message in lines[0]
    assert "Traceback" not in proc.stderr + proc.stdout
