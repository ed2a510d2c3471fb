from rag.answer.similar import Similarity

Q = "Where do ships dock?"
NEAR, FAR = "Vessels moor in the harbour at night.", "The tax rate rose by two percent."


def test_scores_are_cosines_and_sentence_vectors_are_kept(embedder):
    calls = []

    def encode(texts):
        calls.append(list(texts))
        return embedder.encode(texts)

    score = Similarity(encode)(Q)
    near, far = score([NEAR, FAR])
    assert -1.0 <= far < near <= 1.0
    assert score([NEAR]) == [near]  # from the kept vector: no new encoding
    assert calls == [[Q], [NEAR, FAR]]
