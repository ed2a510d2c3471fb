"""PDF and Word files: text, pages, metadata, scans refused, and through the index to a cited page."""

import re

import pytest

import rag
from rag.core.errors import RagError
from rag.sources.disk import read_articles
from rag.sources.documents import page_of, parse_docx, parse_pdf
from tests.support.documents import make_docx, make_pdf, raw_pdf, with_part

PAGES = [
    "Harbour bridge report\nThe harbour bridge closed on Monday for repairs to its cables.",
    "Engineers said the work would cost 4.2 million euros and take six weeks.",
    "The mayor promised a ferry service while the bridge stays closed.",
]


def test_pdf_text_pages_and_metadata():
    record = parse_pdf(
        make_pdf(PAGES, title="Bridge report", author="City of Rivertown", created="D:20251204")
    )
    assert record["title"] == "Bridge report" and record["author"] == "City of Rivertown"
    assert record["date"] == "2025-12-04"
    text, pages = record["text"], record["pages"]
    assert len(pages) == 3 and pages[0] == 0
    assert text.index("4.2 million euros") >= pages[1] and text.index("ferry") >= pages[2]
    assert page_of(pages, text.index("ferry")) == 3 and page_of(pages, 0) == 1


def test_a_pdf_without_text_is_a_scan_not_an_empty_article(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf(["", ""]))
    with pytest.raises(RagError, match="no text in this PDF .2 pages.: a scan needs OCR"):
        read_articles(path)


def test_docx_paragraphs_table_and_properties():
    data = make_docx(["Rivertown budget", "The council approved the budget."], title="Budget", author="Clerk",
                     table=[["Year", "Spending"], ["2025", "12 million"]])  # fmt: skip
    record = parse_docx(data)
    assert record["title"] == "Budget" and record["author"] == "Clerk" and record["date"] == "2025-12-04"
    assert "The council approved the budget." in record["text"] and "2025 | 12 million" in record["text"]
    with pytest.raises(RagError, match="unreadable Word file"):
        parse_docx(b"PK\x03\x04 not really a zip")


def test_a_pdf_passage_is_cited_with_its_page(tmp_path, embedder):
    folder = tmp_path / "docs"
    folder.mkdir()
    filler = [
        f"Section {n} lists the inspections of the tunnel number {n} and its lighting." for n in range(8)
    ]
    pages = filler[:6] + ["The repairs to the harbour bridge will cost 4.2 million euros, engineers said."]
    (folder / "bridge.pdf").write_bytes(make_pdf(pages + filler[6:], title="Bridge report"))
    (folder / "budget.docx").write_bytes(make_docx(["Rivertown budget", "The council approved the budget."]))
    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    report = kb.ingest([folder])
    assert sorted(report.added) == ["Bridge report", "Rivertown budget"] and not report.failed
    answer = kb.ask("How much will the harbour bridge repairs cost?")
    assert "4.2 million euros" in answer.text
    cited = [c for c in answer.citations if "4.2 million" in c.quote]
    assert cited and cited[0].page == 7
    assert kb.search("council approved budget", k=1)[0].pages == ()  # a Word file has no pages


# --- issue 24.7 and 24.8: a small document that unpacks to a flood -------------------------------------


def test_pages_sharing_one_big_content_stream_stop_at_the_text_cap():
    """322 KB of PDF whose 2,000 pages share one 2 MB content stream meant ~1.5 h and 3 GB of text."""
    line = "The harbour crane was repaired at a cost of three million euros this week. " * 20
    pdf = make_pdf(["\n".join([line] * 700)], share=2000)  # ~1 MB of text a page
    assert len(pdf) < 1_500_000
    with pytest.raises(RagError, match=r"^too much text: over 5,000,000 characters by page \d of 2,000$"):
        parse_pdf(pdf)


def test_a_pdf_that_takes_too_long_stops_at_the_time_cap(monkeypatch):
    from rag.sources import documents

    monkeypatch.setattr(documents, "MAX_SECONDS", 0.05)
    pdf = make_pdf(["The harbour crane was repaired at a cost of three million euros.\n" * 300], share=500)
    with pytest.raises(RagError, match=r"^too slow to read: over 0\.05 s by page \d+ of 500$"):
        parse_pdf(pdf)


def test_a_docx_that_unpacks_to_more_than_the_cap_is_refused_unread(tmp_path):
    """A 969 KB DOCX gave 178 MB of text and 1.1 GB of memory: sizes are checked in the zip first."""
    import io
    import zipfile

    paragraph = "<w:p><w:r><w:t>" + "harbour crane repairs " * 40 + "</w:t></w:r></w:p>"
    body = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + paragraph * 70_000  # ~60 MB of XML
        + "</w:body></w:document>"
    )
    source = zipfile.ZipFile(io.BytesIO(make_docx(["A short real paragraph."])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            data = body.encode() if info.filename == "word/document.xml" else source.read(info)
            bomb.writestr(info.filename, data)
    assert len(out.getvalue()) < 1_000_000
    (tmp_path / "bomb.docx").write_bytes(out.getvalue())
    with pytest.raises(RagError, match=r"^too big when unpacked: [\d,]+ bytes \(the limit is 50,000,000\)$"):
        read_articles(tmp_path / "bomb.docx")


# --- issue 24.22: a parser's own failure is named as the file's problem, not as an exception -----------


@pytest.mark.parametrize(
    ("objects", "message"),
    [
        (["<< /Type /Catalog /Pages 2 0 R >>", "3 0 R", "2 0 R"], "damaged file (pypdf cannot follow"),
        (["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R] /Count 1 >>"], "Detected cycl"),
    ],
)
def test_a_hostile_pdf_is_one_line_naming_the_damage(tmp_path, objects, message):
    path = tmp_path / "loop.pdf"
    path.write_bytes(raw_pdf(objects))
    with pytest.raises(RagError, match="^unreadable PDF: " + re.escape(message)):
        read_articles(path)


def test_a_word_file_with_broken_xml_is_named_damaged(tmp_path):
    good = make_docx(["Rivertown budget", "The council approved the budget."])
    path = tmp_path / "broken.docx"
    path.write_bytes(with_part(good, "word/document.xml", b"<w:document><w:body><w:p>unclosed"))
    with pytest.raises(RagError, match=r"^unreadable Word file: damaged \(.* not valid XML\)$"):
        read_articles(path)
