import json

import pytest

from rag.core.errors import RagError
from rag.sources.article import clean
from rag.sources.disk import find_files, read_articles
from rag.text.dates import normalize_date
from tests.support.corpus import SAMPLE


def test_sample_article_is_cleaned():
    [article] = read_articles(SAMPLE)
    assert article.title == "Ukraine peace talks"
    assert "READ MORE" not in article.text
    assert "Opens in new window" not in article.text
    assert "€90 billion loan" in article.text
    assert article.source == "Guardian, Reuters and AP"
    assert article.origin == str(SAMPLE.resolve())
    assert article.text == article.text.strip() and "\n\n\n" not in article.text


def test_boilerplate_lines_only_are_removed():
    text, _ = clean("Keep this.\nREAD MORE\n[ Some headline Opens in new window ]\nRead more about it here.")
    assert text == "Keep this.\n\nRead more about it here."


def test_calls_to_contact_the_newsroom_are_boilerplate():
    lines = [
        "Contact our newsdesk at newsdesk@valleyecho.co.uk or call 01632 960447.",
        "Email us at tips@gazette.example with your pictures.",
        "Call the news desk on 0161 496 0000.",
        "Were you there? Contact our newsdesk at news@harbourgazette.co.uk",
    ]
    text, _ = clean("Kept.\n" + "\n".join(lines) + "\nPolice urged witnesses to call 101.\nKept too.")
    assert text.split() == "Kept. Police urged witnesses to call 101. Kept too.".split()
    # news about contacting someone stays
    said = "The union said it would contact the health board on Monday."
    assert clean(said)[0] == said


def test_credit_line_becomes_source():
    assert clean("Body. – Reuters")[1] == "Reuters"
    assert clean("Body with no credit.")[1] == ""


def test_txt_markdown_html(tmp_path):
    (tmp_path / "plain-news_item.txt").write_text("Some plain news.\n", encoding="utf-8")
    (tmp_path / "story.md").write_text("# Markdown headline\n\nBody of the **story**.", encoding="utf-8")
    (tmp_path / "page.html").write_text(
        "<title>Page title</title><script>var s='SCRIPTTEXT';</script><nav>NAVTEXT</nav><p>Page body.</p>",
        encoding="utf-8",
    )
    [txt] = read_articles(tmp_path / "plain-news_item.txt")
    [md] = read_articles(tmp_path / "story.md")
    [html] = read_articles(tmp_path / "page.html")
    assert (txt.title, txt.text) == ("Plain news item", "Some plain news.")
    assert (md.title, md.text) == ("Markdown headline", "Body of the story.")
    assert (html.title, html.text) == ("Page title", "Page body.")


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_json_records(tmp_path, suffix):
    records = [
        {
            "title": "First",
            "text": "One.",
            "url": "https://a.example/1",
            "date": "5 March 2024",
            "source": "AP",
        },  # fmt: skip
        {"title": "Second", "text": "Two.", "date": "2024-07-20T08:00:00Z", "source": "Reuters"},
    ]
    path = tmp_path / f"feed{suffix}"
    raw = json.dumps(records) if suffix == ".json" else "\n".join(json.dumps(r) for r in records)
    path.write_text(raw, encoding="utf-8")
    first, second = read_articles(path)
    assert (first.title, first.text, first.url, first.date, first.source) == (
        "First", "One.", "https://a.example/1", "2024-03-05", "AP"
    )  # fmt: skip
    assert (second.date, second.source) == ("2024-07-20", "Reuters")
    assert first.origin == f"{path.resolve()}::https://a.example/1"
    assert second.origin == f"{path.resolve()}::Second"


def test_article_id_depends_on_content(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Same text.")
    b.write_text("Same text.")
    assert read_articles(a)[0].id != read_articles(b)[0].id  # titles differ (from the file names)
    b.write_text("Title: A\n\nSame text.")
    assert read_articles(a)[0].id == read_articles(b)[0].id
    b.write_text("Title: A\n\nOther text.")
    assert read_articles(a)[0].id != read_articles(b)[0].id


def test_windows_line_endings_and_cp1252(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Caf\xe9 opened.\r\nSecond line.".encode("cp1252"))
    assert read_articles(path)[0].text == "Café opened.\nSecond line."


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \n\n ", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00data", "binary"),
        ("slides.pdf", b"%PDF-1.4 something", "unreadable PDF"),
        ("slides.pptx", b"PK\x03\x04", "unsupported file type .pptx"),
        ("notext.json", b'[{"title": "ok", "text": "fine"}, {"title": "missing"}]', "record 2 has no 'text'"),
        ("broken.json", b'{"title": ', "invalid JSON"),
        ("only-boilerplate.txt", b"READ MORE\n", "empty"),
    ],
)
def test_unusable_files_raise(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RagError, match=reason):
        read_articles(path)


def test_find_files_skips_hidden_and_unsupported(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("b.txt", "a.md", "sub/c.JSON", ".hidden.txt", ".git/d.txt", "e.pptx"):
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in find_files([tmp_path])]
    assert found == ["a.md", "b.txt", "sub/c.JSON"]
    with pytest.raises(RagError, match="no such file or folder"):
        list(find_files([tmp_path / "missing"]))


@pytest.mark.parametrize(
    ("raw", "iso"),
    [("2024-03-05", "2024-03-05"), ("5 March 2024", "2024-03-05"), ("2025-12-04T10:00:00Z", "2025-12-04"),
     ("Thu, 04 Dec 2025 10:00:00 GMT", "2025-12-04"), ("", ""), ("not a date", "")],
)  # fmt: skip
def test_normalize_date(raw, iso):
    assert normalize_date(raw) == iso


# --- through the knowledge base: failures are reported, the rest is still ingested --------------------


def bad_folder(folder):
    folder.mkdir()
    (folder / "good.txt").write_text("Title: Good article\n\nThe harbour bridge reopened after repairs.")
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"GIF89a\x00\x01\x00\x00")
    (folder / "notext.json").write_text(json.dumps([{"title": "No text here"}]))
    (folder / "zz-last.md").write_text("# Last article\n\nA lighthouse keeper retired after forty years.")
    return folder


def test_bad_files_are_reported_and_the_rest_ingested(kb, tmp_path):
    folder = bad_folder(tmp_path / "docs")
    unsupported = tmp_path / "slides.pptx"
    unsupported.write_bytes(b"PK\x03\x04")
    report = kb.ingest([folder, unsupported])
    failed = {path.split("/")[-1]: reason for path, reason in report.failed}
    assert set(failed) == {"empty.txt", "binary.txt", "notext.json", "slides.pptx"}
    assert "empty" in failed["empty.txt"] and "binary" in failed["binary.txt"]
    assert "text" in failed["notext.json"] and "unsupported" in failed["slides.pptx"]
    assert sorted(report.added) == ["Good article", "Last article"]
    assert kb.stats()["articles"] == 2
    assert kb.search("lighthouse keeper retired", k=1)[0].title == "Last article"


def test_missing_path_is_reported(kb, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("A tram line opened downtown.")
    report = kb.ingest([tmp_path / "nope", good])
    assert [r for _, r in report.failed] == [f"no such file or folder: {tmp_path / 'nope'}"]
    assert report.added == ["Good"]


def test_file_without_words_is_reported_not_crashing(kb, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a-rule.txt").write_text("* * *\n---\n")
    (folder / "b-good.txt").write_text("The ferry to the island was cancelled by storms.")
    report = kb.ingest([folder])
    assert [p.split("/")[-1] for p, _ in report.failed] == ["a-rule.txt"]
    assert report.added == ["B good"]


def test_nothing_stored_is_lost_by_a_bad_file(kb, tmp_path):
    folder = bad_folder(tmp_path / "docs")
    kb.ingest([folder])
    before = kb.stats()
    good = folder / "good.txt"
    good.write_text("")  # the stored article's file becomes unusable
    report = kb.ingest([folder, tmp_path / "missing.txt"])
    assert any(p.endswith("good.txt") for p, _ in report.failed)
    after = kb.stats()
    assert (after["articles"], after["chunks"]) == (before["articles"], before["chunks"])
    assert kb.search("harbour bridge reopened", k=1)[0].title == "Good article"


def test_calls_to_readers_newsletters_and_photo_credits_never_reach_the_text():
    """Issue 25: 'Were you there? Contact our newsdesk at ...' was given as an answer."""
    page = (
        "Storm Elvira felled trees across the county.\nPhoto: J. Smith/Harbour Gazette\n"
        "Sign up to our morning newsletter for the day's top stories, delivered to your inbox.\n"
        "Follow us on Facebook and X.\nWere you there? Contact our newsdesk at news@example.co.uk\n"
        "Have you been affected by the storm? Email us your pictures.\n"
        "Photographs taken from the cliff path showed the boats leaving.\nWere you there when it fell?"
    )
    assert [line for line in clean(page)[0].splitlines() if line] == [
        "Storm Elvira felled trees across the county.",
        "Photographs taken from the cliff path showed the boats leaving.",
        "Were you there when it fell?",
    ]
