from html import escape

from rag import REFUSAL
from rag.types import Answer, Citation
from rag.ui import _plain, render


def citation(**kw):
    base = {"n": 1, "chunk_id": "a#0", "article_id": "a", "title": "T", "text": "full text", "quote": "q",
            "source": "AP", "date": "2024-01-02"}  # fmt: skip
    return Citation(**{**base, **kw})


def test_article_text_is_escaped():
    answer = Answer(
        text="It said <script>alert(1)</script> [1].",
        citations=[citation(title="<b>Bold</b>", quote="<img src=x onerror=alert(1)>")],
    )
    html = render(answer)
    assert "<script>" not in html and "<img" not in html and "<b>Bold" not in html
    assert "&lt;script&gt;" in html and "&lt;img" in html


def test_render_shows_sources_note_model_and_flags():
    answer = Answer(
        text="Good [1]. Bad claim [1].",
        citations=[citation()],
        unsupported=["Bad claim [1]."],
        model="openai/test",
        note="a note",
    )
    html = render(answer)
    assert "⚠️ *Bad claim [1].* (not supported by its source)" in html
    assert "_Note: a note_" in html
    assert "[1] **T** (2024-01-02, AP): “q”" in html
    assert "answered by openai/test" in html


def test_refusal_is_bold():
    html = render(Answer(text=REFUSAL, abstained=True))
    assert html.startswith(f"**{escape(REFUSAL)}**")


def test_plain_content():
    assert _plain([{"type": "text", "text": "a"}, "b"]) == "a b"
    assert _plain(None) == ""
