"""Hostile questions and hostile text on the way out: markup, huge or invalid questions, bad -k, and
titles or file names carrying terminal control sequences. Library calls and real `rag` processes."""

import functools
import time

import pytest

import rag
from rag.cli.terminal import one_line, safe
from rag.core.errors import RagError
from rag.question.check import clean
from rag.text.terms import facts
from tests.support.cli import one_error_line
from tests.support.cli import rag_process as _rag_process
from tests.support.corpus import CORPUS

EU = "How much would the EU loan to Ukraine be?"
MARKUP_ARTICLE = (
    "Title: Script kiddies\n\nThe forum post read <script>alert(1)</script> and the moderators deleted it. "
    "Markup such as <b>bold</b> tags and alert(1) calls were banned from the forum.\n"
)
# Bytes in and out: invalid UTF-8 on the command line, escapes checked byte for byte.
rag_process = functools.partial(_rag_process, text=False)
EVIL_TITLE = "Evil \x1b[2J\x1b]0;pwned\x07 title"


@pytest.fixture(scope="module")
def home(tmp_path_factory, embedder):
    """The sample article, an article that quotes markup, and one whose title is an escape sequence."""
    base = tmp_path_factory.mktemp("questions")
    docs = base / "docs"
    docs.mkdir()
    (docs / "markup.txt").write_text(MARKUP_ARTICLE, encoding="utf-8")
    (docs / "evil.txt").write_text(
        f"Title: {EVIL_TITLE}\n\nThe harbour cranes were repaired at a cost of 3 million euros.\n",
        encoding="utf-8",
    )
    report = rag.open(home=base / "home", embedder=embedder).ingest([CORPUS, docs])
    assert not report.failed and len(report.added) == 3
    return base / "home"


@pytest.fixture(scope="module")
def kb(home, embedder):
    return rag.open(home=home, embedder=embedder)


# --- 11: markup in a question is not its content ------------------------------------------------


def test_clean_drops_tags_and_scripts_and_keeps_the_words():
    assert clean("<script>alert(1)</script> How much would the <b>EU</b> loan be?", 2000) == (
        "How much would the EU loan be?"
    )
    assert clean("<style>p{}</style><!-- x --><img src=x onerror=alert(1)>Who won?", 2000) == "Who won?"
    assert clean("Is 3 < 5 and 7 > 2?", 2000) == "Is 3 < 5 and 7 > 2?"  # not tags: kept
    with pytest.raises(RagError, match="empty question"):
        clean("<script>alert(1)</script>", 2000)


def test_a_question_wrapped_in_markup_is_answered_from_its_words(kb):
    answer = kb.ask("<script>alert(1)</script> How much would the EU <b>loan</b> to Ukraine be?")
    assert "€90 billion" in answer.text
    answer = kb.ask("<script>alert(1)</script> How much would the EU loan be?")  # the attack's words
    assert {c.title for c in answer.citations} == {"Ukraine peace talks"}
    top = kb.search("<script>alert(1)</script> How much would the EU loan be?", k=1)
    assert [h.title for h in top] == ["Ukraine peace talks"]  # not "Script kiddies"


# --- 13: a length cap, and term extraction linear in the text's length ---------------------------


def test_questions_longer_than_the_cap_are_refused_in_one_line(kb, home, embedder):
    with pytest.raises(RagError, match=r"question too long: 2,001 characters \(the limit is 2,000") as err:
        kb.ask("x" * 2001)
    assert "\n" not in str(err.value)
    with pytest.raises(RagError, match="too long"):
        kb.search("loan " * 1000)
    assert kb.search(("EU loan " * 250)[:2000], k=1)  # at the cap: fine
    small = rag.open(home=home, embedder=embedder, max_question_chars=10)
    with pytest.raises(RagError, match="limit is 10"):
        small.ask(EU)


def test_the_cap_reaches_the_cli(tmp_path, home):
    line = one_error_line(rag_process("--home", str(home), "ask", "loan " * 1000, cwd=tmp_path))
    assert "question too long: 5,000 characters" in line


def test_facts_take_time_linear_in_the_text():
    """8x the text must cost well under 8^2 = 64x the time (quadratic took ~60x; linear ~8x)."""

    def best(n: int) -> float:
        text = "Kyiv met Paris " * (n // 15)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            facts(text)
            times.append(time.perf_counter() - start)
        return min(times)

    small, big = best(100_000), best(800_000)
    assert big / small < 20, (small, big)


def test_facts_still_skip_only_the_first_word():
    assert facts("“Putin met Trump", skip_first=True) == {"trump"}
    assert facts("(Putin) met Trump") == {"trump"}
    assert facts("Putin met Trump", skip_first=False) == {"putin", "trump"}


# --- 15: invalid UTF-8 and lone surrogates --------------------------------------------------------


def test_a_lone_surrogate_is_replaced(kb):
    answer = kb.ask("How much would the EU loan to Ukraine be? \ud800")
    assert "€90 billion" in answer.text and "\ud800" not in answer.question


@pytest.mark.parametrize("command", ["ask", "search"])
def test_invalid_utf8_on_the_command_line(tmp_path, home, command):
    proc = rag_process(
        "--home", str(home), command, b"How much would the EU loan to Ukraine be? \xff", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert "€90 billion".encode() in proc.stdout and proc.stderr == b""


def test_invalid_utf8_in_the_chat(tmp_path, home):
    proc = rag_process(
        "--home", str(home), "chat", cwd=tmp_path, stdin=b"How much would the EU loan to Ukraine be? \xff\n\n"
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert "€90 billion".encode() in proc.stdout and b"Traceback" not in proc.stderr


# --- 17: -k ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["ask", "search"])
@pytest.mark.parametrize("k", ["0", "-1", "two"])
def test_k_must_be_a_positive_number(tmp_path, home, command, k):
    line = one_error_line(rag_process("--home", str(home), command, EU, "-k", k, cwd=tmp_path))
    assert "-k" in line and "RAG_K" not in line


def test_search_k_is_checked_in_the_library(kb):
    with pytest.raises(RagError, match="k must be"):
        kb.search(EU, k=-1)
    with pytest.raises(RagError, match="k must be"):
        kb.search(EU, k=0)


# --- 14: terminal control characters from titles and file names ------------------------------------


def test_safe_shows_controls_as_escapes():
    assert safe(EVIL_TITLE) == "Evil \\x1b[2J\\x1b]0;pwned\\x07 title"
    assert one_line("bad\nname.txt: empty\r\nfile") == "bad name.txt: empty file"
    assert safe("caf\udce9") == "caf\ufffd"


@pytest.mark.parametrize(
    "argv",
    [["stats"], ["search", "How much did the harbour cranes repairs cost?"],
     ["ask", "How much did the harbour crane repairs cost?"]],
    ids=["stats", "search", "ask"],
)  # fmt: skip
def test_titles_never_reach_the_terminal_raw(tmp_path, home, argv):
    proc = rag_process("--home", str(home), *argv, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout + proc.stderr
    assert b"\x1b" not in out and b"\x07" not in out
    assert b"Evil \\x1b[2J" in proc.stdout


def test_a_newline_in_a_file_name_stays_on_the_one_error_line(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "bad\nname\x1b[2J.txt").write_text("")
    proc = rag_process("--home", str(tmp_path / "h"), "ingest", str(docs), cwd=tmp_path)
    line = one_error_line(proc)
    assert "bad name\\x1b[2J.txt" in line and "empty file" in line
