"""State files (rag/core/state.py): read whole, replaced atomically, failures one line."""

import json
import threading

import pytest

from rag.core.errors import RagError
from rag.core.state import read_json, write_json
from rag.index import library
from rag.sources import feeds


def test_written_then_read_back(tmp_path):
    path = tmp_path / "deep" / "state.json"
    write_json(path, {"a": [1, 2]}, indent=1)
    assert read_json(path, {}) == {"a": [1, 2]}
    assert [p.name for p in path.parent.iterdir()] == ["state.json"]  # no temporary file left behind


def test_missing_or_damaged_gives_the_default_or_one_line_when_strict(tmp_path):
    path = tmp_path / "state.json"
    assert read_json(path, {"none": True}) == {"none": True}
    path.write_text('{"cut sh', encoding="utf-8")
    assert read_json(path, []) == []
    with pytest.raises(RagError, match=r"^cannot read .*state\.json: ") as e:
        read_json(path, [], strict=True)
    assert "\n" not in str(e.value)


def test_a_write_that_fails_is_one_line_and_keeps_nothing_half_written(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(RagError, match=r"^cannot write .*file/state\.json: ") as e:
        write_json(blocker / "state.json", {"a": 1})
    assert "\n" not in str(e.value)
    folder = tmp_path / "state.json"
    folder.mkdir()  # the file's place is taken by a folder: the rename fails after the temp file is written
    with pytest.raises(RagError, match=r"^cannot write "):
        write_json(folder, {"a": 1})
    assert list(tmp_path.glob(".state.json.*")) == []


def test_two_writers_at_once_never_leave_a_half_file(tmp_path):
    path = tmp_path / "state.json"
    errors = []

    def writer(n: int) -> None:
        try:
            for i in range(100):
                write_json(path, {"writer": n, "i": i, "pad": "x" * 2000})
        except Exception as e:  # noqa: BLE001  (collected and asserted below)
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    seen = 0
    while any(t.is_alive() for t in threads):
        data = read_json(path, None, strict=path.exists())
        seen += data is not None
        assert data is None or data["pad"] == "x" * 2000
    for t in threads:
        t.join()
    assert errors == [] and seen > 0
    assert json.loads(path.read_text())["i"] == 99


def test_feeds_and_removals_that_cannot_be_written_are_one_line_errors(tmp_path):
    home = tmp_path / "home"
    (home / feeds.FILE).mkdir(parents=True)  # a folder where the file belongs
    with pytest.raises(RagError, match=r"^cannot write .*feeds\.json: "):
        feeds.save(home, {})
    (home / library.FILE).mkdir()
    with pytest.raises(RagError, match=r"^cannot write .*removed\.json: "):
        library.save(home, {})


def test_a_feed_list_save_that_fails_at_the_rename_keeps_the_old_file(tmp_path, monkeypatch):
    """The old feeds.json stays whole when the new one cannot take its place (a full disk at the rename)."""
    import errno
    import os

    home = tmp_path / "home"
    assert feeds.add(home, "https://example.com/rss")
    before = (home / feeds.FILE).read_bytes()

    def full(src, dst):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(RagError, match=r"^cannot write .*feeds\.json: No space left on device$"):
        feeds.add(home, "https://example.com/other")
    monkeypatch.undo()
    assert (home / feeds.FILE).read_bytes() == before
    assert list(feeds.load(home)) == ["https://example.com/rss"]
    assert [p.name for p in home.iterdir()] == [feeds.FILE]  # no temporary file left behind


def test_a_feed_list_that_cannot_be_serialised_keeps_the_old_file(tmp_path):
    """json.dump fails half-way (a value JSON has no form for): the old file is untouched, no temp left."""
    home = tmp_path / "home"
    assert feeds.add(home, "https://example.com/rss")
    before = (home / feeds.FILE).read_bytes()
    state = {"etag": "", "seen": ["a", "b"], "added": object()}
    with pytest.raises(TypeError, match="is not JSON serializable"):
        feeds.save(home, {"https://example.com/rss": {"etag": "x"}, "https://example.com/other": state})
    assert (home / feeds.FILE).read_bytes() == before
    assert [p.name for p in home.iterdir()] == [feeds.FILE]  # no temporary file left behind
