"""Typed settings, read from ``RAG_*`` environment variables, one place for every knob."""

from __future__ import annotations

import os
import re
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path

from rag.core.errors import RagError

ROOT = Path(__file__).resolve().parents[2]  # rag/core/config.py -> the repository
EMBED_BACKENDS = ("torch", "onnx", "onnx-int8")  # see rag/embed/embedder.py
DEFAULT_COLLECTION = "articles"  # its files stay where a home kept them before collections existed
# A collection's name becomes a folder and a Chroma collection: no dots, slashes or capitals.
COLLECTION_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{1,38}[a-z0-9]")
# The smallest value each numeric setting may take (checked by Settings.check).
LOWEST = {"retries": 0, "timeout": 0.001, "chroma_timeout": 0.001, "candidates": 1, "overlap_tokens": 0,
          "context_tokens": 1, "max_upload_mb": 1, "max_question_chars": 1,
          "fetch_timeout": 0.001, "fetch_max_mb": 1}  # fmt: skip


def _opt(default, description: str, env: str | None = None):
    return field(default=default, metadata={"description": description, "env": env})


@dataclass(frozen=True)
class Settings:
    """Every setting of the product; ``Settings.from_env()`` reads ``RAG_<NAME>`` for each field."""

    home: Path = _opt(Path(".rag"), "Folder for the local Chroma index and BM25 cache.")
    model: str = _opt("extractive", "litellm model string, or 'extractive' for the offline answerer.")
    api_base: str | None = _opt(None, "Base URL of an OpenAI-compatible server (with openai/<name> models).")
    api_key: str | None = _opt(None, "API key passed to litellm; provider variables also work.")
    chroma_url: str | None = _opt(None, "URL of a Chroma server (chroma run); unset means local folder.")
    chroma_timeout: float = _opt(
        60.0, "Seconds a Chroma server request may take (connecting: at most 10) before it fails."
    )
    collection: str = _opt(
        DEFAULT_COLLECTION,
        "Collection to use (rag collections): 3-40 characters, a-z 0-9 - _; each has its own articles.",
    )
    k: int = _opt(5, "Passages retrieved for an answer.")
    candidates: int = _opt(30, "Candidates each retriever (dense, BM25) contributes before fusion.")
    dense_weight: float = _opt(0.5, "Weight of dense (vs BM25) scores when fusing the two rankings (0..1).")
    sentence_weight: float = _opt(
        0.5, "Weight of the best sentence's question coverage in passage ranking (0..1)."
    )
    embed_backend: str = _opt(
        "onnx-int8", "Embedding runtime: onnx-int8 (fastest, exported locally), onnx, torch."
    )
    chunk_tokens: int = _opt(256, "Max word pieces per chunk, title prefix and special tokens included.")
    overlap_tokens: int = _opt(
        40, "Word pieces of trailing sentences repeated at the start of the next chunk."
    )
    context_tokens: int = _opt(3000, "tiktoken budget for passages in an LLM prompt.")
    min_coverage: float = _opt(
        0.25, "Share of the question's weighted terms a sentence must cover to answer."
    )
    min_confidence: float | None = _opt(
        None, "Answerability needed to answer (0..1); unset: the model's threshold."
    )
    timeout: float = _opt(60.0, "Seconds an LLM call may take before it is retried.")
    retries: int = _opt(2, "Retries of a failed LLM call (with exponential backoff) before falling back.")
    llm_jobs: str = _opt(
        "",
        "LLM jobs: answer, rewrite (follow-ups), shorten (sentence to phrase); empty = per-model default.",
    )
    local_url: str = _opt(
        "http://127.0.0.1:8765/v1", "Where `rag llm serve` listens; RAG_MODEL=local talks to it."
    )
    models: str = _opt("", "Comma-separated extra litellm models offered in the browser's model menu.")
    auth: str | None = _opt(
        None,
        "user:password[,user:password]: a login for the chat and its API (or rag users add); needed off"
        " localhost. These users are admins unless RAG_EDITORS is set.",
    )
    editors: str = _opt(
        "", "Comma-separated RAG_AUTH users who are editors (add, remove, fetch); the others are readers."
    )
    max_upload_mb: int = _opt(10, "Largest file (MB) the browser accepts for upload.")
    max_question_chars: int = _opt(
        2000, "Longest question (characters) accepted from the CLI, the API and the browser."
    )
    fetch_timeout: float = _opt(20.0, "Seconds a web page or feed may take to connect and to arrive.")
    fetch_max_mb: int = _opt(20, "Largest web page, PDF or feed (MB) fetched; a bigger one is refused.")
    private_urls: str = _opt(
        "",
        "Fetching from loopback, private, link-local or cloud-metadata addresses: allow, refuse, or empty ="
        " allowed from the terminal and a chat on localhost, refused by a chat served beyond localhost.",
    )
    prompts_dir: Path = _opt(ROOT / "prompts", "Folder of prompt templates.")

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides) -> Settings:
        """Build settings from ``RAG_*`` variables, then apply non-None keyword overrides."""
        env = os.environ if env is None else env
        values = {}
        for f in fields(cls):
            raw = env.get("RAG_" + f.name.upper())
            if raw not in (None, ""):
                values[f.name] = _parse(f.name, raw, str(f.type))
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = replace(cls(), **values)
        settings.check()
        return settings

    def check(self) -> None:
        """Raise RagError naming the first setting that is out of range."""
        if self.embed_backend not in EMBED_BACKENDS:
            raise RagError(f"RAG_EMBED_BACKEND must be onnx-int8, onnx or torch, got {self.embed_backend!r}")
        check_collection(self.collection, "RAG_COLLECTION")
        if not 32 <= self.chunk_tokens <= 256:
            raise RagError(
                f"RAG_CHUNK_TOKENS must be 32..256 (the embedder's window), got {self.chunk_tokens}"
            )
        for name in ("dense_weight", "sentence_weight", "min_coverage", "min_confidence"):
            if getattr(self, name) is not None and not 0.0 <= getattr(self, name) <= 1.0:
                raise RagError(f"RAG_{name.upper()} must be between 0 and 1, got {getattr(self, name)}")
        if self.k < 1 or self.candidates < self.k:
            raise RagError(f"RAG_K must be >= 1 and <= RAG_CANDIDATES, got k={self.k}")
        for name, low in LOWEST.items():
            if getattr(self, name) is not None and getattr(self, name) < low:
                raise RagError(f"RAG_{name.upper()} must be >= {low}, got {getattr(self, name)}")
        if self.private_urls not in ("", "allow", "refuse"):
            raise RagError(f"RAG_PRIVATE_URLS must be allow, refuse or empty, got {self.private_urls!r}")
        if self.overlap_tokens >= self.chunk_tokens:
            raise RagError(f"RAG_OVERLAP_TOKENS must be below RAG_CHUNK_TOKENS, got {self.overlap_tokens}")

    @property
    def data(self) -> Path:
        """The folder of this collection's own files (feeds, removed list, fetched pages, uploads)."""
        if self.collection == DEFAULT_COLLECTION:
            return self.home
        return self.home / "collections" / self.collection

    @staticmethod
    def describe() -> list[tuple[str, str, str]]:
        """(variable, default, description) for every setting, for docs and --help."""
        rows = []
        for f in fields(Settings):
            default = "" if f.default is MISSING else str(f.default)
            rows.append(("RAG_" + f.name.upper(), default, f.metadata["description"]))
        return rows


def check_collection(name: object, what: str = "a collection name") -> str:
    """``name`` if it can name a collection, else RagError saying what a name may be."""
    if not isinstance(name, str) or not COLLECTION_NAME.fullmatch(name):
        raise RagError(
            f"{what} must have 3-40 characters (a-z, 0-9, - and _, starting and ending with a letter "
            f"or digit), got {str(name)[:60]!r}"
        )
    return name


def _parse(name: str, raw: str, annotation: str):
    """Convert an environment string to the field's annotated type ('int', 'float | None', 'Path', ...)."""
    kind = {"int": int, "float": float, "Path": Path}.get(annotation.split(" |")[0], str)
    try:
        if kind is Path:
            return Path(raw).expanduser()
        return kind(raw) if kind in (int, float) else raw
    except ValueError:
        what = "an integer" if kind is int else "a number"
        raise RagError(f"RAG_{name.upper()} must be {what}, got {raw!r}") from None
