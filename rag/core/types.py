"""Frozen value types passed between the stages."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

REFUSAL = "The articles don't say."  # the text of every abstaining Answer; rag.REFUSAL is this object


@dataclass(frozen=True)
class Article:
    """A cleaned article; ``id`` is a hash of its content, ``origin`` where it came from."""

    id: str
    title: str
    text: str
    source: str = ""
    date: str = ""  # ISO 8601 (YYYY-MM-DD) when known
    url: str = ""
    origin: str = ""  # file path, plus '::<key>' for one record of a JSON file; a URL for a web page
    pages: tuple[int, ...] = ()  # character offset where each page starts (PDFs), page 1 first
    author: str = ""


@dataclass(frozen=True)
class Chunk:
    """A passage of an article; ``text == article.text[start:end]`` (character offsets)."""

    id: str  # '<article-id>#<n>'
    article_id: str
    n: int
    title: str
    text: str
    start: int
    end: int
    source: str = ""
    date: str = ""
    url: str = ""


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused retrieval score (higher is better)."""

    chunk_id: str
    article_id: str
    title: str
    text: str
    score: float
    source: str
    date: str
    start: int
    end: int
    url: str = ""
    pages: tuple[tuple[int, int], ...] = ()  # (page, offset in text) where each page starts (PDFs)
    also: tuple[str, ...] = ()  # other outlets that published the same story (rag/index/copies.py)
    author: str = ""


@dataclass(frozen=True)
class Citation:
    """What marker ``[n]`` points at: ``text`` is the cited chunk, ``quote`` the supporting sentence(s)."""

    n: int
    chunk_id: str
    article_id: str
    title: str
    text: str
    quote: str
    source: str = ""
    date: str = ""
    url: str = ""
    page: int = 0  # the page of the supporting sentence (PDFs); 0 when the article has no pages
    also: tuple[str, ...] = ()  # other outlets that published the same story
    author: str = ""

    @classmethod
    def of(cls, hit: Hit, n: int, quote: str, page: int = 0) -> Citation:
        """Marker ``n``'s citation of a retrieved passage: what the Hit says of its article, the quote."""
        return cls(n=n, quote=quote, page=page, **{name: getattr(hit, name) for name in _FROM_HIT})

    def details(self) -> list[str]:
        """What a reader is told about the cited article besides its title: author, date, source, page."""
        parts = (
            f"by {self.author}" if self.author else "",
            self.date,
            self.source,
            f"p. {self.page}" if self.page else "",
        )
        return [p for p in parts if p]


# What Answer.figures means, in words for the terminal and exports (the chat has its own marks)
FIGURES = {"differ": "sources differ", "changed": "the figure changed"}


@dataclass(frozen=True)
class Answer:
    """An answer with inline ``[n]`` markers; ``unsupported`` lists sentences verification rejected and
    ``reasons`` says why for each ("changed: Lyon → Paris", "reversed: approved → rejected")."""

    text: str
    citations: list[Citation] = field(default_factory=list)
    abstained: bool = False
    unsupported: list[str] = field(default_factory=list)
    model: str = "extractive"
    question: str = ""  # the standalone question actually answered (after follow-up rewriting)
    note: str = ""  # visible note, e.g. why an LLM answer was replaced
    fallback: str = ""  # why the extractive answer stands in: 'unreachable' or 'unverified' ('' if none)
    reasons: dict[str, str] = field(default_factory=dict)  # unsupported sentence -> why it was flagged
    short: str | None = None  # the phrase that answers (a name, number, date...), None when unsure
    dates: dict[str, str] = field(default_factory=dict)  # "on Tuesday" -> "2025-12-02" (ISO day, or a/b)
    kind: str = ""  # the kind of question answered: story, current, when, quote, why, comparison, factoid
    figures: str = ""  # "differ": outlets give different figures; "changed": revised over days; "" neither
    # (start, end) character spans in ``text`` of each occurrence of an ``unsupported`` sentence: where
    # a reader must see a flag, by position, never by searching the text
    flags: list[tuple[int, int]] = field(default_factory=list)
    # For a refusal: the retrieved passages nearest the question, their nearest sentence as the quote,
    # shown as "not an answer" so a reader can judge for themselves
    closest: list[Citation] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Answer:
        """The Answer ``to_dict`` gave (keys it does not know are ignored: older stored answers)."""
        known = {f.name for f in fields(cls)}
        cited, closest = ([_citation(c) for c in data.get(key, [])] for key in ("citations", "closest"))
        flags = [(int(a), int(b)) for a, b in data.get("flags", [])]
        given = {k: v for k, v in data.items() if k in known}
        return cls(**{**given, "citations": cited, "closest": closest, "flags": flags})


@dataclass
class IngestReport:
    """Outcome of an ingest: article titles per outcome, and (path, reason) for failures."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    chunks: int = 0  # chunks embedded and written

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.skipped)} unchanged, "
            f"{len(self.removed)} removed, {len(self.failed)} failed ({self.chunks} chunks embedded)"
        )

    def merge(self, other: IngestReport) -> None:
        """Add another run's outcome to this one."""
        for name in ("added", "updated", "skipped", "failed", "removed"):
            getattr(self, name).extend(getattr(other, name))
        self.chunks += other.chunks


_CITATION = {f.name for f in fields(Citation)}
_FROM_HIT = _CITATION & {f.name for f in fields(Hit)}  # what a Citation repeats of its Hit


def _citation(data: dict) -> Citation:
    """A Citation from its dict (JSON gives ``also`` as a list; unknown keys of older ones ignored)."""
    return Citation(**{k: tuple(v) if k == "also" else v for k, v in data.items() if k in _CITATION})
