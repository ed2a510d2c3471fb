"""Real PDF and Word files for tests, written from scratch (no fixture binaries in the repo)."""

from __future__ import annotations

import io
import zipfile


def make_pdf(pages: list[str], title: str = "", author: str = "", created: str = "", share: int = 1) -> bytes:
    """A valid PDF whose page i shows the lines of ``pages[i]`` in Helvetica (a text layer, as a
    word processor's export has); an empty string gives a page with no text (as a scan has). With
    ``share`` > 1 each content stream is shown by that many pages (a small file of much text)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    for text in pages:
        lines = [
            line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in text.split("\n")
        ]
        ops = "".join(f"({line}) Tj 0 -16 Td " for line in lines if line)
        stream = f"BT /F1 11 Tf 72 760 Td {ops}ET" if ops else ""
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        content = len(objects)
        for _ in range(share):
            objects.append(
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R"
                " /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
            )
            kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    info = {"Title": title, "Author": author, "CreationDate": created}
    objects.append("<< " + " ".join(f"/{k} ({v})" for k, v in info.items() if v) + " >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write("".join(f"{o:010d} 00000 n \n" for o in offsets).encode())
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
    out.write(f"{trailer}startxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def make_docx(
    paragraphs: list[str], title: str = "", author: str = "", table: list[list[str]] | None = None
) -> bytes:
    """A .docx with ``paragraphs``, an optional table and core properties (created 4 Dec 2025)."""
    from datetime import datetime

    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                t.cell(r, c).text = cell
    document.core_properties.title = title
    document.core_properties.author = author
    document.core_properties.created = datetime(2025, 12, 4, 10, 0)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def raw_pdf(objects: list[str]) -> bytes:
    """A PDF of hand-written ``objects`` (numbered from 1, object 1 the catalog) with a valid xref:
    for structures no PDF writer makes (loops, self references)."""
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    return out + f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()


def with_part(docx: bytes, name: str, content: bytes) -> bytes:
    """A copy of the .docx ``docx`` whose part ``name`` (word/document.xml) holds ``content``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, content if item.filename == name else src.read(item.filename))
    return out.getvalue()
