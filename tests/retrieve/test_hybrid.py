import pytest

from rag.core.errors import RagError
from rag.retrieve.hybrid import allows, normalize_filters
from tests.support.corpus import RECORDS, TOPICS
from tests.support.spans import DATED, OVERLAPS, SPOKEN


@pytest.mark.parametrize(("question", "title"), [(q, t) for _, _, q, t in TOPICS])
def test_search_finds_the_right_article(topics_kb, question, title):
    hits = topics_kb.search(question, k=3)
    assert hits[0].title == title


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("Did the central bank raise rates to fight inflation?", RECORDS[0]["title"]),
        ("How much ice did Alpine glaciers lose?", RECORDS[1]["title"]),
        ("battery ferry Oslo", RECORDS[2]["title"]),
    ],
)
def test_search_finds_json_records(topics_kb, question, title):
    assert topics_kb.search(question, k=3)[0].title == title


def test_hits_are_ranked_and_consistent(topics_kb):
    hits = topics_kb.search("lava flow toward Grindavik", k=4)
    assert len(hits) == 4
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert len({h.chunk_id for h in hits}) == 4
    for h in hits:
        assert h.chunk_id.startswith(h.article_id + "#")
        assert h.end - h.start == len(h.text)


def test_html_scripts_and_nav_are_not_indexed(topics_kb):
    texts = [t for _, page, _ in topics_kb.store.scan() for t in page]
    assert not any(marker in t for t in texts for marker in ("SCRIPTMARKER", "NAVMARKER", "FOOTERMARKER"))


@pytest.mark.parametrize(
    ("filters", "titles"),
    [
        ({"source": "AP"}, {RECORDS[1]["title"]}),
        ({"source": ["Reuters"]}, {RECORDS[0]["title"], RECORDS[2]["title"]}),
        ({"date_from": "2024-06-01"}, {RECORDS[1]["title"], RECORDS[2]["title"]}),
        ({"date_from": "2024-01-01", "date_to": "2024-12-31"}, {RECORDS[0]["title"], RECORDS[1]["title"]}),
        ({"source": "Reuters", "date_to": "2024-12-31"}, {RECORDS[0]["title"]}),
    ],
)
def test_filters(topics_kb, filters, titles):
    # "ferry" matches one record lexically, the rest must come from the dense side within the filter.
    hits = topics_kb.search("electric ferry crossing", k=8, filters=filters)
    assert {h.title for h in hits} == titles


def test_article_id_filter(topics_kb):
    target = topics_kb.search("chess tiebreak", k=1)[0].article_id
    hits = topics_kb.search("volcano lava", k=5, filters={"article_id": target})
    assert hits and {h.article_id for h in hits} == {target}


@pytest.mark.parametrize("filters", [{"date_from": "1900-01-01"}, {"date_to": "2100-01-01"}])
def test_undated_articles_are_excluded_by_date_filters(topics_kb, filters):
    """An article of unknown date is not known to be in the range, whichever bound is given."""
    hits = topics_kb.search("volcano lava Grindavik", k=8, filters=filters)
    assert hits and all(h.date for h in hits)


def test_normalize_filters():
    got = normalize_filters(
        {"source": "AP", "article_id": ["x", "y"], "date_from": "5 March 2024", "date_to": ""}
    )
    assert got == {"source": {"AP"}, "article_id": {"x", "y"}, "date_from": 20240305}
    assert normalize_filters(None) == {}


@pytest.mark.parametrize(
    ("filters", "message"),
    [({"author": "x"}, "unknown filter 'author'"), ({"date_from": "someday"}, "not a date")],
)
def test_bad_filters(filters, message):
    with pytest.raises(RagError, match=message):
        normalize_filters(filters)


def test_partial_dates_cover_the_whole_period():
    """--since 2024 means from 1 January, --until 2024 up to 31 December (not today's month and day)."""
    assert normalize_filters({"date_from": "2024"})["date_from"] == 20240101
    assert normalize_filters({"date_to": "2024"})["date_to"] == 20241231
    assert normalize_filters({"date_from": "March 2024"})["date_from"] == 20240301


def test_allows_matches_the_chroma_filter():
    check = allows(normalize_filters({"source": "AP", "date_from": "2024-01-01"}))
    assert check({"source": "AP", "date_num": 20240505})
    assert not check({"source": "Reuters", "date_num": 20240505})
    assert not check({"source": "AP", "date_num": 0})
    assert allows({}) is None


def test_k_limits_hits(topics_kb):
    assert len(topics_kb.search("news", k=2)) == 2


@pytest.mark.parametrize(("filters", "found"), OVERLAPS)
def test_allows_finds_a_passage_by_the_days_it_speaks_of(filters, found):
    """The BM25 side agrees with the Chroma clause on every overlap (tests/store/test_chroma.py)."""
    check = allows(filters)
    assert check({"date_num": DATED, **SPOKEN}) is found
    dated = filters["date_from"] <= DATED <= filters.get("date_to", 99999999)
    assert check({"date_num": DATED}) is dated
