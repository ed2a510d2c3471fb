import numpy as np
import pytest

from tests.support.ci import unavailable


class _Recorder:
    """Wraps an ORT session, keeping each batch's attention mask."""

    def __init__(self, session):
        self.session, self.masks = session, []

    def run(self, outputs, feed):
        self.masks.append(feed["attention_mask"].copy())
        return self.session.run(outputs, feed)


@pytest.fixture
def onnx_model(embedder, monkeypatch):
    if not hasattr(embedder.model, "session"):  # the default is onnx-int8: only a changed default gets here
        unavailable(f"the default embedding backend is {embedder.backend}, not ONNX")
    recorder = _Recorder(embedder.model.session)
    monkeypatch.setattr(embedder.model, "session", recorder)
    return embedder.model, recorder


def test_batches_are_cut_by_word_pieces_not_characters(onnx_model):
    model, recorder = onnx_model
    # Long words split into many pieces: few characters, many word pieces; plain words the reverse.
    dense = [" ".join(["Zelenskyy's Kharkiv Dnipropetrovsk"] * (3 + i % 5)) for i in range(12)]
    plain = [" ".join(["the talks went on"] * (6 + i % 7)) for i in range(12)]
    texts = [t for pair in zip(dense, plain, strict=True) for t in pair]
    pieces = sorted((n + 2 for n in model.count_tokens(texts)), reverse=True)
    model.encode(texts, batch_size=4)
    computed = sum(m.size for m in recorder.masks)
    fewest = sum(max(pieces[i : i + 4]) * len(pieces[i : i + 4]) for i in range(0, len(pieces), 4))
    assert computed == fewest
    assert sum(int(m.sum()) for m in recorder.masks) == sum(pieces)  # every real piece seen once


def test_a_text_embeds_the_same_alone_and_in_a_batch(onnx_model):
    model, _ = onnx_model
    texts = ["EU loan for Ukraine", "a much longer sentence about peace talks in Geneva " * 4, "bread"]
    together = model.encode(texts)
    alone = np.vstack([model.encode([t]) for t in texts])
    # int8 activations are quantized per batch, so batch-mates move a vector a little (cosine ~0.99)
    assert np.all(np.sum(together * alone, axis=1) > 0.98)
    assert together[0] @ together[2] < 0.9  # and each row is its own text's
