"""PDF and Word files to records. A PDF's text keeps where each page starts (``pages``: character
offsets into the text, page 1 first) so a citation can say "p. 3"; title, author and date come from
the document's metadata when it has them. A PDF without a text layer (a scan) is an error, not an
empty article.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from datetime import datetime

from rag.core.errors import RagError

MIN_WORDS = 5  # a PDF with fewer words in all its pages is taken for a scan


def parse_pdf(data: bytes) -> dict:
    """Text of every page (pages separated by a blank line), ``pages`` offsets and metadata (without
    a title property, a short first line is the title)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # "incorrect startxref" and the like
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise RagError("encrypted PDF: save it without a password first")
        raw = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
    except PdfReadError as e:
        raise RagError(f"unreadable PDF: {str(e).splitlines()[0] if str(e) else 'damaged file'}") from None
    texts = [_page_text(t) for t in raw]
    if sum(len(t.split()) for t in texts) < MIN_WORDS:
        raise RagError(f"no text in this PDF ({len(texts)} pages): a scan needs OCR first")
    text, pages = "", []
    for t in texts:
        pages.append(len(text))
        text += t + "\n\n"
    record = {"text": text, "pages": pages}
    first = next((line.strip() for t in raw for line in t.splitlines() if line.strip()), "")
    title = info.get("/Title") or (first if len(first.split()) <= 15 else "")  # else the file's name
    record.update(_metadata(title, info.get("/Author"), _pdf_date(info.get("/CreationDate"))))
    return record


def parse_docx(data: bytes) -> dict:
    """Paragraphs and table rows of a .docx, with its core properties' title (else its first short
    paragraph), author and date."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise RagError(f"unreadable Word file: {type(e).__name__}") from None
    lines = [p.text for p in document.paragraphs if p.text.strip()]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
    props = document.core_properties
    when = props.created.date().isoformat() if props.created else ""
    # without a title property, a short first paragraph is the title (a document's heading)
    title = props.title or (lines[0] if lines and len(lines[0].split()) <= 15 else "")
    return {"text": "\n\n".join(lines), **_metadata(title, props.author, when)}


def page_of(pages: list[int] | tuple[int, ...], offset: int) -> int:
    """The 1-based page holding character ``offset`` of the text."""
    return sum(1 for start in pages if start <= offset) or 1


def chunk_pages(pages: tuple[int, ...], start: int, end: int) -> str:
    """The pages of the passage text[start:end], as stored with it: "page:offset" pairs, offsets
    into the passage ("6:0,7:212": it starts on page 6, page 7 begins 212 characters in)."""
    pairs = [(page_of(pages, start), 0)]
    pairs += [(n, p - start) for n, p in enumerate(pages, 1) if start < p < end]
    return ",".join(f"{n}:{o}" for n, o in pairs)


def page_starts(stored: str) -> tuple[tuple[int, int], ...]:
    """``chunk_pages``' string back as (page, offset) pairs; () for none or a damaged value."""
    try:
        return tuple((int(n), int(o)) for n, o in (pair.split(":") for pair in stored.split(",") if pair))
    except ValueError:
        return ()


def page_at(starts: tuple[tuple[int, int], ...], offset: int) -> int:
    """The page of character ``offset`` of a passage with these page starts (0 when none)."""
    return max((n for n, o in starts if o <= offset), default=starts[0][0] if starts else 0)


def _page_text(text: str) -> str:
    # PDF lines end at the page's margin: join a paragraph's lines, keep blank-line breaks
    text = re.sub(r"-\n(?=[a-z])", "", text)
    return re.sub(r"(?<!\n)\n(?!\n)", " ", text).strip()


def _metadata(title, author, date: str) -> dict:
    fields = {"title": str(title or "").strip(), "author": str(author or "").strip(), "date": date}
    return {k: v for k, v in fields.items() if v}


def _pdf_date(raw) -> str:
    """'D:20251204103000Z' -> '2025-12-04'."""
    m = re.match(r"D:(\d{4})(\d{2})?(\d{2})?", str(raw or ""))
    if not m:
        return ""
    try:
        return datetime(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)).date().isoformat()
    except ValueError:
        return ""
