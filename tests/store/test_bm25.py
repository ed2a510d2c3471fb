"""The BM25 index (a bm25s segment plus the delta since, from a SQLite journal beside Chroma): written
with every store write, so an article added or removed anywhere is found (or gone) at once, in this
process or another, without a rebuild; rebuilt from Chroma only when Chroma was written without it,
or its file is damaged."""

import numpy as np
import pytest

from rag.core.config import Settings
from rag.core.types import Chunk
from rag.retrieve.hybrid import normalize_filters
from rag.store.bm25 import LexicalIndex
from rag.store.chroma import Store
from rag.text.terms import terms
from tests.support.cli import rag_process

TEXTS = {
    "vol": "A volcano erupted near Grindavik and lava reached the road.",
    "fer": "An electric ferry crosses the fjord; the ferry charges at the dock.",
    "che": "The chess champion kept her title after a rapid tiebreak.",
}


def add(store, aid, text, source="", date=""):
    chunk = Chunk(id=f"{aid}#0", article_id=aid, n=0, title=aid, text=text, start=0, end=len(text),
                  source=source, date=date)  # fmt: skip
    store.upsert([chunk], np.ones((1, 384), dtype=np.float32) / np.sqrt(384), {})


def opened(home) -> tuple[Store, LexicalIndex]:
    """A store and its BM25 index, as a process opens them (rag.open does the same)."""
    store = Store(Settings(home=home))
    return store, LexicalIndex(store, home / "lexical-articles.sqlite3")


@pytest.fixture
def index(tmp_path):
    store, index = opened(tmp_path / "home")
    for aid, text in TEXTS.items():
        add(store, aid, text, source="AP" if aid == "fer" else "Reuters", date="2025-12-0" + str(len(aid)))
    return index


def search(index, query, n=3, filters=None):
    index.ensure()
    return [cid for cid, _, _ in index.search(terms(query), n, normalize_filters(filters))]


def no_scan(index, monkeypatch):
    monkeypatch.setattr(index.store, "scan", lambda *a, **k: pytest.fail("rebuilt from a scan of Chroma"))


def test_finds_the_matching_chunk_with_its_title_and_source(index):
    index.ensure()
    [(cid, meta, score)] = index.search(terms("volcano lava"), 3)
    assert cid == "vol#0" and meta == {"article_id": "vol", "title": "vol", "source": "Reuters"} and score > 0


def test_no_terms_or_no_match_is_empty(index):
    assert search(index, "the of and") == []
    assert search(index, "submarine") == []


def test_filters_are_the_dense_sides(index):
    assert search(index, "ferry fjord", filters={"source": "Reuters"}) == []
    assert search(index, "ferry fjord", filters={"source": ["AP"]}) == ["fer#0"]
    assert search(index, "ferry fjord", filters={"date_from": "2025-12-04"}) == []
    assert search(index, "ferry fjord", filters={"date_to": "2025-12-03", "article_id": "fer"}) == ["fer#0"]


def test_rarer_terms_weigh_more(index):
    index.ensure()
    [common] = terms("the ferry")  # in one chunk of three
    assert index.idf("unseenword") > index.idf(common) > 0


def test_a_write_through_another_store_is_found_without_a_rebuild(index, tmp_path, monkeypatch):
    assert search(index, "submarine") == []
    no_scan(index, monkeypatch)
    other, _ = opened(tmp_path / "home")  # e.g. another process ingesting into this home
    add(other, "sub", "A yellow submarine surfaced in the harbour.")
    assert search(index, "submarine") == ["sub#0"]
    other.delete_articles(["sub"])
    assert search(index, "submarine") == []
    assert index.count() == 3


def test_chroma_written_without_the_index_is_rebuilt_once(index, tmp_path, monkeypatch):
    """A process on another machine sharing the Chroma server writes no BM25 file here."""
    blind = Store(Settings(home=tmp_path / "home"))  # no BM25 index joins its writes
    add(blind, "sub", "A yellow submarine surfaced in the harbour.")
    assert search(index, "submarine") == ["sub#0"]  # rebuilt from Chroma
    no_scan(index, monkeypatch)
    assert search(index, "volcano") == ["vol#0"]  # and not again


def test_a_damaged_index_file_is_rebuilt_from_chroma(index, tmp_path):
    path = index.journal.path
    index.ensure()
    path.write_bytes(b"not a database at all" * 100)
    for side in ("-wal", "-shm"):
        path.with_name(path.name + side).unlink(missing_ok=True)
    _, fresh = opened(tmp_path / "home")
    assert search(fresh, "chess tiebreak") == ["che#0"]


def test_empty_store(tmp_path):
    _, index = opened(tmp_path / "h")
    assert search(index, "anything") == []


def test_another_process_adding_and_removing_reaches_this_ones_bm25_without_a_rebuild(
    tmp_path, embedder, monkeypatch
):
    import rag

    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    (tmp_path / "ferry.txt").write_text("Title: Ferry fares\nSource: Harbour Post\n\nThe ferry fare rose.\n")
    kb.ingest([tmp_path / "ferry.txt"])
    kb.search("ferry fare")  # this process's index is up to date
    no_scan(kb.lexical, monkeypatch)
    doc = tmp_path / "sub.txt"
    doc.write_text("Title: Submarine\nSource: Harbour Post\n\nA yellow submarine surfaced in the harbour.\n")
    assert rag_process("--home", str(tmp_path / "home"), "ingest", str(doc)).returncode == 0
    kb.lexical.ensure()  # as every search does first: reads what was written since, nothing more
    assert [t for _, m, _ in kb.lexical.search(terms("yellow submarine"), 5) for t in [m["title"]]] == [
        "Submarine"
    ]
    assert kb.search("yellow submarine", k=1)[0].title == "Submarine"
    assert rag_process("--home", str(tmp_path / "home"), "remove", str(doc)).returncode == 0
    kb.lexical.ensure()
    assert kb.lexical.search(terms("yellow submarine"), 5) == []


def test_the_delta_is_merged_into_a_new_segment_that_ranks_alike(index, tmp_path, monkeypatch):
    from rag.store import bm25

    store = index.store
    index.ensure()  # a segment of the first three
    for i in range(6):
        add(store, f"new{i}", f"The harbour crane number {i} lifted a yellow submarine hull.")
    index.ensure()
    assert index._delta.size == 6 and index.segment.size == 3  # found in the delta, not merged yet
    before = search(index, "yellow submarine crane", n=9)
    monkeypatch.setattr(bm25, "MERGE_AT", 2)
    add(store, "che", TEXTS["che"])  # any write: the delta is now past the threshold
    assert search(index, "yellow submarine crane", n=9) == before  # the same ranking, from one segment
    assert index._delta.size == 0 and index.segment.size == 9


def test_a_delta_chunk_scores_as_it_will_in_the_next_segment(index, monkeypatch):
    """Segment and delta hits are ranked together: a chunk's score must not jump when it is merged
    (bm25s scores tf / (tf + k1 * norm), without Lucene's old (k1 + 1) factor; the delta must too)."""
    from rag.store import bm25

    store = index.store
    add(store, "a", "The harbour crane lifted a yellow submarine hull at dawn.")
    index.ensure()
    monkeypatch.setattr(bm25, "MERGE_AT", 2)
    index.ensure()  # "a" is in a segment now
    monkeypatch.setattr(bm25, "MERGE_AT", 100)
    add(store, "b", "A yellow submarine hull was lifted by the harbour crane.")
    index.ensure()
    assert index._delta.size == 1 and index.segment.size == 4
    before = {cid: score for cid, _, score in index.search(terms("yellow submarine crane"), 5)}
    monkeypatch.setattr(bm25, "MERGE_AT", 0)
    add(store, "c", "An unrelated note.")  # any write: now merged
    index.ensure()
    after = {cid: score for cid, _, score in index.search(terms("yellow submarine crane"), 5)}
    assert index._delta.size == 0 and set(before) == set(after) == {"a#0", "b#0"}
    for cid in before:  # the statistics moved by one chunk, not the scale
        assert after[cid] == pytest.approx(before[cid], rel=0.2), cid


def test_a_write_during_a_segment_build_is_left_to_the_delta(index, tmp_path, monkeypatch):
    """A big build reads for minutes: its rows and marks are one moment, so a chunk written meanwhile
    (by another process; here between reading the marks and the rows, and during the rows) is after
    the marks, found in the delta, neither lost nor counted twice."""
    other, _ = opened(tmp_path / "home")
    marks = index.journal.marks

    def marks_then_a_write():
        found = marks()
        add(other, "late", "A late yellow submarine.")
        return found

    monkeypatch.setattr(index.journal, "marks", marks_then_a_write)
    with index.journal.snapshot() as (rows, at):
        first = next(rows)
        add(other, "later", "A later yellow submarine.")
        read = [first, *rows]
    monkeypatch.undo()
    assert [r[1] for r in read] == ["vol#0", "fer#0", "che#0"]
    assert index.journal.marks()[0] == at[0] + 2  # both after the build's marks
    assert sorted(search(index, "yellow submarine")) == ["late#0", "later#0"]


def test_a_saved_segment_is_loaded_by_another_process_not_rebuilt(index, tmp_path, monkeypatch):
    from rag.store import segment

    index.ensure()
    monkeypatch.setattr(segment.Segment, "__init__", lambda *a: pytest.fail("built instead of loaded"))
    _, other = opened(tmp_path / "home")
    assert search(other, "chess tiebreak") == ["che#0"]


def test_removals_and_filters_reach_segment_and_delta_alike(index, tmp_path):
    index.ensure()  # a segment of the first three
    other, _ = opened(tmp_path / "home")
    other.delete_articles(["vol"])  # in the segment: masked out by the delta's removals
    add(other, "sub", "A yellow submarine surfaced near the volcano.", source="AP", date="2025-12-09")
    assert search(index, "volcano") == ["sub#0"]
    assert search(index, "volcano", filters={"source": "Reuters"}) == []
    assert search(index, "volcano", filters={"date_to": "2025-12-08"}) == []
    assert search(index, "volcano", filters={"source": "AP", "date_from": "2025-12-09"}) == ["sub#0"]


def test_a_refilled_journal_is_not_read_with_an_old_segment(index, tmp_path):
    index.ensure()
    blind = Store(Settings(home=tmp_path / "home"))  # writes Chroma only (another machine)
    blind.delete_articles(["vol"])
    assert search(index, "volcano lava") == []  # the journal refilled: the old segment's row ids mean nothing
    assert search(index, "chess tiebreak") == ["che#0"]


def test_a_segment_is_kept_out_of_full_garbage_collections(index):
    import gc

    gc.unfreeze()
    index.ensure()
    assert gc.get_freeze_count() > 0
