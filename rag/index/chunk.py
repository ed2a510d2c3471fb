"""Chunk stage: sentence-aware passages that fit the embedder's window, title prefix included."""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.core.types import Article, Chunk
from rag.text.sentences import split_sentences

TITLE_TOKENS = 32  # at most this many word pieces of the title are prefixed to each chunk
SPECIAL_TOKENS = 2  # [CLS] and [SEP]

Counter = Callable[[list[str]], list[int]]


def embed_text(title: str, text: str) -> str:
    """What the embedder sees for a chunk: the (shortened) title as context, then the passage."""
    return f"{title}\n{text}" if title else text


def title_budget(max_tokens: int) -> int:
    """Word pieces of a chunk's window the title prefix may take (a quarter of small windows)."""
    return min(TITLE_TOKENS, max_tokens // 4)


def short_title(title: str, count_tokens: Counter, limit: int = TITLE_TOKENS) -> str:
    """The title cut at a word boundary to at most ``limit`` word pieces."""
    words = title.split()
    while words and count_tokens([" ".join(words)])[0] > limit:
        words.pop()
    return " ".join(words)


def chunk_article(
    article: Article, count_tokens: Counter, max_tokens: int = 256, overlap_tokens: int = 40
) -> list[Chunk]:
    """Split an article into chunks of whole sentences; ``embed_text(title, chunk)`` fits ``max_tokens``.

    Sentences longer than the budget are cut at word boundaries. A chunk repeats trailing sentences
    of the previous one, up to ``overlap_tokens`` word pieces, so an answer on a seam is not lost.
    """
    title = short_title(article.title, count_tokens, title_budget(max_tokens))
    budget = max_tokens - SPECIAL_TOKENS - (count_tokens([title])[0] if title else 0)
    pieces = _pieces(article.text, count_tokens, budget)
    groups: list[list[tuple[int, int, int]]] = []
    current: list[tuple[int, int, int]] = []
    for piece in pieces:
        size = sum(p[2] for p in current)
        new_paragraph = current and "\n\n" in article.text[current[-1][1] : piece[0]]
        if current and (size + piece[2] > budget or (new_paragraph and size >= budget // 2)):
            groups.append(current)
            current = _overlap(current, overlap_tokens, budget - piece[2])
        current.append(piece)
    if current:
        groups.append(current)
    return [_make_chunk(article, n, g[0][0], g[-1][1]) for n, g in enumerate(groups)]


def _pieces(text: str, count_tokens: Counter, budget: int) -> list[tuple[int, int, int]]:
    """(start, end, word pieces) of each sentence, long sentences cut into word windows."""
    spans = split_sentences(text)
    sizes = count_tokens([text[a:b] for a, b in spans])
    out = []
    for (a, b), size in zip(spans, sizes, strict=True):
        out.extend([(a, b, size)] if size <= budget else _split_long(text, a, b, count_tokens, budget))
    return out


def _split_long(text: str, a: int, b: int, count_tokens: Counter, budget: int) -> list[tuple[int, int, int]]:
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[a:b])]
    sizes = count_tokens([text[a + s : a + e] for s, e in words])
    out, start, total, last = [], None, 0, 0
    for (s, e), size in zip(words, sizes, strict=True):
        if size > budget:  # no spaces to cut at (a URL, Chinese text): cut the characters instead
            if start is not None:
                out.append((a + start, a + last, total))
                start, total = None, 0
            out.extend(_split_chars(text, a + s, a + e, count_tokens, budget))
            continue
        if start is not None and total + size > budget:
            out.append((a + start, a + last, total))
            start, total = None, 0
        start = s if start is None else start
        total, last = total + size, e
    if start is not None:
        out.append((a + start, a + last, total))
    return out


def _split_chars(text: str, a: int, b: int, count_tokens: Counter, budget: int) -> list[tuple[int, int, int]]:
    """Cut ``text[a:b]`` (one long run without spaces) into pieces of at most ``budget`` word pieces."""
    out = []
    while a < b:
        size = count_tokens([text[a:b]])[0]
        end = b
        while size > budget:  # shrink in proportion, with a margin, until it fits
            end = a + max(1, int((end - a) * budget / size * 0.9))
            size = count_tokens([text[a:end]])[0]
        out.append((a, end, size))
        a = end
    return out


def _overlap(group: list[tuple[int, int, int]], overlap_tokens: int, room: int) -> list[tuple[int, int, int]]:
    """Trailing pieces of ``group`` totalling at most min(overlap_tokens, room) word pieces."""
    kept: list[tuple[int, int, int]] = []
    limit = min(overlap_tokens, room)
    for piece in reversed(group[1:]):  # never the whole previous chunk
        if sum(p[2] for p in kept) + piece[2] > limit:
            break
        kept.insert(0, piece)
    return kept


def _make_chunk(article: Article, n: int, start: int, end: int) -> Chunk:
    return Chunk(
        id=f"{article.id}#{n}",
        article_id=article.id,
        n=n,
        title=article.title,
        text=article.text[start:end],
        start=start,
        end=end,
        source=article.source,
        date=article.date,
        url=article.url,
    )
