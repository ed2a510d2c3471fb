"""Token budgets for LLM prompts, counted with tiktoken's cl100k_base, offline.

tiktoken downloads its encodings on first use; litellm ships them, so point tiktoken at that folder
(found without importing litellm, which takes seconds).
"""

from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path


@functools.cache
def _encoding():
    spec = importlib.util.find_spec("litellm")
    if spec and spec.submodule_search_locations:
        folder = Path(next(iter(spec.submodule_search_locations))) / "litellm_core_utils" / "tokenizers"
        os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(folder))
    import tiktoken

    return tiktoken.get_encoding("cl100k_base")


def count_tokens(text: str) -> int:
    """Tokens of ``text`` as GPT-style models count them (an estimate for other models)."""
    return len(_encoding().encode(text, disallowed_special=()))


def fit(texts: list[str], budget: int) -> int:
    """How many of ``texts``, taken in order, fit in ``budget`` tokens (at least one)."""
    used = 0
    for i, text in enumerate(texts):
        used += count_tokens(text)
        if used > budget and i > 0:
            return i
    return len(texts)


def head(text: str, tokens: int) -> str:
    """The first ``tokens`` tokens of ``text``, as text."""
    enc = _encoding()
    return enc.decode(enc.encode(text, disallowed_special=())[:tokens])
