"""Meaning-level likeness of a question and candidate answer sentences, from the embedder.

Word overlap misses paraphrase ("easier to analyze" for "ease of analysis"); the sentence embedding
does not. Sentence vectors are kept (up to ``CACHE`` sentences) since the same passages come back
for many questions.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np

CACHE = 50_000  # sentences whose vectors are kept (384 float32 each: ~77 MB at most)


class Similarity:
    """``similarity(question)`` -> a function scoring sentences (cosine, -1..1) against it."""

    def __init__(self, encode: Callable[[list[str]], np.ndarray]) -> None:
        self._encode = encode
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, question: str) -> Callable[[list[str]], list[float]]:
        q = self._encode([question])[0]
        return lambda sentences: [float(v @ q) for v in self._sentence_vectors(sentences)]

    def vectors(self, sentences: list[str]) -> list[np.ndarray]:
        """Each sentence's unit vector (cached), e.g. to tell two sentences saying the same apart."""
        return self._sentence_vectors(sentences)

    def _sentence_vectors(self, sentences: list[str]) -> list[np.ndarray]:
        with self._lock:
            missing = [s for s in dict.fromkeys(sentences) if s not in self._vectors]
        fresh = self._encode(missing) if missing else []
        with self._lock:
            for s, v in zip(missing, fresh, strict=True):
                self._vectors[s] = v
                if len(self._vectors) > CACHE:
                    self._vectors.popitem(last=False)
            return [self._vectors[s] if s in self._vectors else self._encode([s])[0] for s in sentences]
