"""PDF and Word files to records. A PDF's text keeps where each page starts (``pages``: character
offsets into the text, page 1 first) so a citation can say "p. 3"; title, author and date come from
the document's metadata when it has them. A PDF without a text layer (a scan) is an error, not an
empty article.
"""

from __future__ import annotations

import io
import logging
import re
import time
import zipfile
from datetime import datetime

from rag.core.errors import RagError
from rag.sources.article import HEADLINE_WORDS

MIN_WORDS = 5  # a PDF with fewer words in all its pages is taken for a scan
# A document's bounds: a few hundred KB of PDF or DOCX can unpack to gigabytes of text (pages sharing
# one content stream, a zip bomb), so text, time and unpacked size are capped, not only file size.
MAX_CHARS = 5_000_000  # characters of text: ~2,500 pages of prose
MAX_SECONDS = 60.0  # reading one PDF's pages
MAX_UNPACKED = 50_000_000  # bytes of a .docx's parts once unzipped


def parse_pdf(data: bytes) -> dict:
    """Text of every page (pages separated by a blank line), ``pages`` offsets and metadata (without
    a title property, a short first line is the title)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # "incorrect startxref" and the like
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise RagError("encrypted PDF: save it without a password first")
        raw = _page_texts(reader)
        info = reader.metadata or {}
    except PyPdfError as e:  # its own words name the problem ("Detected loop ...", a size limit)
        raise RagError(f"unreadable PDF: {str(e).splitlines()[0] if str(e) else 'damaged file'}") from None
    except RagError:
        raise
    except Exception:  # pypdf fails on hostile files in its own ways too (an AttributeError, a KeyError)
        raise RagError("unreadable PDF: damaged file (pypdf cannot follow its structure)") from None
    texts = [_page_text(t) for t in raw]
    if sum(len(t.split()) for t in texts) < MIN_WORDS:
        raise RagError(f"no text in this PDF ({len(texts)} pages): a scan needs OCR first")
    text, pages = "", []
    for t in texts:
        pages.append(len(text))
        text += t + "\n\n"
    record = {"text": text, "pages": pages}
    first = next((line.strip() for t in raw for line in t.splitlines() if line.strip()), "")
    # without a title property, a short first line is the title; else the file's name
    title = info.get("/Title") or (first if len(first.split()) <= HEADLINE_WORDS else "")
    record.update(_metadata(title, info.get("/Author"), _pdf_date(info.get("/CreationDate"))))
    return record


def parse_docx(data: bytes) -> dict:
    """Paragraphs and table rows of a .docx, with its core properties' title (else its first short
    paragraph), author and date."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    _check_unpacked(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except PackageNotFoundError:
        raise RagError("unreadable Word file: not a .docx (no Word document inside the zip)") from None
    except Exception:  # a missing part (KeyError), broken XML (XMLSyntaxError), a bad value
        raise RagError("unreadable Word file: damaged (a part is missing or not valid XML)") from None
    lines = [p.text for p in document.paragraphs if p.text.strip()]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
    props = document.core_properties
    when = props.created.date().isoformat() if props.created else ""
    # without a title property, a short first paragraph is the title (a document's heading)
    title = props.title or (lines[0] if lines and len(lines[0].split()) <= HEADLINE_WORDS else "")
    return {"text": "\n\n".join(lines), **_metadata(title, props.author, when)}


def _page_texts(reader) -> list[str]:
    """Each page's text, stopping with a one-line RagError past ``MAX_CHARS`` or ``MAX_SECONDS``."""
    texts, total, deadline = [], 0, time.monotonic() + MAX_SECONDS
    count = len(reader.pages)
    for n, page in enumerate(reader.pages, 1):
        texts.append(page.extract_text() or "")
        total += len(texts[-1])
        if total > MAX_CHARS:
            raise RagError(f"too much text: over {MAX_CHARS:,} characters by page {n:,} of {count:,}")
        if time.monotonic() > deadline:
            raise RagError(f"too slow to read: over {MAX_SECONDS:g} s by page {n:,} of {count:,}")
    return texts


def _check_unpacked(data: bytes) -> None:
    """RagError when a zipped document (DOCX) unpacks to more than ``MAX_UNPACKED`` bytes; the zip's
    own directory says, before anything is unpacked (and the zip reader stops at the sizes it gives)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            size = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise RagError("unreadable Word file: not a zip archive (a .docx is one)") from None
    if size > MAX_UNPACKED:
        raise RagError(f"too big when unpacked: {size:,} bytes (the limit is {MAX_UNPACKED:,})")


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
