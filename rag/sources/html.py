"""Article text from HTML: the main text only, with title, author, date and site from the page.

trafilatura (Apache-2.0; the field's standard main-text extractor) finds the article among the
page's furniture: navigation, cookie banners, captions, newsletter boxes, related-article teasers,
comments and footers are left out. ``parse_html_plain`` (the hand-written reader kept from before:
every visible line, minus nav/header/footer/aside/form) is the fallback for fragments trafilatura
finds no article in (a pasted snippet of a few paragraphs).
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import trafilatura

from rag.core.errors import RagError

MIN_WORDS = 25  # a fetched page with less article text than this is not an article
# " | The Daily Planet", " - Reuters", " — BBC News": a site's name after a title
_SITE_SUFFIX = re.compile(r"\s+[|\-–—·:]\s+[^|\-–—·:]{2,60}$")


def parse_html(raw: str, url: str = "", fallback: bool = True) -> dict:
    """The page's article as a record: text, title (the headline), author, date, source, url.

    Without ``fallback`` a page in which no article (``MIN_WORDS`` or more) is found is an error (a
    URL that is a login form or an index of links), not its visible text."""
    plain = parse_html_plain(raw)
    text = trafilatura.extract(
        raw, url=url or None, include_comments=False, include_tables=True, include_images=False
    )
    if not fallback and len((text or "").split()) < MIN_WORDS:
        raise RagError(f"not an article: under {MIN_WORDS} words of article text on the page")
    if not text or not text.strip():
        return plain
    meta = trafilatura.extract_metadata(raw, default_url=url or None)
    site = (meta.sitename if meta else "") or plain.get("source", "")
    record = {
        "text": text,
        "title": _title(meta.title if meta else "", plain.get("title", ""), site),
        "author": (meta.author if meta else "") or "",
        "date": (meta.date if meta else "") or plain.get("date", ""),
        "source": site,
        "url": (meta.url if meta else "") or plain.get("url", "") or url,
    }
    return {k: v for k, v in record.items() if v}


def _title(found: str, fallback: str, site: str) -> str:
    """The headline without the site's name ("Storm hits coast | The Daily Planet")."""
    title = " ".join((found or fallback).split())
    if site and title.lower().endswith(site.lower()) and len(title) > len(site) + 3:
        title = title[: -len(site)].rstrip(" |-–—·:")
    m = _SITE_SUFFIX.search(title)
    return title[: m.start()] if m and site and m.group().strip(" |-–—·:").lower() == site.lower() else title


class _HTMLText(HTMLParser):
    """Collects visible text (block elements become line breaks), <title>, first <h1> and meta tags."""

    SKIP = {"script", "style", "nav", "footer", "header", "aside", "form", "noscript", "svg", "button"}
    BLOCK = {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "blockquote",
        "section",
        "article",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.skipping = 0
        self.inside: list[str] = []  # the open elements, innermost last
        self.open: Counter[str] = Counter()  # how many of each are open: no scan of ``inside`` per tag

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or "").lower()
            self.meta.setdefault(key, a.get("content", ""))
        if tag in self.SKIP:
            self.skipping += 1
        if tag in self.BLOCK:
            self.parts.append("\n")
        self.inside.append(tag)
        self.open[tag] += 1

    def handle_endtag(self, tag):
        if tag in self.BLOCK:
            self.parts.append("\n")
        if not self.open[tag]:  # a stray end tag
            if tag in self.SKIP and self.skipping:
                self.skipping -= 1
            return
        while True:  # close it and every element left open inside it (each is popped once: linear)
            inner = self.inside.pop()
            self.open[inner] -= 1
            if inner in self.SKIP and self.skipping:
                self.skipping -= 1
            if inner == tag:
                break

    def handle_data(self, data):
        tag = self.inside[-1] if self.inside else ""
        if tag in ("title", "h1") and data.strip():
            self.meta.setdefault(tag, data.strip())
        if not self.skipping and tag != "title":
            self.parts.append(data)


def parse_html_plain(raw: str) -> dict:
    """HTML: visible text; title from <title> (else <h1>); date, source, url from common meta tags."""
    p = _HTMLText()
    p.feed(raw)
    p.close()  # flush text the parser still buffers (a trailing '&...' that might begin an entity)
    text = re.sub(r"[ \t]*\n[ \t\n]*", "\n\n", "".join(p.parts))
    text = re.sub(r"[ \t]+", " ", text)
    m = p.meta
    record = {"text": text, "title": m.get("title") or m.get("h1") or m.get("og:title", "")}
    record["date"] = m.get("article:published_time") or m.get("date", "")
    record["source"] = m.get("og:site_name", "")
    record["url"] = m.get("og:url", "")
    return {k: v for k, v in record.items() if v}
