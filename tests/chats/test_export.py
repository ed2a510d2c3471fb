"""Answers as Markdown (rag/chats/export.py, rag ask --markdown)."""

from rag.chats.export import answer_markdown, conversation_markdown
from rag.core.types import Answer, Citation
from tests.support.cli import run

CITED = Citation(n=1, chunk_id="a#0", article_id="a", title="Ferry <b>fares</b>", text="x",
                 source="Harbour Post", quote="The fare rose to 7 pounds [see](http://evil.example).",
                 date="2025-12-04", url="https://h.example/fares", page=3)  # fmt: skip
ANSWER = Answer("The fare rose to 7 pounds [1].", [CITED], False, [], "extractive")


def test_question_answer_with_markers_and_numbered_sources():
    md = answer_markdown("How much is the fare?", ANSWER)
    assert md.startswith(
        "## How much is the fare?\n\nThe fare rose to 7 pounds [1].\n\nSources:\n\n1. **Ferry"
    )
    assert "— Harbour Post, 2025-12-04, p. 3, https://h.example/fares" in md
    assert "   > The fare rose to 7 pounds" in md


def test_untrusted_text_stays_text():
    md = answer_markdown("<img src=x onerror=alert(1)>?", ANSWER)
    assert "<img" not in md and "<b>" not in md and "&lt;b&gt;fares&lt;/b&gt;" in md
    assert "](http://evil" not in md and "\\[see\\]\\(http://evil.example\\)" in md


def test_a_conversation_is_its_turns_under_a_title():
    md = conversation_markdown(
        "Ferry questions", [("How much is the fare?", ANSWER), ("And in 2024?", ANSWER)]
    )
    assert md.startswith("# Ferry questions\n\n## How much is the fare?") and md.count("Sources:") == 2


def test_rag_ask_markdown(sample_home, capsys):
    code, out, _ = run(
        capsys, "--home", str(sample_home), "ask", "How much would the EU loan to Ukraine be?", "--markdown"
    )
    assert code == 0 and out.startswith("## How much would the EU loan to Ukraine be?")
    assert "€90 billion" in out and "\n1. **Ukraine peace talks" in out


def test_an_article_cannot_define_where_the_markers_link():
    """Issue 24.4: '[1]: http://... "t"' in a quoted sentence became a CommonMark link reference
    definition, so every [1] of the export linked to that URL."""
    from markdown_it import MarkdownIt

    evil = '[1]: http://evil.example "Read more"'
    cited = Citation(n=1, chunk_id="a#0", article_id="a", title=evil, text="x", quote=evil)
    answer = Answer(f"{evil} The fare rose to 7 pounds [1].", [cited], False, [], "extractive")
    for md in (answer_markdown(evil, answer), conversation_markdown(evil, [(evil, answer)])):
        env: dict = {}
        html = MarkdownIt("commonmark").render(md, env)
        assert not env.get("references") and "evil.example" not in "".join(html.split("href=")[1:]), md
        assert "7 pounds [1]." in md  # the answer's own markers are kept


def test_differing_figures_are_marked_with_the_note():
    answer = Answer("12,000 marched [1]. 8,000 marched [2].", note="sources differ on this figure: A and B",
                    figures="differ")  # fmt: skip
    assert "> **Sources differ:** sources differ on this figure: A and B" in answer_markdown(
        "How many?", answer
    )
    assert "Sources differ" not in answer_markdown("How many?", Answer("12,000 marched [1]."))


def test_a_flagged_sentence_is_exported_with_what_the_source_says():
    bad = "Lyon won [1]."
    answer = Answer(text=f"Paris won [1]. {bad}", unsupported=[bad], reasons={bad: "changed: Paris → Lyon"})
    md = answer_markdown("Who won?", answer)
    assert "\n> ⚠ Not verified (the source says “Paris”, not “Lyon”): Lyon won [1].\n" in md
