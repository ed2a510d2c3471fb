import json

import numpy as np
import pytest

from rag.core.config import Settings
from rag.core.types import Chunk
from rag.store.bm25 import LexicalIndex
from rag.store.chroma import Store
from rag.text.terms import terms

TEXTS = {
    "vol": "A volcano erupted near Grindavik and lava reached the road.",
    "fer": "An electric ferry crosses the fjord; the ferry charges at the dock.",
    "che": "The chess champion kept her title after a rapid tiebreak.",
}


def add(store, aid, text, source=""):
    chunk = Chunk(id=f"{aid}#0", article_id=aid, n=0, title=aid, text=text, start=0, end=len(text),
                  source=source)  # fmt: skip
    store.upsert([chunk], np.ones((1, 384), dtype=np.float32) / np.sqrt(384), {})


@pytest.fixture
def store(tmp_path):
    s = Store(Settings(home=tmp_path / "home"))
    for aid, text in TEXTS.items():
        add(s, aid, text, source="AP" if aid == "fer" else "Reuters")
    return s


def search(index, query, n=3, allowed=None):
    index.ensure()
    return [cid for cid, _, _ in index.search(terms(query), n, allowed)]


def test_finds_the_matching_chunk(store, tmp_path):
    assert search(LexicalIndex(store, tmp_path / "cache"), "volcano lava")[0] == "vol#0"


def test_no_terms_or_no_match_is_empty(store, tmp_path):
    index = LexicalIndex(store, None)
    assert search(index, "the of and") == []
    assert search(index, "submarine") == []


def test_filter_excludes_chunks(store):
    index = LexicalIndex(store, None)
    assert search(index, "ferry fjord", allowed=lambda m: m["source"] == "Reuters") == []
    assert search(index, "ferry fjord", allowed=lambda m: m["source"] == "AP") == ["fer#0"]


def test_rarer_terms_weigh_more(store):
    index = LexicalIndex(store, None)
    index.ensure()
    [common] = terms("the ferry")  # in one chunk
    assert index.idf("unseenword") > index.idf(common)


def test_rebuilds_after_another_writer(store, tmp_path):
    index = LexicalIndex(store, tmp_path / "cache")
    assert search(index, "submarine") == []
    other = Store(Settings(home=tmp_path / "home"))  # e.g. another process ingesting
    add(other, "sub", "A yellow submarine surfaced in the harbour.")
    assert search(index, "submarine") == ["sub#0"]
    other.delete_articles(["sub"])
    assert search(index, "submarine") == []


def test_cache_is_reused_by_a_new_index(store, tmp_path, monkeypatch):
    LexicalIndex(store, tmp_path / "cache").ensure()
    monkeypatch.setattr(store, "scan", lambda *a, **k: pytest.fail("rebuilt instead of loading the cache"))
    assert search(LexicalIndex(store, tmp_path / "cache"), "chess tiebreak") == ["che#0"]


def test_stale_cache_is_not_used(store, tmp_path):
    LexicalIndex(store, tmp_path / "cache").ensure()
    add(store, "sub", "A yellow submarine surfaced in the harbour.")
    assert search(LexicalIndex(store, tmp_path / "cache"), "submarine") == ["sub#0"]


def test_empty_store(tmp_path):
    index = LexicalIndex(Store(Settings(home=tmp_path / "h")), tmp_path / "cache")
    assert search(index, "anything") == []


def test_a_built_index_is_kept_out_of_full_garbage_collections(store, tmp_path):
    import gc

    gc.unfreeze()
    index = LexicalIndex(store, tmp_path / "cache")
    index.ensure()
    assert gc.get_freeze_count() > 0


CORRUPTIONS = {
    "emptied data array": ("bm25/data.csc.index.npy", b""),
    "emptied indices array": ("bm25/indices.csc.index.npy", b""),
    "emptied pointers": ("bm25/indptr.csc.index.npy", b""),
    "truncated vocabulary": ("bm25/vocab.index.json", b'{"volcan'),
    "emptied params": ("bm25/params.index.json", b""),
    "ids not a list": ("state.json", None),
    "short metas": ("state.json", None),
    "df not a dict": ("state.json", None),
}


def _corrupt(cache, what):
    path, data = CORRUPTIONS[what]
    if data is not None:
        (cache / path).write_bytes(data)
        return
    state = json.loads((cache / "state.json").read_text())
    if what == "ids not a list":
        state["ids"] = 7
    elif what == "short metas":
        state["metas"] = state["metas"][:1]
    else:
        state["df"] = ["volcano"]
    (cache / "state.json").write_text(json.dumps(state))


@pytest.mark.parametrize("what", list(CORRUPTIONS))
def test_a_damaged_cache_is_rebuilt_from_chroma(store, tmp_path, what):
    LexicalIndex(store, tmp_path / "cache").ensure()
    _corrupt(tmp_path / "cache", what)
    fresh = LexicalIndex(store, tmp_path / "cache")
    assert search(fresh, "volcano lava") == ["vol#0"]
    assert search(fresh, "ferry fjord", allowed=lambda m: m["source"] == "AP") == ["fer#0"]
    assert fresh.idf("unseenword") > fresh.idf(terms("ferry")[0])
    # and the rebuilt cache on disk is whole again: a third index loads it without scanning Chroma
    again = LexicalIndex(store, tmp_path / "cache")
    store_scan, store.scan = store.scan, lambda *a, **k: pytest.fail("cache not rewritten")
    try:
        assert search(again, "chess tiebreak") == ["che#0"]
    finally:
        store.scan = store_scan


def test_search_works_with_an_emptied_cache_file(tmp_path, embedder):
    import rag
    from tests.support.corpus import write_topics

    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    kb.ingest([write_topics(tmp_path / "docs")])
    kb.search("volcano")  # builds and saves the cache
    (tmp_path / "home" / "bm25-articles" / "bm25" / "data.csc.index.npy").write_bytes(b"")
    other = rag.open(home=tmp_path / "home", embedder=embedder)  # a new process
    assert other.search("Which town was threatened by the lava flow?")[0].title.startswith("Volcano")
    assert "Grindavik" in other.ask("Which town was threatened by the lava flow in Iceland?").text


def test_cache_files_are_written_whole_or_not_at_all(store, tmp_path, monkeypatch):
    """A crash while saving leaves the previous cache or none, never a half-written one."""
    index = LexicalIndex(store, tmp_path / "cache")
    index.ensure()

    def crash(*a, **k):
        raise OSError(28, "No space left on device")

    add(store, "sub", "A yellow submarine surfaced in the harbour.")
    monkeypatch.setattr(json, "dumps", crash)
    assert search(index, "submarine") == ["sub#0"]  # the save failed; search still works
    monkeypatch.undo()
    assert search(LexicalIndex(store, tmp_path / "cache"), "submarine") == ["sub#0"]
    assert not list(tmp_path.glob("cache.*.tmp"))  # no temporary folder left behind
