from dataclasses import fields
from pathlib import Path

import pytest

from rag.core.config import Settings
from rag.core.errors import RagError


def test_defaults_without_environment():
    s = Settings.from_env({})
    assert s == Settings()
    assert (s.home, s.model, s.k, s.chunk_tokens, s.chroma_url) == (Path(".rag"), "extractive", 5, 256, None)


def test_environment_is_parsed_to_field_types():
    s = Settings.from_env(
        {"RAG_HOME": "~/kb", "RAG_K": "3", "RAG_MIN_COVERAGE": "0.7", "RAG_MODEL": "openai/x",
         "RAG_API_BASE": "http://h:1/v1", "RAG_CHROMA_URL": "", "OTHER": "1"}
    )  # fmt: skip
    assert s.home == Path("~/kb").expanduser() and s.k == 3 and s.min_coverage == 0.7
    assert (s.model, s.api_base, s.chroma_url) == ("openai/x", "http://h:1/v1", None)


def test_overrides_beat_the_environment_and_none_is_ignored():
    s = Settings.from_env({"RAG_K": "3", "RAG_MODEL": "openai/x"}, k=4, model=None)
    assert (s.k, s.model) == (4, "openai/x")


def test_reads_os_environ_by_default(monkeypatch):
    monkeypatch.setenv("RAG_COLLECTION", "news")
    assert Settings.from_env().collection == "news"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"RAG_K": "five"}, "RAG_K must be .*'five'"),
        ({"RAG_TIMEOUT": "soon"}, "RAG_TIMEOUT must be .*'soon'"),
        ({"RAG_COLLECTION": "ab"}, "RAG_COLLECTION must have 3-40 characters"),
        ({"RAG_CHUNK_TOKENS": "512"}, "RAG_CHUNK_TOKENS must be 32..256"),
        ({"RAG_CHUNK_TOKENS": "16"}, "RAG_CHUNK_TOKENS must be 32..256"),
        ({"RAG_K": "0"}, "RAG_K must be >= 1"),
        ({"RAG_K": "31"}, "RAG_K must be >= 1 and <= RAG_CANDIDATES"),
        ({"RAG_RETRIES": "-1"}, "RAG_RETRIES must be >= 0, got -1"),
        ({"RAG_TIMEOUT": "0"}, "RAG_TIMEOUT must be >= "),
        ({"RAG_MAX_QUESTION_CHARS": "0"}, "RAG_MAX_QUESTION_CHARS must be >= 1"),
        ({"RAG_OVERLAP_TOKENS": "256"}, "RAG_OVERLAP_TOKENS must be below RAG_CHUNK_TOKENS"),
        ({"RAG_MIN_COVERAGE": "2"}, "RAG_MIN_COVERAGE must be between 0 and 1"),
    ],
)
def test_bad_values_are_one_line_errors(env, message):
    with pytest.raises(RagError, match=message) as err:
        Settings.from_env(env)
    assert "\n" not in str(err.value)


def test_describe_lists_every_setting():
    rows = Settings.describe()
    assert [r[0] for r in rows] == ["RAG_" + f.name.upper() for f in fields(Settings)]
    assert all(description for _, _, description in rows)
    assert rows[[r[0] for r in rows].index("RAG_K")][:2] == ("RAG_K", "5")
