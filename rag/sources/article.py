"""Raw material to an ``Article``: text cleaned of web leftovers, its credit line, date, pages and id;
bytes decoded to text; a file name made printable."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from pathlib import Path

import charset_normalizer

from rag.core.errors import RagError
from rag.core.types import Article
from rag.text.dates import normalize_date
from rag.text.terms import MONTHS

_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Web-page leftovers: "READ MORE" lines, "[ Headline Opens in new window ]" teasers, share/ad lines,
# newsletter and follow-us calls, photo credits, and calls to readers ("Were you there? Contact ...",
# "Contact our newsdesk at ...").
BOILERPLATE = re.compile(
    r"^\s*(read more|advertisement|share this article|sign up (to|for) .*newsletter.*|"
    r"\[[^\]\n]*opens in new window\s*\]|"
    r"(photo|photograph|picture|image|video)( credit)?\s*:\s*\S.{0,80}|"
    r"(follow|like) us on .{0,60}|"
    r"(were you there|did you see (it|this|what happened)|do you have (a story|information|pictures)|"
    r"have you been affected)\b.{0,200}\b(contact|email|e-mail|get in touch|send|tell us)\b.{0,120}|"
    # a bare call to the newsroom with its address or number ("Contact our newsdesk at x@y or call ...")
    r"(contact|email|e-mail|call|write to|get in touch with|send)\b.{0,80}\b(us|our|the)\b.{0,160}"
    r"(\S@\S|\d[\d ]{7,}\d|\bnews ?desk\b).{0,120})\s*$",
    re.I | re.M,
)
HEADLINE_WORDS = 15  # a first line of at most this many words may be the headline (docx, pdf, txt)
# A line that ends a sentence: terminal punctuation, then perhaps closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…:;,][\"'”’)\]]*$")
_WHEN = MONTHS | {"gmt", "utc", "bst", "am", "pm"}  # the words of a dateline, which names nothing
_CREDIT = re.compile(r"\s[–—-]\s*([A-Z][\w.&' ]*(?:, [A-Z][\w.&' ]*)*(?: and [A-Z][\w.&' ]*)?)\s*$")


def make_article(record: dict, default_title: str, origin: str) -> Article:
    """Clean a record's text and build an Article whose id hashes title and cleaned text."""
    text, credit = clean(record.get("text", ""))  # an HTML page may have no visible text at all
    if not any(ch.isalnum() for ch in text):
        raise RagError("empty: no words left after cleaning")
    given = " ".join(str(record.get("title") or "").split())
    head, rest = _headline(text)
    if head and (not given or head.casefold() == given.casefold()):
        # The headline line is the title, not a sentence: left in the text, an answer quoting the first
        # sentence glued it on ("UN assembly backs return of Ukrainian children The UN general assembly ...").
        given, text = given or head, rest
    title = given or " ".join(default_title.split())
    digest = hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()[:16]
    pages = _pages_after_cleaning(record.get("text", ""), text, record.get("pages") or [])
    return Article(
        id=digest,
        title=title,
        text=text,
        source=record.get("source") or credit,
        date=normalize_date(record.get("date", "")),
        url=record.get("url", ""),
        origin=origin,
        pages=pages,
        author=" ".join(str(record.get("author") or "").split())[:200],
    )


def _headline(text: str) -> tuple[str, str]:
    """(headline, the text after it) when ``text`` opens with a line that is a headline and not a
    sentence: a few words with no closing punctuation, more text after it; else ("", text)."""
    first, _, rest = text.partition("\n")
    head = " ".join(first.split())
    words = head.split()
    if not rest.strip() or not 2 <= len(words) <= HEADLINE_WORDS or _SENTENCE_END.search(head):
        return "", text
    named = [w for w in re.findall(r"[^\W\d_]+", head.casefold()) if w not in _WHEN]
    if words[0].casefold() == "by" or len(named) < 2:  # a byline, or a dateline ("Thursday 4 December 2025")
        return "", text
    return head, rest.strip()


def _pages_after_cleaning(raw: str, text: str, starts: list[int]) -> tuple[int, ...]:
    """Where each page of ``raw`` (starting at ``starts``) starts in the cleaned ``text``: found by
    its first words, searching on from the page before."""
    found, at = [], 0
    for start in starts:
        head = " ".join(raw[start : start + 200].split()[:6])
        where = text.find(head, at) if head else -1
        found.append(where if where >= 0 else at)
        at = found[-1]
    return tuple(found)


def clean(text: str) -> tuple[str, str]:
    """Strip boilerplate and excess blank lines; return (text, trailing credit such as 'Reuters and AP')."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = BOILERPLATE.sub("", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    m = _CREDIT.search(text[-80:])
    credit = m.group(1).strip() if m and len(m.group(1)) < 60 else ""
    return text, credit


def decode(data: bytes) -> str:
    """Text of a file's bytes: UTF-8 (the fast path), else the encoding charset-normalizer detects
    (cp1252, Latin-1, UTF-16/32 with a BOM, ...); RagError when the bytes are not text."""
    if b"\x00" not in data[:8192]:  # UTF-16/32 text always has NULs; UTF-8 text never does
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    elif data.startswith(_WIDE_BOMS):  # a BOM declares the encoding: decode by it, no guessing
        wide = "utf-32" if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) else "utf-16"
        try:
            return data.decode(wide).lstrip("\ufeff")
        except UnicodeDecodeError:
            raise RagError("binary file, not text") from None
    else:
        # Without a BOM, NULs mean binary: charset-normalizer reads b"\x00\x01binary" as UTF-16 CJK.
        raise RagError("binary file, not text")
    best = charset_normalizer.from_bytes(data).best()
    text = str(best).lstrip("\ufeff") if best is not None else ""
    controls = sum(1 for ch in text[:8192] if ch < " " and ch not in "\t\n\r\f\v")
    if not text.strip() or controls > len(text[:8192]) // 100:
        raise RagError("binary file, not text")
    return text


def safe_name(path: Path | str) -> str:
    """A file path as storable, printable text: undecodable bytes of the name (a Latin-1 'caf\\xe9.txt'
    on a UTF-8 system) become a visible '\\xe9', so distinct names stay distinct."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")
