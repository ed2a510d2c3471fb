"""What a stored chunk records besides its text and vector: the pipeline that made it, where its
article came from (files, URLs, and the outlets that published the same text), its story
(rag/index/copies.py), its pages (PDFs), the days its relative dates speak of (rag/text/dates.py), and on
chunk 0 the article's MinHash signature.
"""

from __future__ import annotations

import hashlib
from datetime import date

from rag.core.config import Settings
from rag.core.types import Article, Chunk
from rag.embed.minilm import ONNX_EXPORT
from rag.sources import is_url
from rag.sources.documents import chunk_pages
from rag.text import dates

CHUNKER_VERSION = 2  # bump when chunking changes, so existing indexes are rebuilt


def pipeline_id(settings: Settings, embedder_name: str) -> str:
    s = settings
    backend = s.embed_backend if s.embed_backend == "torch" else f"{s.embed_backend}-{ONNX_EXPORT}"
    parts = (embedder_name, backend, s.chunk_tokens, s.overlap_tokens, CHUNKER_VERSION)
    key = "|".join(map(str, parts))
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def chunk_metadata(
    article: Article, origins: list[str], chunk: Chunk, pipeline: str, sig: str, story: str
) -> dict:
    """What a chunk stores besides its text: pipeline, origins, story (rag/index/copies.py), its pages
    (PDFs), and on chunk 0 the article's MinHash signature."""
    meta = {"pipeline": pipeline, "origins": "\n".join(origins), "story": story}
    if chunk.n == 0:
        meta["minhash"] = sig
    if article.author:
        meta["author"] = article.author
    if article.pages:
        meta["pages"] = chunk_pages(article.pages, chunk.start, chunk.end)
    spoken = dates.span(chunk.text, date.fromisoformat(article.date)) if article.date else None
    if spoken:  # the days its "on Thursday", "next week" stand for count for date filters
        meta["mention_from"], meta["mention_to"] = (int(d.strftime("%Y%m%d")) for d in spoken)
    return meta


def outlets(meta: dict | None, article: Article) -> str:
    """Every outlet that published this exact text, one a line: an article's source is its first
    copy's, and a copy from another outlet (a wire story) adds its name here ("also published by").
    "" while its own source is the only one, as a new article stores it: an unchanged copy read again
    must compare equal, or every re-sync rewrote every article's chunks."""
    if not meta:
        return ""
    names = {*meta.get("outlets", "").split("\n"), meta.get("source", ""), article.source} - {""}
    return "\n".join(sorted(names)) if len(names) > 1 else ""


def origin_base(origin: str) -> str:
    """The file or URL an origin names, without the ``::<key>`` of one of its records (a JSON file's
    record, a feed's entry). In a URL the key is looked for after the host, which may hold '::'."""
    start = origin.find("/", origin.find("//") + 2) if is_url(origin) else 0
    at = origin.find("::", start) if start >= 0 else -1
    return origin[:at] if at >= 0 else origin


def origins_of(meta: dict | None) -> list[str]:
    """The origins recorded on a stored article's metadata."""
    return [o for o in (meta or {}).get("origins", "").split("\n") if o]
