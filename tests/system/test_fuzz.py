"""Property-based fuzzing (hypothesis) of the readers and the question path, on a real knowledge base.

Random bytes, file names (unicode, odd characters, non-UTF-8 bytes), encodings and deep JSON go
through ``ingest`` as real files; random text (surrogates, control characters, markup, very long)
goes to ``ask`` and ``search``. Whatever comes in: no exception but ``rag.RagError``, and the article
ingested first is still found afterwards. Bounded and derandomized, so CI runs the same examples.
"""

from __future__ import annotations

import json
import os
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rag
from rag.core.types import Answer
from tests.support.corpus import SAMPLE

EU = "How much would the EU loan to Ukraine be?"
FUZZ = settings(
    max_examples=40, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)  # fmt: skip
SUFFIXES = [".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".TXT", "", ".pdf", ".docx", ".txt~"]
ANY_CHAR = st.characters(exclude_categories=())  # surrogates and control characters included
MARKUP = st.sampled_from([
    "<script>alert(1)</script>", "<b>", "</p>", "[1]", "[99]", "{{question}}", "{passages}", "\x00", "\r\n",
    "&amp;", "\u202e", "\ufeff", "'; DROP TABLE articles; --", "```", "# ", "Title: ", "%s", "\\",
])  # fmt: skip
TEXT = st.lists(st.one_of(st.text(ANY_CHAR, max_size=40), MARKUP), max_size=12).map("".join)


@pytest.fixture(scope="module")
def fuzz_kb(tmp_path_factory, embedder):
    """A knowledge base holding the sample article; fuzzed files are added to it."""
    kb = rag.open(home=tmp_path_factory.mktemp("fuzz") / "home", embedder=embedder)
    assert kb.ingest([SAMPLE]).added
    return kb


def assert_sample_still_found(kb) -> None:
    assert any("€90 billion loan" in h.text for h in kb.search(EU, k=5)), "the sample article disappeared"


def ingest_file(kb, name: bytes, data: bytes):
    """Write ``data`` as a real file named ``name`` (raw bytes: any name Linux allows) and ingest it."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(os.fsencode(folder), name)
        with open(path, "wb") as f:
            f.write(data)
        try:
            return kb.ingest([folder])
        except rag.RagError:
            return None  # a refusal with a message is fine; any other exception fails the test


NAME_TEXT = st.text(st.characters(exclude_characters="/\x00", exclude_categories=("Cs",)), min_size=1,
                    max_size=60).filter(lambda s: s not in (".", ".."))  # fmt: skip
NAME_BYTES = st.binary(min_size=1, max_size=60).filter(lambda b: b"/" not in b and b"\x00" not in b)
NAMES = (
    st.tuples(st.one_of(NAME_TEXT.map(os.fsencode), NAME_BYTES), st.sampled_from(SUFFIXES))
    .map(lambda t: (t[0] + t[1].encode())[:250])
    .filter(lambda b: b not in (b".", b".."))
)


@FUZZ
@given(name=NAMES, data=st.binary(max_size=3000))
def test_any_file_name_and_bytes(fuzz_kb, name: bytes, data: bytes):
    """Random bytes under any file name: ingested or refused with a message; nothing stored is lost."""
    ingest_file(fuzz_kb, name, data)
    assert_sample_still_found(fuzz_kb)


@FUZZ
@given(
    # Control characters are left out: a file whose text is over 1% controls is taken for binary
    # (the check that keeps charset-normalizer from reading binaries as text); random bytes are fuzzed above.
    body=st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=400),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]),
    n=st.integers(0, 10**9),
)
def test_text_in_any_encoding_is_ingested(fuzz_kb, body: str, encoding: str, n: int):
    """A readable article (words, then random text without control characters) in UTF-8, UTF-16 with
    BOM or Latin-1 is added."""
    text = f"The harbour of Zorbeck reopened after repairs number {n}. {body}"
    if encoding == "latin-1":
        text = text.encode("latin-1", errors="replace").decode("latin-1")
    report = ingest_file(fuzz_kb, os.fsencode(f"article-{n}") + b".txt", text.encode(encoding))
    assert report is not None and not report.failed, (encoding, report)
    assert len(report.added) + len(report.skipped) + len(report.updated) == 1
    assert_sample_still_found(fuzz_kb)


RECORD = {"title": "Deep", "text": "A deeply nested record about the harbour."}


@FUZZ
@given(
    depth=st.one_of(st.integers(0, 50), st.integers(900, 1100), st.integers(5000, 100_000)),
    kind=st.sampled_from(["list", "articles", "dict"]),
    suffix=st.sampled_from([".json", ".jsonl"]),
)
def test_deeply_nested_json(fuzz_kb, depth: int, kind: str, suffix: str):
    """Nested JSON of any depth is read or refused with a message (never RecursionError)."""
    opener, closer = {"list": ("[", "]"), "articles": ('{"articles":', "}"), "dict": ('{"x":', "}")}[kind]
    raw = opener * depth + json.dumps(RECORD) + closer * depth
    ingest_file(fuzz_kb, b"deep" + suffix.encode(), raw.encode())
    assert_sample_still_found(fuzz_kb)


QUESTIONS = st.one_of(
    TEXT,
    st.tuples(st.text(ANY_CHAR, min_size=1, max_size=20), st.integers(1_000, 50_000)).map(
        lambda t: t[0] * t[1]
    ),
    st.binary(max_size=200).map(lambda b: b.decode("utf-8", errors="surrogateescape")),
)


@FUZZ
@given(question=QUESTIONS)
def test_any_question_to_ask(fuzz_kb, question: str):
    """Any text asked: an Answer (cited, or a refusal) or a RagError with a message."""
    try:
        answer = fuzz_kb.ask(question)
    except rag.RagError as e:
        assert str(e)
        return
    assert isinstance(answer, Answer) and (answer.abstained or answer.citations)


@FUZZ
@given(question=QUESTIONS, k=st.integers(1, 30))
def test_any_question_to_search(fuzz_kb, question: str, k: int):
    try:
        hits = fuzz_kb.search(question, k=k)
    except rag.RagError as e:
        assert str(e)
        return
    assert len(hits) <= k and all(isinstance(h.text, str) and h.text for h in hits)
