"""Hostile files fail alone with a one-line reason; everything else in the run is still ingested."""

import json
import os
import sys
from pathlib import Path

import pytest

from rag.core.errors import RagError
from rag.sources.disk import read_articles
from tests.support.cli import rag_process
from tests.support.corpus import write_topics

GOOD = "Title: Harbour news\n\nThe harbour cranes were repaired at a cost of three million euros.\n"


def test_deeply_nested_json_fails_alone(kb, tmp_path):
    docs = write_topics(tmp_path / "docs")
    (docs / "deep.json").write_text("[" * 5000 + "]" * 5000)
    report = kb.ingest([docs])
    [(path, reason)] = report.failed
    assert path.endswith("deep.json") and "nested" in reason and "\n" not in reason
    assert len(report.added) == 6  # the three topic files and three JSON records


def test_deeply_nested_json_in_the_cli_is_one_line(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "deep.json").write_text("[" * 5000 + "]" * 5000)
    (docs / "ok.txt").write_text(GOOD)
    run = rag_process("--home", str(tmp_path / "home"), "ingest", str(docs))
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "1 added" in run.stdout
    assert [line for line in run.stderr.splitlines() if line.startswith("rag: error:")] == [
        f"rag: error: {docs / 'deep.json'}: too deeply nested JSON"
    ]


def test_non_utf8_file_name_is_ingested(kb, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    name = os.fsencode(docs) + b"/caf\xe9.txt"
    with open(name, "wb") as f:
        f.write(b"The cafe on the corner sells seventeen kinds of sourdough bread every morning.\n")
    (docs / "ok.txt").write_text(GOOD)
    report = kb.ingest([docs])
    assert report.failed == [] and sorted(report.added) == ["Caf\\xe9", "Harbour news"]
    assert kb.search("sourdough bread kinds")[0].title == "Caf\\xe9"
    again = kb.sync(docs)  # the stored origin matches the file: nothing changes, nothing is removed
    assert again.added == again.removed == [] and len(again.skipped) == 2
    os.remove(name)
    assert kb.sync(docs).removed == ["Caf\\xe9"]


def test_jsonl_with_one_malformed_line_keeps_the_rest(kb, tmp_path):
    rows = [json.dumps({"title": f"Record {i}", "text": f"Record {i} tells about boat {i}."}) for i in (1, 2)]
    (tmp_path / "feed.jsonl").write_text(f"{rows[0]}\n{{not json\n{rows[1]}\n")
    report = kb.ingest([tmp_path / "feed.jsonl"])
    assert sorted(report.added) == ["Record 1", "Record 2"]
    [(path, reason)] = report.failed
    assert path.endswith("feed.jsonl") and reason.startswith("invalid JSON at line 2")


def test_jsonl_with_only_malformed_lines_fails(tmp_path):
    (tmp_path / "bad.jsonl").write_text("{not json\n[also not\n")
    with pytest.raises(RagError, match="invalid JSON at line 1"):
        read_articles(tmp_path / "bad.jsonl", [])


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_text_is_read(tmp_path, encoding):
    path = tmp_path / "wide.txt"
    text = "Title: Café Zürich\n\nThe café in Zürich served crème brûlée to forty-two guests on Friday."
    bom = {"utf-16-le": "\ufeff", "utf-16-be": "\ufeff"}.get(encoding, "")
    path.write_bytes((bom + text).encode(encoding))
    [article] = read_articles(path)
    assert article.title == "Café Zürich" and "crème brûlée to forty-two" in article.text


def test_latin1_text_is_read(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Le café de la gare a rouvert ses portes après trois ans.".encode("latin-1"))
    assert read_articles(path)[0].text == "Le café de la gare a rouvert ses portes après trois ans."


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 40,
        os.urandom(20_000),
        b"\x89PNG\r\n\x1a\n" + os.urandom(4000),
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + os.urandom(4000),
    ],
    ids=["all-bytes", "random", "png", "zip"],
)
def test_real_binaries_are_still_rejected(tmp_path, data):
    path = tmp_path / "blob.txt"
    path.write_bytes(data)
    with pytest.raises(RagError, match="binary file, not text"):
        read_articles(path)


def test_an_executable_is_rejected(tmp_path):
    path = tmp_path / "prog.txt"
    path.write_bytes(Path(sys.executable).read_bytes()[:200_000])
    with pytest.raises(RagError, match="binary file, not text"):
        read_articles(path)


@pytest.mark.parametrize("html", ["&", "<html><head><title>Only a title</title></head><body></body></html>"])
def test_html_without_visible_text_is_empty_not_a_crash(tmp_path, html):
    """Found by tests/system/test_fuzz.py: a page with no visible words (or only a trailing '&') failed with
    'unreadable: KeyError'; it is an empty article, said as such."""
    path = tmp_path / "page.html"
    path.write_text(html)
    with pytest.raises(RagError, match="empty: no words left"):
        read_articles(path)


def test_html_text_after_a_trailing_ampersand_is_kept(tmp_path):
    """The parser holds back text that might start an entity; closing it flushes that text."""
    (tmp_path / "page.html").write_text("<p>Profits rose at Marks &")
    [article] = read_articles(tmp_path / "page.html")
    assert article.text.endswith("Marks &")


def test_a_bom_decides_the_encoding(tmp_path):
    """UTF-16 with a BOM is read by its BOM, like UTF-8 text, even with a stray control character
    (charset-normalizer's guess plus the 1%-controls rule rejected this short article as binary)."""
    path = tmp_path / "wide.txt"
    path.write_bytes("Title: Quay\n\nThe quay reopened on Monday.\x08".encode("utf-16"))
    [article] = read_articles(path)
    assert article.title == "Quay" and "quay reopened on Monday" in article.text
