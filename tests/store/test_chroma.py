import numpy as np
import pytest

from rag.core.config import Settings
from rag.core.errors import RagError
from rag.core.types import Chunk
from rag.store.chroma import Store
from rag.store.rows import date_number, where
from tests.support.spans import DATED, OVERLAPS, SPOKEN


def vec(i, dim=384):
    v = np.zeros(dim, dtype=np.float32)
    v[i] = 1.0
    return v


def chunks(aid, count, source="", date=""):
    return [
        Chunk(id=f"{aid}#{n}", article_id=aid, n=n, title=f"Title {aid}", text=f"{aid} text {n}",
              start=n * 10, end=n * 10 + 9, source=source, date=date)
        for n in range(count)
    ]  # fmt: skip


@pytest.fixture
def store(tmp_path):
    s = Store(Settings(home=tmp_path / "home"))
    s.upsert(chunks("a", 3, "Reuters", "2024-03-05"), np.stack([vec(0), vec(1), vec(2)]), {"origin": "/a"})
    s.upsert(chunks("b", 2, "AP", "2025-01-15"), np.stack([vec(3), vec(4)]), {"origin": "/b"})
    return s


def test_date_number():
    assert date_number("2024-03-05") == 20240305
    assert date_number("") == 0
    assert date_number("unknown") == 0


def test_articles_are_read_from_first_chunks(store):
    arts = store.articles()
    assert set(arts) == {"a", "b"}
    assert arts["a"]["title"] == "Title a" and arts["a"]["origin"] == "/a"
    assert arts["a"]["date_num"] == 20240305
    assert set(store.articles({"source": "AP"})) == {"b"}
    assert store.count() == 5


def test_query_returns_nearest_first_with_similarity(store):
    rows = store.query(vec(1).tolist(), 3, None)
    assert rows[0][0] == "a#1" and rows[0][1] == "a text 1"
    assert rows[0][3] == pytest.approx(1.0, abs=1e-5)
    assert len(rows) == 3 and rows[1][3] < rows[0][3]


def test_query_more_than_stored_and_empty(store, tmp_path):
    assert len(store.query(vec(0).tolist(), 50, None)) == 5
    empty = Store(Settings(home=tmp_path / "empty"))
    assert empty.query(vec(0).tolist(), 5, None) == []


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"source": {"AP"}}, {"b"}),
        ({"date_from": 20250101}, {"b"}),
        ({"date_to": 20241231}, {"a"}),
        ({"date_from": 20240101, "date_to": 20251231, "source": {"Reuters"}}, {"a"}),
        ({"article_id": {"a", "b"}}, {"a", "b"}),
    ],
)
def test_where_filters_query(store, filters, expected):
    rows = store.query(vec(0).tolist(), 10, where(filters))
    assert {m["article_id"] for _, _, m, _ in rows} == expected


def test_where_shapes():
    assert where({}) is None
    assert where({"source": {"b", "a"}}) == {"source": {"$in": ["a", "b"]}}
    assert "$and" in where({"source": {"a"}, "date_to": 20240101})


def test_delete_and_get(store):
    generation = store.generation()
    store.delete_articles(["a"])
    assert store.generation() != generation
    assert store.chunk_ids("a") == [] and store.count() == 2
    store.delete_chunks(["b#1"])
    assert [row[0] for row in store.get(["b#0", "b#1"])] == ["b#0"]


def test_upsert_overwrites_and_new_rows_are_only_added(store):
    [a0] = chunks("a", 1)
    store.upsert([Chunk(**{**a0.__dict__, "text": "rewritten"})], np.stack([vec(5)]), {})
    assert store.get(["a#0"])[0][1] == "rewritten"
    store.upsert(
        [Chunk(**{**a0.__dict__, "text": "ignored"}), *chunks("c", 1)],
        np.stack([vec(6), vec(7)]),
        {},
        new=True,
    )
    assert [row[1] for row in store.get(["a#0", "c#0"])] == ["rewritten", "c text 0"]


def test_set_origins_updates_every_chunk_and_keeps_other_metadata(store):
    store.set_origins("a", ["/moved/a", "/copy/a"])
    metas = [m for _, _, m in store.get(store.chunk_ids("a"))]
    assert {m["origins"] for m in metas} == {"/moved/a\n/copy/a"}
    assert {m["source"] for m in metas} == {"Reuters"}


def test_scan_pages_through_everything(store):
    pages = list(store.scan(page=2))
    assert [len(ids) for ids, _, _ in pages] == [2, 2, 1]
    assert sorted(i for ids, _, _ in pages for i in ids) == ["a#0", "a#1", "a#2", "b#0", "b#1"]


def test_every_write_changes_the_generation(store):
    seen = {store.generation()}
    store.upsert(chunks("c", 1), np.stack([vec(5)]), {})
    seen.add(store.generation())
    store.set_origins("c", ["/c"])
    seen.add(store.generation())
    assert len(seen) == 3


def test_data_persists_across_clients(store, tmp_path):
    assert Store(Settings(home=tmp_path / "home")).count() == 5


def test_unreachable_server_is_one_line_error(tmp_path):
    with pytest.raises(RagError) as err:
        Store(Settings(home=tmp_path, chroma_url="http://127.0.0.1:9"))
    assert str(err.value).startswith("cannot open Chroma at http://127.0.0.1:9")
    assert "\n" not in str(err.value)


def test_articles_pages_through_everything(store):
    assert set(store.articles(page=1)) == {"a", "b"}
    assert set(store.articles({"source": "AP"}, page=1)) == {"b"}


def test_articles_at_scale(tmp_path):
    """One unpaged get of 35k rows fails in Chroma's SQLite ("too many SQL variables"), as
    re-ingesting a 50k-article corpus did; tiny 2-d vectors keep the insert quick."""
    s = Store(Settings(home=tmp_path / "home"))
    many = [c for i in range(35_000) for c in chunks(f"x{i}", 1)]
    s.upsert(many, np.tile(np.array([[1.0, 0.0]], dtype=np.float32), (len(many), 1)), {})
    assert len(s.articles()) == 35_000


def test_text_is_kept_in_metadata_not_in_chromas_full_text_index(store):
    raw = store.collection.get(ids=["a#1"], include=["documents", "metadatas"])
    assert raw["documents"] == [None] and raw["metadatas"][0]["text"] == "a text 1"
    ((cid, text, meta),) = store.get(["a#1"])
    assert (cid, text) == ("a#1", "a text 1") and "text" not in meta and meta["title"] == "Title a"
    assert "text" not in store.articles()["a"]
    assert all("text" not in m for _, _, ms in store.scan() for m in ms)


def test_chunks_stored_as_documents_by_earlier_versions_still_read(store):
    meta = {"article_id": "old", "n": 0, "title": "Old", "date_num": 0}
    store.collection.add(ids=["old#0"], embeddings=[vec(9)], documents=["old text"], metadatas=[meta])
    assert store.get(["old#0"])[0][1] == "old text"
    assert store.query(vec(9).tolist(), 1, None)[0][1] == "old text"
    assert [t for _, ts, _ in store.scan() for t in ts if t.startswith("old")] == ["old text"]


@pytest.mark.parametrize(("filters", "found"), OVERLAPS)
def test_where_finds_a_passage_by_the_days_it_speaks_of(tmp_path, filters, found):
    """A range overlapping the mention span on either side, containing it or inside it finds the
    passage; a passage with no relative dates is found by its own date only."""
    s = Store(Settings(home=tmp_path / "home"))
    s.upsert(chunks("spoken", 1, "AP", "2025-12-04"), np.stack([vec(0)]), SPOKEN)
    s.upsert(chunks("plain", 1, "AP", "2025-12-04"), np.stack([vec(1)]), {})
    rows = s.query(vec(0).tolist(), 10, where(filters))
    dated = filters["date_from"] <= DATED <= filters.get("date_to", 99999999)
    expected = {name for name, shown in (("spoken", found), ("plain", dated)) if shown}
    assert {m["article_id"] for _, _, m, _ in rows} == expected
