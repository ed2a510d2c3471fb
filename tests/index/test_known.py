"""Ingesting or removing one article reads what it touches, not every stored article (issue 28): with
the whole-list reads made to fail, a new article, a changed file, a wire copy from another outlet
(joining the stored story) and removals by path and by source all still work through the store's
catalog; and a journal from before the catalog is refilled with its keys."""

import sqlite3
from contextlib import closing

import pytest

import rag
from rag.store.journal import Journal
from rag.store.reads import Reads

WIRE = (
    "The harbour board approved a new ferry timetable for the winter on Monday, adding two late sailings "
    "to the islands and a Sunday service that had been cut in the spring. The board said the changes "
    "would start on 1 December and cost 1.2 million a year, paid from the port's reserves."
)


def _write(folder, name: str, title: str, source: str, text: str):
    path = folder / name
    path.write_text(f"Title: {title}\nSource: {source}\nDate: 2025-11-20\n\n{text}\n")
    return path


@pytest.fixture
def kb(tmp_path, embedder):
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(6):
        _write(
            docs, f"q{i}.txt", f"Quay report {i}", "Harbour Post", f"Inspectors found quay {i} in good order."
        )
    _write(docs, "wire-reuters.txt", "Winter timetable", "Reuters", WIRE)
    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    kb.ingest([docs])
    return kb


@pytest.fixture
def no_whole_list(monkeypatch):
    def whole(*_a, **_k):
        raise AssertionError("read every stored article")

    monkeypatch.setattr(Journal, "articles", whole)
    monkeypatch.setattr(Reads, "articles", whole)


def test_one_article_in_or_out_reads_only_what_it_touches(kb, tmp_path, no_whole_list):
    docs = tmp_path / "docs"
    report = kb.ingest(
        [_write(docs, "new.txt", "Ferry fares", "Harbour Post", "Ferry fares rise by 5% in May.")]
    )
    assert report.added == ["Ferry fares"]
    changed = kb.ingest(
        [_write(docs, "q1.txt", "Quay report 1", "Harbour Post", "Quay 1 is closed for repair.")]
    )
    assert changed.updated == ["Quay report 1"]  # the file's earlier article replaced, by its origin
    assert [h.title for h in kb.search("Is quay 1 closed for repair?", k=1)] == ["Quay report 1"]
    copy = kb.ingest([_write(docs, "wire-ap.txt", "Winter timetable", "AP", WIRE + " Reporting by AP.")])
    assert copy.added == ["Winter timetable"]  # a copy with a credit line: its own article ...
    (hit,) = kb.search("When does the winter ferry timetable start?", k=1)
    assert {hit.source, *hit.also} == {"Reuters", "AP"}  # ... in the Reuters story, found by its bands
    assert kb.remove([str(docs / "new.txt")]) == ["Ferry fares"]
    assert sorted(kb.remove(source="AP")) == ["Winter timetable"]
    assert not any(h.title == "Ferry fares" for h in kb.search("How much do ferry fares rise?", k=5))


def test_a_journal_from_before_the_catalog_is_refilled_with_its_keys(kb, tmp_path):
    path = kb.lexical.journal.path
    with closing(sqlite3.connect(path)) as db:
        db.execute("drop table keys")
        db.commit()
    again = rag.open(home=kb.settings.home, embedder=kb.embedder())
    assert again.remove([str(tmp_path / "docs" / "q2.txt")]) == ["Quay report 2"]  # found by its origin key
    assert len(again.lexical.catalog().holding([str((tmp_path / "docs" / "q3.txt").resolve())])) == 1
