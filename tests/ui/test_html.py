"""Chat and sources-panel HTML: untrusted article text is always escaped."""

from rag import REFUSAL
from rag.core.types import Answer, Citation
from rag.ui import html as render
from rag.ui import passages


def citation(**kw):
    base = {"n": 1, "chunk_id": "a#0", "article_id": "a", "title": "T", "text": "First sentence. Second one.",
            "quote": "Second one.", "source": "AP", "date": "2024-01-02"}  # fmt: skip
    return Citation(**{**base, **kw})


def test_article_text_is_escaped_everywhere():
    answer = Answer(
        text="It said <script>alert(1)</script> [1].",
        citations=[
            citation(
                title="<b>Bold</b>", text="x <img src=x onerror=alert(1)> y", quote="", url="javascript:x"
            )
        ],
    )
    html = render.answer_html(answer) + render.sources_html(answer)
    assert "<script>" not in html and "<img" not in html and "<b>Bold" not in html
    assert "&lt;script&gt;" in html and "&lt;img" in html
    assert "javascript:" not in html  # only http(s) links are made


def test_markers_link_to_sources_and_quote_is_highlighted():
    answer = Answer(text="Second one [1].", citations=[citation(url="https://example.com/a?b=1&c=2")])
    key = render.answer_key(answer)
    html = render.answer_html(answer)
    cite = (
        f'<a href="#{key}-source-1" id="{key}-cite-1" class="cite" title="Second one." aria-label="source 1: '
    )
    assert cite in html
    assert f'<div class="source" id="{key}-source-1">' in html  # its own sources, under it
    assert f'<a class="back" href="#{key}-cite-1">' in html  # and back to where it is cited
    panel = render.sources_html(answer)
    assert 'id="source-1"' in panel and "First sentence. <mark>Second one.</mark>" in panel
    assert 'href="https://example.com/a?b=1&amp;c=2"' in panel and "2024-01-02 · AP" in panel


def test_unsupported_note_and_model_are_shown():
    answer = Answer(
        text="Good [1]. Bad claim [1].", citations=[citation()], unsupported=["Bad claim [1]."],
        model="openai/test", note="a note",
    )  # fmt: skip
    html = render.answer_html(answer)
    why = "the source does not say this"
    assert (
        f'<span class="unsupported" title="Not verified: {why}">'
        '<span class="flag">⚠ Not verified:</span> <em>Bad claim' in html
    )
    assert f"({why})" in html
    assert "a note" in html and "answered by openai/test" in html


def test_the_reason_a_sentence_was_flagged_is_shown_escaped():
    answer = Answer(
        text="Good [1]. Lyon <b>won</b> [1].", citations=[citation()], unsupported=["Lyon <b>won</b> [1]."],
        reasons={"Lyon <b>won</b> [1].": "changed: Paris → Lyon <b>"},
    )  # fmt: skip
    html = render.answer_html(answer)
    why = "the source says “Paris”, not “Lyon &lt;b&gt;”"
    assert (
        f'title="Not verified: {why}"' in html
        and f"({why})</small>" in html
        and "<b>won" not in html
        and "Lyon <b>" not in html
    )


def test_refusal_looks_like_a_refusal():
    answer = Answer(text=REFUSAL, abstained=True)
    assert 'class="refusal"' in render.answer_html(answer)
    assert "No passage supports" in render.sources_html(answer)


def test_highlight_ignores_quotes_not_in_the_passage():
    assert passages.highlight("A <b> c.", "Not here.") == "A &lt;b&gt; c."


def test_stats_table_escapes_titles():
    stats = {"articles": 1, "chunks": 2, "list": [{"title": "<i>x</i>", "date": "", "source": "AP"}]}
    html = render.stats_html(stats)
    assert "<b>1</b> articles" in html and "&lt;i&gt;x&lt;/i&gt;" in html and "<td>–</td>" in html


def test_stats_table_lists_only_the_first_rows():
    rows = [{"title": f"Article {i}", "date": "", "source": ""} for i in range(5)]
    html = render.stats_html({"articles": 5, "chunks": 9, "list": rows}, rows=2)
    assert html.count("<tr><td>") == 2 and "Article 1" in html and "Article 2" not in html
    assert "the 2 newest below" in html
    assert "newest below" not in render.stats_html({"articles": 5, "chunks": 9, "list": rows})


def test_the_answer_phrase_is_bold_once_and_escaped():
    answer = Answer(
        text="He brought 300 <ships> [1]. Later 300 more [1].", citations=[citation()], short="300 <ships>"
    )
    html = render.answer_html(answer)
    assert html.count('<strong class="short">300 &lt;ships&gt;</strong>') == 1 and "<ships>" not in html


def test_the_answer_phrase_is_bolded_in_a_verified_sentence_never_in_a_flag():
    wrong = "Ukraine would repay €90 billion and more [1]."
    answer = Answer(
        text=f"{wrong} The EU loan is €90 billion [1].", citations=[citation()], unsupported=[wrong],
        reasons={wrong: "changed: €90 billion → €90 billion and more"}, short="€90 billion",
    )  # fmt: skip
    html = render.answer_html(answer)
    assert html.count("<strong") == 1 and 'is <strong class="short">€90 billion</strong>' in html
    assert 'title="Not verified: the source says “€90 billion”, not “€90 billion and more”"' in html


def test_a_cited_page_is_shown_with_the_source():
    c = Citation(n=1, chunk_id="a#0", article_id="a", title="Bridge report", text="Repairs cost 4 million.",
                 quote="Repairs cost 4 million.", date="2025-12-04", page=7,
                 author="A. <b>Clerk</b>")  # fmt: skip
    assert "by A. &lt;b&gt;Clerk&lt;/b&gt; · 2025-12-04 · p. 7" in render.sources_html(
        Answer("Repairs cost 4 million [1].", [c], False, [], "x")
    )


def test_feeds_are_listed_with_their_last_poll_and_error_escaped():
    html = render.feeds_html({"https://x.example/rss": {"last_poll": "2025-12-04T08:00:00+00:00", "added": 3,
                                                        "error": "<b>HTTP 500</b>"}})  # fmt: skip
    assert "https://x.example/rss" in html and "2025-12-04T08:00:00+00:00" in html and "<td>3</td>" in html
    assert "&lt;b&gt;HTTP 500&lt;/b&gt;" in html and "<b>HTTP" not in html
    assert "rag feed add URL" in render.feeds_html({})


def test_other_outlets_of_a_story_are_named_escaped():
    c = Citation(n=1, chunk_id="a#0", article_id="a", title="Grain", text="61 ships left.",
                 quote="61 ships left.", source="Daily", also=("Gazette", "<i>Times</i>"))  # fmt: skip
    html = render.sources_html(Answer("61 ships left [1].", [c], False, [], "x"))
    assert "also published by Gazette, &lt;i&gt;Times&lt;/i&gt;" in html


def test_differing_or_changed_figures_are_marked_apart_from_the_note():
    base = Answer(
        "12,000 marched [1]. 8,000 marched [2].", [citation(), citation(n=2)], note="sources differ"
    )
    differ = render.answer_html(
        Answer(**{**base.to_dict(), "citations": base.citations, "figures": "differ"})
    )
    assert '<p class="figures differ" role="note"><strong>⚖ Sources differ on this figure' in differ
    changed = render.answer_html(
        Answer(**{**base.to_dict(), "citations": base.citations, "figures": "changed"})
    )
    assert 'class="figures changed"' in changed and "This figure changed over time" in changed
    assert 'class="figures' not in render.answer_html(base)
