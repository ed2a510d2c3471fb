"""Syncs cost what changed (issue 28): an unchanged folder read again writes nothing to the index (not a
row of Chroma's write log, no generation bump that would make every process rebuild its BM25 index),
a wire story's second outlet is still recorded, and one changed file writes only its own article."""

import json
import sqlite3
from contextlib import closing

import pytest

import rag

SOURCES = ["Reuters", "AP", "Harbour Post", "Valley Courier"]


def _records(n: int) -> list[dict]:
    return [
        {"title": f"Quay report {i}", "source": SOURCES[i % 4], "date": f"2025-11-{1 + i % 28:02d}",
         "text": f"Inspectors found quay {i} of the northern harbour in good order on visit number {i}, "
                 f"and the harbour board approved {i + 3} new mooring rings for it."}
        for i in range(n)
    ]  # fmt: skip


def _writes(home) -> int:
    """Rows in Chroma's write log: every add, update and delete appends one."""
    with closing(sqlite3.connect(f"file:{home / 'chroma' / 'chroma.sqlite3'}?mode=ro", uri=True)) as db:
        return db.execute("select count(*) from embeddings_queue").fetchone()[0]


def test_an_unchanged_resync_writes_nothing(tmp_path, embedder):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "quays.jsonl").write_text("\n".join(json.dumps(r) for r in _records(40)))
    wire = "The harbour board approved a new ferry timetable for the winter on Monday."
    (docs / "wire-reuters.txt").write_text(f"Title: Winter timetable\nSource: Reuters\n\n{wire}\n")
    (docs / "wire-ap.txt").write_text(f"Title: Winter timetable\nSource: AP\n\n{wire}\n")
    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    first = kb.sync(docs)
    assert len(first.added) == 41 and first.skipped == ["Winter timetable"]  # the AP copy: the same text
    writes, generation = _writes(kb.settings.home), kb.store.generation()
    again = kb.sync(docs)
    assert len(again.skipped) == 42 and not (again.added or again.updated or again.removed)
    assert _writes(kb.settings.home) == writes  # not one row written
    assert kb.store.generation() == generation  # so no process rebuilds its BM25 index
    wired = next(m for m in kb.store.articles().values() if m["title"] == "Winter timetable")
    assert wired["outlets"].split("\n") == ["AP", "Reuters"]  # the copy's outlet is still recorded

    records = _records(40)
    records[7]["text"] += " The quay was repainted green."
    (docs / "quays.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    changed = kb.sync(docs)
    assert changed.updated == ["Quay report 7"] and len(changed.skipped) == 41
    assert kb.store.generation() != generation


def test_the_article_list_comes_from_the_journal_and_follows_metadata_updates(
    tmp_path, embedder, monkeypatch
):
    """Every ingest and removal starts by listing the stored articles: read from the BM25 journal, not
    from every first chunk in Chroma, and kept equal to what Chroma holds (origins updated in place)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    wire = "The harbour board approved a new ferry timetable for the winter on Monday."
    (docs / "wire-reuters.txt").write_text(f"Title: Winter timetable\nSource: Reuters\n\n{wire}\n")
    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    kb.sync(docs)
    (docs / "wire-ap.txt").write_text(f"Title: Winter timetable\nSource: AP\n\n{wire}\n")
    kb.sync(docs)  # the same text from a second file and outlet: origins and outlets updated in place
    from_chroma = {a: m for r in kb.store._pages(["metadatas"], 100, {"n": 0}) for a, m in
                   ((m["article_id"], m) for m in r["metadatas"])}  # fmt: skip
    listed = kb.store.articles()
    assert listed.keys() == from_chroma.keys()
    [(aid, meta)] = listed.items()
    assert meta["origins"] == from_chroma[aid]["origins"] and len(meta["origins"].split("\n")) == 2
    assert meta["outlets"] == from_chroma[aid]["outlets"] == "AP\nReuters"
    monkeypatch.setattr(kb.store, "_pages", lambda *a, **k: pytest.fail("listed from Chroma's rows"))
    assert kb.sync(docs).skipped == ["Winter timetable", "Winter timetable"]
