import json

import pytest

from rag.core.errors import RagError
from rag.sources.formats import parse_json, parse_markdown, parse_text
from rag.sources.html import parse_html_plain


def test_text_header_block_is_metadata():
    rec = parse_text("Title: Talks in Florida\nDate: 4 December 2025\nSource: Reuters\n\nBody text here.")
    assert rec["title"] == "Talks in Florida"
    assert rec["date"] == "4 December 2025"
    assert rec["source"] == "Reuters"
    assert rec["text"].strip() == "Body text here."


def test_text_without_header_is_unchanged():
    raw = "Russian president Vladimir Putin said on Thursday.\nMore."
    assert parse_text(raw) == {"text": raw}


def test_markdown_heading_is_title_and_markup_removed():
    raw = (
        "# EU loan plan\n\nThe **Commission** proposed a [€90 billion loan](http://x.example) "
        "![chart](c.png) to _Ukraine_.\n\n## Details\n\nMore *here*."
    )
    rec = parse_markdown(raw)
    assert rec["title"] == "EU loan plan"
    assert "# EU loan plan" not in rec["text"]
    assert "The Commission proposed a €90 billion loan" in rec["text"]
    assert " to Ukraine." in rec["text"]
    assert "Details" in rec["text"] and "##" not in rec["text"]
    assert "http://x.example" not in rec["text"] and "c.png" not in rec["text"]


def test_markdown_keeps_snake_case_and_bullets():
    rec = parse_markdown("# T\n\n* first item uses my_variable\n* second")
    assert "my_variable" in rec["text"]
    assert "* first item" in rec["text"]


def test_plain_html_title_visible_text_and_meta():
    raw = (
        "<html><head><title>Kremlin talks</title>"
        '<meta property="article:published_time" content="2025-12-04T10:00:00Z">'
        '<meta property="og:site_name" content="The Paper">'
        '<meta property="og:url" content="https://paper.example/talks">'
        "<style>.x{color:red}</style><script>alert('SCRIPT')</script></head>"
        "<body><nav>Menu NAV</nav><header>Site HEADER</header>"
        "<h1>Talks &amp; more</h1><p>First paragraph.</p><p>Second<br>line.</p>"
        "<aside>ASIDE</aside><footer>FOOTER</footer></body></html>"
    )
    rec = parse_html_plain(raw)
    assert rec["title"] == "Kremlin talks"
    assert rec["date"] == "2025-12-04T10:00:00Z"
    assert rec["source"] == "The Paper"
    assert rec["url"] == "https://paper.example/talks"
    for hidden in ("SCRIPT", "NAV", "HEADER", "ASIDE", "FOOTER", "color:red", "Kremlin talks"):
        assert hidden not in rec["text"]
    assert "Talks & more" in rec["text"]
    assert "First paragraph." in rec["text"] and "Second" in rec["text"]
    assert "First paragraph.Second" not in rec["text"]  # block elements are separated


def test_plain_html_title_falls_back_to_h1():
    assert parse_html_plain("<body><h1>Only a heading</h1><p>Text.</p></body>")["title"] == "Only a heading"


@pytest.mark.parametrize(
    "raw",
    [
        json.dumps({"title": "A", "text": "Body A."}),
        json.dumps([{"title": "A", "text": "Body A."}]),
        json.dumps({"articles": [{"title": "A", "content": "Body A."}]}),
    ],
)
def test_json_shapes(raw):
    assert parse_json(raw, jsonl=False) == [{"title": "A", "text": "Body A."}]


def test_json_fields_are_strings_and_extra_keys_dropped():
    raw = json.dumps({"title": "A", "body": "B.", "date": 2024, "source": "AP", "url": "u", "x": 1})
    assert parse_json(raw, jsonl=False) == [
        {"title": "A", "date": "2024", "source": "AP", "url": "u", "text": "B."}
    ]


def test_jsonl_records():
    raw = '{"title": "A", "text": "One."}\n\n{"title": "B", "text": "Two."}\n'
    assert [r["title"] for r in parse_json(raw, jsonl=True)] == ["A", "B"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('{"title": "no text"}', "record 1 has no 'text'"),
        ('[{"text": "ok"}, {"text": "  "}]', "record 2 has no 'text'"),
        ("[1, 2]", "record 1 is not an object"),
        ('{"title": ', "invalid JSON at line 1"),
    ],
)
def test_json_errors(raw, message):
    with pytest.raises(RagError, match=message):
        parse_json(raw, jsonl=False)


def test_jsonl_error_names_the_bad_line():
    raw = '{"title": "A", "text": "One."}\n{"title": "B", "text": "Two."}\n{"title": '
    with pytest.raises(RagError, match="invalid JSON at line 3"):
        parse_json(raw, jsonl=True)


@pytest.mark.parametrize(
    "tags",
    [
        "<div>" * 100_000 + "<p>Harbour text.</p>" + "</span>" * 100_000,
        "<b><i>" * 50_000 + "Harbour text." + "</b>" * 50_000,
    ],
    ids=["unclosed, stray ends", "nested, closed by the outermost"],
)
def test_deeply_nested_or_unclosed_tags_take_linear_time(tags):
    """Issue 24.9: 100k nested or unclosed tags (1 MB) took 118-370 s: every end tag scanned and copied
    the list of open tags. Linear, it takes about a second here; 20 s is far from both."""
    import time

    start = time.monotonic()
    record = parse_html_plain(tags)
    assert time.monotonic() - start < 20
    assert "Harbour text." in record["text"]


def test_an_unclosed_skipped_element_ends_with_its_parent():
    """Issue 24.15: an unclosed <svg> (or nav, form, button, header) hid all the text after it."""
    record = parse_html_plain(
        "<p>The ferry returned on Thursday. <svg><path d='M0'></p><p>It carries 40 cars.</p>"
    )
    assert "It carries 40 cars." in record["text"] and "The ferry returned" in record["text"]
