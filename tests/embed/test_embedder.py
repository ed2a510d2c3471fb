import numpy as np


def test_window_is_256(embedder):
    assert embedder.max_tokens == 256


def test_count_tokens_excludes_special_tokens(embedder):
    assert embedder.count_tokens(["hello world", "hello"]) == [2, 1]


def test_count_tokens_of_no_texts(embedder):
    assert embedder.count_tokens([]) == []


def test_encode_is_unit_length(embedder):
    vectors = embedder.encode(["a loan to Ukraine", "a volcano in Iceland"])
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_encode_nothing(embedder):
    assert embedder.encode([]).shape == (0, 384)


def test_similar_texts_are_closer(embedder):
    q, near, far = embedder.encode(["EU loan for Ukraine", "Brussels lends Kyiv money", "sourdough bread"])
    assert q @ near > q @ far
