import pytest

from rag.core.errors import RagError
from rag.llm.prompts import render
from tests.support.corpus import ROOT


def test_render_fills_placeholders(tmp_path):
    (tmp_path / "t.md").write_text("Hello {who}, see {thing}.\n\n")
    assert render(tmp_path, "t", who="Ann", thing="[1]") == "Hello Ann, see [1]."


def test_missing_template(tmp_path):
    with pytest.raises(RagError, match="prompt template not found"):
        render(tmp_path, "nope")


def test_missing_and_unused_values(tmp_path):
    (tmp_path / "t.md").write_text("Hello {who}.")
    with pytest.raises(RagError, match="no value for who"):
        render(tmp_path, "t")
    with pytest.raises(RagError, match="unused value extra"):
        render(tmp_path, "t", who="x", extra="y")


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("system", {}),
        ("answer", {"passages": "[1] P", "question": "Q?", "refusal": "R."}),
        ("rewrite", {"history": "User: H", "question": "Q?"}),
    ],
)
def test_shipped_prompts_render(name, values):
    text = render(ROOT / "prompts", name, **values)
    assert text and "{" not in text
    assert all(v in text for v in values.values())
