import random

import pytest

from rag.core.types import Article
from rag.index.chunk import TITLE_TOKENS, chunk_article, embed_text, short_title, title_budget
from rag.sources.disk import read_articles
from tests.support.corpus import SAMPLE

WINDOW = 256  # the embedder's window, special tokens included
LIMIT = WINDOW - 2  # word pieces left for the title line and the passage


@pytest.fixture(scope="module")
def count(embedder):
    return embedder.count_tokens


@pytest.fixture(scope="module")
def sample():
    return read_articles(SAMPLE)[0]


@pytest.fixture(scope="module")
def long_article():
    """A long title, normal paragraphs, then one giant sentence with no periods at all."""
    rng = random.Random(7)
    vocab = (
        "the negotiators in Kyiv discussed a €90bn loan while antidisestablishmentarianism and "
        "counter-offensive plans for 2,345,678 refugees über naïve Zelenskiy's delegation"
    ).split()
    giant = " ".join(rng.choice(vocab) for _ in range(3000))
    normal = " ".join(f"Sentence number {i} talks about the peace process in some detail." for i in range(60))
    title = "An extremely long headline about " + " ".join(rng.choice(vocab) for _ in range(80))
    text = f"{normal}\n\n{giant}\n\nA short closing paragraph. It has two sentences."
    return Article(id="long", title=title, text=text)


def embed_sizes(article, chunks, count, max_tokens=256):
    title = short_title(article.title, count, title_budget(max_tokens))
    return count([embed_text(title, c.text) for c in chunks])


def check_offsets(article, chunks):
    assert chunks
    for c in chunks:
        assert article.text[c.start : c.end] == c.text
    covered = [False] * len(article.text)
    for c in chunks:
        covered[c.start : c.end] = [True] * (c.end - c.start)
    gaps = [i for i, ch in enumerate(article.text) if not covered[i] and not ch.isspace()]
    assert gaps == [], f"text not in any chunk at {gaps[:5]}"


def check_overlap(article, chunks, count, overlap_tokens=40):
    for prev, nxt in zip(chunks, chunks[1:], strict=False):
        assert prev.start < nxt.start and prev.end < nxt.end
        if nxt.start < prev.end:
            shared = article.text[nxt.start : prev.end]
            assert count([shared])[0] <= overlap_tokens


def test_sample_chunks_fit_the_window(sample, count):
    chunks = chunk_article(sample, count)
    assert len(chunks) > 1
    assert max(embed_sizes(sample, chunks, count)) <= LIMIT


def test_sample_chunk_offsets_cover_the_text(sample, count):
    check_offsets(sample, chunk_article(sample, count))


def test_sample_overlap_is_small(sample, count):
    chunks = chunk_article(sample, count)
    check_overlap(sample, chunks, count)
    assert any(n.start < p.end for p, n in zip(chunks, chunks[1:], strict=False)), "no overlap at all"


def test_giant_sentence_and_long_title_fit_the_window(long_article, count):
    chunks = chunk_article(long_article, count)
    assert len(chunks) > 10
    assert max(embed_sizes(long_article, chunks, count)) <= LIMIT
    check_offsets(long_article, chunks)
    check_overlap(long_article, chunks, count)


@pytest.mark.parametrize("max_tokens", [256, 128, 64, 32])
def test_smaller_windows_are_respected(long_article, count, max_tokens):
    """Settings allow chunk_tokens down to 32, so the chunker must honour it even with a long title."""
    chunks = chunk_article(long_article, count, max_tokens=max_tokens, overlap_tokens=max_tokens // 8)
    assert max(embed_sizes(long_article, chunks, count, max_tokens)) <= max_tokens - 2
    check_offsets(long_article, chunks)


@pytest.mark.parametrize(
    "run",
    [
        "乌克兰和平谈判在佛罗里达举行，双方讨论了领土问题和安全保障。" * 25,  # CJK: no spaces, no '.'
        "https://example.com/" + "/".join(f"seg{i}?q={i}&r=x" for i in range(80)),  # a very long URL
    ],
    ids=["cjk-paragraph", "long-url"],
)
def test_text_without_spaces_still_fits_the_window(count, run):
    article = Article(id="nospace", title="Peace talks", text=f"An opening sentence. {run} The end.")
    chunks = chunk_article(article, count)
    assert max(embed_sizes(article, chunks, count)) <= LIMIT
    check_offsets(article, chunks)


def test_chunk_ids_and_metadata(count):
    article = Article(
        id="abc", title="T", text="One. " * 400, source="Reuters", date="2024-01-02", url="http://x"
    )
    chunks = chunk_article(article, count)
    assert [c.n for c in chunks] == list(range(len(chunks)))
    assert [c.id for c in chunks] == [f"abc#{n}" for n in range(len(chunks))]
    assert {(c.article_id, c.title, c.source, c.date, c.url) for c in chunks} == {
        ("abc", "T", "Reuters", "2024-01-02", "http://x")
    }


def test_short_article_is_one_chunk(count):
    article = Article(id="a", title="Title", text="Just one sentence. And another.")
    chunks = chunk_article(article, count)
    assert [(c.start, c.end, c.text) for c in chunks] == [(0, len(article.text), article.text)]


def test_paragraph_break_starts_a_chunk(count):
    """A paragraph break ends a chunk that is at least half full, even when the next one would fit."""
    one = " ".join(f"Paragraph one sentence {i} is about the first topic." for i in range(15))
    two = " ".join(f"Paragraph two sentence {i} is about the second topic." for i in range(4))
    assert count([one])[0] >= LIMIT // 2 and count([one + " " + two])[0] <= LIMIT
    text = f"{one}\n\n{two}"
    chunks = chunk_article(Article(id="p", title="", text=text), count)
    assert len(chunks) == 2
    assert "Paragraph two" not in chunks[0].text
    assert chunks[1].text.endswith(two) and chunks[1].start <= text.index(two)


def test_short_title_is_cut_at_a_word_boundary(count):
    title = " ".join(f"word{i}" for i in range(100))
    short = short_title(title, count)
    assert count([short])[0] <= TITLE_TOKENS
    assert title.startswith(short) and title[len(short)] == " "
    assert short_title("Ukraine peace talks", count) == "Ukraine peace talks"


def test_embed_text_prefixes_the_title():
    assert embed_text("Title", "Body.") == "Title\nBody."
    assert embed_text("", "Body.") == "Body."
