import json
import shutil

import pytest

import rag
from rag.index.indexer import Indexer
from rag.index.meta import origins_of
from tests.support.corpus import SAMPLE


@pytest.fixture
def docs(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    (folder / "tram.txt").write_text("Title: New tram line\n\nA new tram line opened downtown on Monday.")
    (folder / "owls.md").write_text("# Owls return\n\nSnowy owls returned to the northern marshes.")
    return folder


def test_reingest_is_idempotent(kb, docs):
    first = kb.ingest([docs])
    assert len(first.added) == 3 and first.chunks > 3
    before = kb.stats()
    second = kb.ingest([docs])
    assert sorted(second.skipped) == sorted(first.added)
    assert (second.added, second.updated, second.failed, second.chunks) == ([], [], [], 0)
    after = kb.stats()
    assert (after["articles"], after["chunks"]) == (before["articles"], before["chunks"])


def test_unchanged_articles_do_not_load_the_embedder(kb, docs):
    kb.ingest([docs])

    def no_embedder():
        raise AssertionError("the embedder was needed for unchanged files")

    report = Indexer(kb.store, no_embedder, kb.settings).ingest([docs])
    assert len(report.skipped) == 3


def test_edited_file_replaces_its_article(kb, docs):
    kb.ingest([docs])
    tram = docs / "tram.txt"
    old_id = kb.search("new tram line downtown", k=1)[0].article_id
    articles = kb.stats()["articles"]
    tram.write_text("Title: New tram line\n\nThe tram was extended to the zoological gardens in Quarrytown.")
    report = kb.ingest([docs])
    assert report.updated == ["New tram line"]
    assert len(report.skipped) == 2 and not report.added
    assert kb.store.chunk_ids(old_id) == []
    assert kb.stats()["articles"] == articles
    hit = kb.search("tram extended to the zoological gardens", k=1)[0]
    assert hit.article_id != old_id and "Quarrytown" in hit.text
    texts = [t for _, texts, _ in kb.store.scan() for t in texts]
    assert not any("opened downtown on Monday" in t for t in texts)


def test_moved_file_keeps_its_chunks(kb, docs, tmp_path):
    kb.ingest([docs])
    chunks = kb.stats()["chunks"]
    moved = tmp_path / "moved"
    shutil.move(docs, moved)
    report = kb.ingest([moved])
    assert len(report.skipped) == 3 and report.chunks == 0
    assert kb.stats()["chunks"] == chunks
    for meta in kb.store.articles().values():  # the new place is recorded beside the old one
        assert any(o.startswith(str(moved.resolve()) + "/") for o in origins_of(meta))


def test_changed_chunk_settings_rebuild_without_leftovers(kb, docs, embedder):
    kb.ingest([docs])
    big = kb.stats()["chunks"]
    small = rag.open(home=kb.settings.home, embedder=embedder, chunk_tokens=64, overlap_tokens=8)
    report = small.ingest([docs])
    assert len(report.updated) == 3 and report.chunks > big
    assert small.stats()["chunks"] == report.chunks  # no chunk of the old settings left behind
    pipelines = {m["pipeline"] for _, _, metas in small.store.scan() for m in metas}
    assert pipelines == {small.indexer.pipeline}  # every chunk rewritten, none kept from before
    back = kb.ingest([docs])
    assert len(back.updated) == 3 and kb.stats()["chunks"] == big


def test_reingest_json_records_with_the_same_title(kb, tmp_path):
    """Two wire stories with the same headline and no url: both must survive a re-ingest."""
    folder = tmp_path / "feed"
    folder.mkdir()
    records = [
        {"title": "Market update", "text": "Copper prices rose sharply on Monday amid supply fears."},
        {"title": "Market update", "text": "Wheat futures fell on Tuesday after heavy rain in Kansas."},
    ]
    (folder / "wire.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    assert len(kb.ingest([folder]).added) == 2
    second = kb.ingest([folder])
    assert (len(second.skipped), second.chunks) == (2, 0)
    assert kb.stats()["articles"] == 2


# --- sync ---------------------------------------------------------------------------------------------


def test_sync_removes_articles_of_deleted_files(kb, docs, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "bees.txt").write_text("Beekeepers reported a record honey harvest this autumn.")
    (other / "kites.txt").write_text("A kite festival filled the beach with colour on Sunday.")
    kb.ingest([docs, other])
    (docs / "owls.md").unlink()
    (other / "kites.txt").unlink()  # gone too, but 'other' is not the folder being synced
    report = kb.sync(docs)
    assert report.removed == ["Owls return"]
    assert len(report.skipped) == 2
    titles = {a["title"] for a in kb.stats()["list"]}
    assert titles == {"Ukraine peace talks", "New tram line", "Bees", "Kites"}
    assert all("Snowy owls" not in h.text for h in kb.search("snowy owls marshes", k=5))


def test_sync_adds_new_files(kb, docs):
    kb.sync(docs)
    (docs / "new.txt").write_text("A glass museum opened in the old factory.")
    report = kb.sync(docs)
    assert report.added == ["New"] and not report.removed


def test_sync_leaves_a_sibling_folder_with_a_longer_name_alone(kb, tmp_path):
    news, archive = tmp_path / "news", tmp_path / "news-archive"
    news.mkdir()
    archive.mkdir()
    (news / "volcano.txt").write_text("A volcano erupted in Iceland on Friday.")
    (archive / "chess.txt").write_text("The chess champion retained her title in Madrid.")
    kb.ingest([news, archive])
    (archive / "chess.txt").unlink()
    report = kb.sync(news)
    assert report.removed == []
    assert kb.stats()["articles"] == 2


def test_sync_keeps_an_article_still_present_in_another_folder(kb, tmp_path):
    inbox, archive = tmp_path / "inbox", tmp_path / "archive"
    for folder in (archive, inbox):
        folder.mkdir()
        (folder / "story.txt").write_text("Title: Harbour story\n\nThe old harbour crane was restored.")
    kb.ingest([archive])
    kb.ingest([inbox])  # same content: stored once
    (inbox / "story.txt").unlink()
    kb.sync(inbox)
    hits = kb.search("old harbour crane restored", k=1)
    assert hits and hits[0].title == "Harbour story"  # archive/story.txt still holds it


def test_sync_keeps_articles_of_files_that_failed(kb, docs):
    kb.ingest([docs])
    (docs / "tram.txt").write_bytes(b"\x00\x01binary now")
    report = kb.sync(docs)
    assert [p.split("/")[-1] for p, _ in report.failed] == ["tram.txt"]
    assert report.removed == [] and kb.stats()["articles"] == 3


def test_sync_needs_a_folder(kb, docs):
    with pytest.raises(rag.RagError, match="not a folder"):
        kb.sync(docs / "tram.txt")


def test_bad_json_record_is_reported_and_the_others_ingested(kb, tmp_path):
    folder = tmp_path / "feed"
    folder.mkdir()
    records = [{"title": "Good one", "text": "Harbour cranes were repaired."}, {"title": "Bad"}]
    (folder / "feed.json").write_text(json.dumps(records))
    report = kb.ingest([folder])
    assert report.added == ["Good one"]
    assert len(report.failed) == 1 and "record 2 has no 'text'" in report.failed[0][1]


def test_sync_removes_a_record_dropped_from_a_json_file(kb, tmp_path):
    folder = tmp_path / "feed"
    folder.mkdir()
    feed = folder / "feed.jsonl"
    rows = [{"title": t, "text": f"{t} happened in the valley."} for t in ("Flood", "Fire")]
    feed.write_text("\n".join(json.dumps(r) for r in rows))
    kb.sync(folder)
    feed.write_text(json.dumps(rows[0]))
    report = kb.sync(folder)
    assert report.removed == ["Fire"]
    assert [a["title"] for a in kb.stats()["list"]] == ["Flood"]
