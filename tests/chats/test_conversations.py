"""The conversation store (rag/chats/conversations.py): per user, resumable, renamed, deleted, feedback,
two writers at once, a killed writer, and a read-only home."""

import errno
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from rag.chats.conversations import Conversations
from rag.core.errors import RagError
from rag.core.types import Answer, Citation
from tests.support.corpus import ROOT

CITED = Citation(
    n=1, chunk_id="a#0", article_id="a", title="Ferry fares", text="t", quote="The fare is 7 pounds."
)


def answer(text="The fare is 7 pounds [1]."):
    return Answer(text, [CITED], False, [], "extractive")


def test_turns_are_kept_per_user_and_resume_with_their_sources(tmp_path):
    store = Conversations(tmp_path)
    ann = store.add_turn("ann", None, "How much is the ferry fare?", answer())
    assert store.add_turn("ann", ann, "And for cars?", answer("Cars pay 20 pounds [1].")) == ann
    bob = store.add_turn("bob", None, "Who runs the pier?", answer())
    assert [c["title"] for c in store.list("ann")] == ["How much is the ferry fare?"]
    assert [c["id"] for c in store.list("bob")] == [bob]
    turns = Conversations(tmp_path).turns("ann", ann)  # a new process opening the same file
    assert [q for q, _, _ in turns] == ["How much is the ferry fare?", "And for cars?"]
    assert turns[0][1].citations[0].quote == "The fare is 7 pounds."
    assert store.history("ann", ann)[-1] == {"role": "assistant", "content": "Cars pay 20 pounds [1]."}
    for act in (lambda: store.turns("bob", ann), lambda: store.delete("bob", ann)):
        with pytest.raises(RagError, match="no conversation"):
            act()  # another user's conversation is as good as missing
    assert store.add_turn("bob", ann, "Sneaky?", answer()) != ann  # cannot write into ann's


def test_rename_delete_and_feedback(tmp_path):
    store = Conversations(tmp_path)
    cid = store.add_turn("ann", None, "How much is the ferry fare?", answer())
    store.rename("ann", cid, "  Ferry   money ")
    assert store.list("ann")[0]["title"] == "Ferry money"
    store.feedback("ann", cid, 0, -1)
    assert [q for q, _ in store.thumbs_down()] == ["How much is the ferry fare?"]
    store.delete("ann", cid)
    assert store.list("ann") == [] and store.thumbs_down() == []


def alice_and_bob(tmp_path) -> tuple[Conversations, str, str]:
    store = Conversations(tmp_path)
    alice = store.add_turn("alice", None, "How much is the ferry fare?", answer())
    bob = store.add_turn("bob", None, "Who runs the pier?", answer())
    return store, alice, bob


def alice_untouched(store: Conversations, alice: str) -> None:
    [mine] = store.list("alice")
    assert mine["id"] == alice and mine["title"] == "How much is the ferry fare?" and mine["turns"] == 1
    assert [(q, f) for q, _, f in store.turns("alice", alice)] == [("How much is the ferry fare?", 0)]
    assert store.thumbs_down() == []


def test_another_users_conversation_cannot_be_renamed_rated_or_deleted(tmp_path):
    store, alice, _ = alice_and_bob(tmp_path)
    no = rf"^no conversation '{alice}' for this user \(rag chats lists yours\)$"
    acts = [lambda: store.rename("bob", alice, "Mine now"), lambda: store.feedback("bob", alice, 0, -1),
            lambda: store.delete("bob", alice), lambda: store.turns("bob", alice)]  # fmt: skip
    for act in acts:
        with pytest.raises(RagError, match=no):
            act()
    alice_untouched(store, alice)


def test_without_the_ownership_check_the_sql_still_keeps_to_the_users_rows(tmp_path, monkeypatch):
    """Defence in depth: with the ``_check`` guard gone, the statements themselves touch only rows of
    the user they act for, and still act on that user's own."""
    store, alice, bob = alice_and_bob(tmp_path)
    monkeypatch.setattr(Conversations, "_check", lambda self, user, conversation: None)
    store.rename("bob", alice, "Mine now")
    store.feedback("bob", alice, 0, -1)
    store.delete("bob", alice)
    assert store.turns("bob", alice) == []
    alice_untouched(store, alice)
    store.rename("bob", bob, "The pier")
    store.feedback("bob", bob, 0, -1)
    assert [c["title"] for c in store.list("bob")] == ["The pier"]
    assert [q for q, _ in store.thumbs_down()] == ["Who runs the pier?"]
    store.delete("bob", bob)
    assert store.list("bob") == [] and store.thumbs_down() == []


def test_conversations_are_listed_by_last_activity_newest_first(tmp_path):
    store = Conversations(tmp_path)
    first = store.add_turn("ann", None, "First question?", answer())
    second = store.add_turn("ann", None, "Second question?", answer())
    third = store.add_turn("ann", None, "Third question?", answer())
    store.add_turn("ann", first, "First again?", answer())  # the oldest is now the latest active
    listed = store.list("ann")
    assert [c["id"] for c in listed] == [first, third, second]
    assert listed[0]["updated"] > listed[1]["updated"] > listed[2]["updated"]
    assert [c["turns"] for c in listed] == [2, 1, 1]


def test_two_writers_at_once(tmp_path):
    store = Conversations(tmp_path)
    ids = {}

    def write(user):
        for i in range(15):
            ids[user] = store.add_turn(user, ids.get(user), f"Question {i}?", answer())

    threads = [threading.Thread(target=write, args=(u,)) for u in ("ann", "bob")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [len(store.turns(u, ids[u])) for u in ("ann", "bob")] == [15, 15]


KILLED = """
import os, sys
sys.path.insert(0, sys.argv[2])
from rag.chats.conversations import Conversations
from rag.core.types import Answer

store = Conversations(sys.argv[1])
connect = store._connect


class Dies:  # the connection of a server killed while it writes the turn
    def __init__(self, db):
        self.db = db

    def execute(self, sql, *args):
        if sql.startswith("insert into turns"):
            os._exit(9)
        return self.db.execute(sql, *args)

    def __enter__(self):
        return self.db.__enter__()

    def __exit__(self, *exc):
        return self.db.__exit__(*exc)

    def close(self):
        self.db.close()


store._connect = lambda: Dies(connect())
store.add_turn("ann", None, "How much is the fare?", Answer("The fare is 7 pounds."))
"""


def test_a_writer_killed_mid_turn_leaves_no_half_turn(tmp_path):
    run = subprocess.run(
        [sys.executable, "-c", KILLED, str(tmp_path), str(ROOT)], capture_output=True, timeout=60
    )
    assert run.returncode == 9, run.stderr
    assert Conversations(tmp_path).list("ann") == []  # not even the conversation it began


@pytest.fixture
def read_only(monkeypatch):
    """``read_only(folder)``: everything under ``folder`` behaves as on a read-only file system, for root
    too (root writes into a chmod 0o500 folder, and CI runs as root): a new folder fails with EROFS, and
    SQLite opens files there read-only (``mode=ro``), so its own errors are the ones a read-only mount
    gives ('unable to open database file', 'attempt to write a readonly database'). ``read_only(None)``
    makes everything writable again."""
    roots: list[Path] = []
    real_mkdir, real_connect = Path.mkdir, sqlite3.connect

    def under(path) -> bool:
        return any(Path(path).absolute().is_relative_to(r) for r in roots)

    def mkdir(self, mode=0o777, parents=False, exist_ok=False):
        if under(self) and not (exist_ok and self.is_dir()):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
        return real_mkdir(self, mode, parents, exist_ok)

    def connect(database, *args, **kwargs):
        if under(database):
            return real_connect(f"{Path(database).absolute().as_uri()}?mode=ro", *args, uri=True, **kwargs)
        return real_connect(database, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    monkeypatch.setattr(sqlite3, "connect", connect)

    def make_read_only(folder: Path | None) -> None:
        if folder is None:
            roots.clear()
        else:
            roots.append(Path(folder).absolute())

    return make_read_only


@pytest.mark.parametrize("home", ["missing", "empty", "existing"])
def test_a_read_only_home_is_one_clear_error(tmp_path, read_only, home):
    """A home not made yet, made but empty, or holding a store: the turn fails with one line naming the
    store and the reason, and nothing is written."""
    path = tmp_path / home
    if home != "missing":
        path.mkdir()
    if home == "existing":
        before = Conversations(path).add_turn("ann", None, "Before?", answer())
    read_only(tmp_path)
    with pytest.raises(RagError) as e:
        Conversations(path).add_turn("ann", None, "Q?", answer())
    store = path / "conversations.sqlite3"
    reason = {"missing": f"[Errno {errno.EROFS}] {os.strerror(errno.EROFS)}: '{path}'",
              "empty": "unable to open database file",
              "existing": "attempt to write a readonly database"}[home]  # fmt: skip
    assert str(e.value) == f"cannot keep conversations in {store}: {reason}"
    assert e.value.__cause__ is None and e.value.__suppress_context__  # the one line, not a traceback
    read_only(None)
    if home == "existing":
        assert [c["id"] for c in Conversations(path).list("ann")] == [before]
        assert [q for q, _, _ in Conversations(path).turns("ann", before)] == ["Before?"]
    else:
        assert not store.exists()


def test_an_unwritable_store_file_is_one_clear_error(tmp_path):
    (tmp_path / "conversations.sqlite3").mkdir()  # a folder where the database file should be
    with pytest.raises(RagError, match="cannot keep conversations in .*conversations.sqlite3"):
        Conversations(tmp_path).add_turn("ann", None, "Q?", answer())


def test_terminal_chat_is_saved_listed_rated_and_resumed(sample_home, capsys, monkeypatch):
    import builtins

    from tests.support.cli import run

    typed = iter(["What did the European Commission announce about funding Ukraine?", "/down", ""])
    monkeypatch.setattr(builtins, "input", lambda prompt="": next(typed))
    code, out, _ = run(capsys, "--home", str(sample_home), "chat")
    assert code == 0 and "saved as conversation " in out
    cid = out.split("saved as conversation ")[1].split()[0]
    code, listed, _ = run(capsys, "--home", str(sample_home), "chats")
    assert cid in listed and "What did the European Commission announce about funding Ukraine?" in listed
    assert [q for q, _ in Conversations(sample_home).thumbs_down()][-1].startswith("What did the European")
    typed = iter(["How much would it be?", ""])  # a follow-up: it needs the stored history
    monkeypatch.setattr(builtins, "input", lambda prompt="": next(typed))
    code, out, _ = run(capsys, "--home", str(sample_home), "chat", "--resume", cid)
    assert code == 0 and out.count("you> ") == 1  # the stored turn is shown again first
    assert "€90 billion" in out.split("Ask about")[1]
    code, _, err = run(capsys, "--home", str(sample_home), "chat", "--resume", "nope")
    assert code != 0 and "no conversation 'nope'" in err


def test_feedback_to_a_folder_or_from_a_missing_home_is_one_line(tmp_path, capsys):
    """Issue 24.20: --feedback DIR raised IsADirectoryError; a --home that does not exist was created
    and reported "wrote 0"."""
    from eval.cli import main as eval_main

    home = tmp_path / "home"
    Conversations(home).add_turn("ann", None, "How much is the ferry fare?", answer())
    (tmp_path / "out").mkdir()
    assert eval_main(["--feedback", str(tmp_path / "out"), "--home", str(home)]) == 1
    assert "wants a file, not a folder" in capsys.readouterr().err
    assert eval_main(["--feedback", str(tmp_path / "f.jsonl"), "--home", str(tmp_path / "nohome")]) == 1
    assert "no such home folder" in capsys.readouterr().err and not (tmp_path / "nohome").exists()
    assert eval_main(["--feedback", str(tmp_path / "f.jsonl"), "--home", str(home)]) == 0
    assert "wrote 0 thumbs-down answers" in capsys.readouterr().out


def test_thirty_exports_leave_one_folder_of_at_most_twenty(tmp_path, monkeypatch):
    """Issue 24.21: each "Export as Markdown" left a rag-export-* folder behind (30 exports, 30 folders)."""
    import tempfile

    from rag.ui.saved import KEEP_EXPORTS, SavedChats

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    saved = SavedChats(tmp_path / "home")
    cid = saved.save("ann", None, "How much is the ferry fare?", answer())
    paths = [saved.export("ann", cid) for _ in range(30)]
    assert all(Path(p).read_text().startswith("# How much is the ferry fare?") for p in paths[-KEEP_EXPORTS:])
    [folder] = list((tmp_path / "tmp").iterdir())
    assert len(list(folder.iterdir())) == KEEP_EXPORTS
    del saved
    import gc

    gc.collect()
    assert not folder.exists()  # gone with the app


def test_a_damaged_store_and_an_unknown_conversation_say_what_to_do(tmp_path):
    """Issue 24.22: `rag chats` said "file is not a database"; --resume of an unknown id did not point
    to `rag chats`."""
    home = tmp_path / "home"
    store = Conversations(home)
    with pytest.raises(RagError, match=r"no conversation 'nope' for this user \(rag chats lists yours\)"):
        store.turns("ann", "nope")
    store.path.write_bytes(b"this is no database " * 500)
    with pytest.raises(RagError, match=r"conversation store .* is damaged: move it aside"):
        Conversations(home).list("ann")


def test_first_turns_on_a_new_home_from_three_writers_at_once(tmp_path):
    """Three writers making a new store at once: switching it to WAL mode raced ("database is
    locked" at once, in about one run in seven of three writers)."""
    failures = []

    def write(store, user):
        try:
            store.add_turn(user, None, "How much is the ferry fare?", answer())
        except RagError as e:
            failures.append(str(e))

    for trial in range(40):
        store = Conversations(tmp_path / str(trial))
        threads = [threading.Thread(target=write, args=(store, u)) for u in ("ann", "bob", "cat")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert failures == []


def test_conversations_of_one_title_begun_in_one_second_are_numbered(tmp_path, monkeypatch):
    """CI saw two conversations with one title listed alike ('… · 3 Dec 13:40:17' twice): begun within
    one second, the time alone cannot tell them apart."""
    import time

    from rag.ui.saved import SavedChats

    monkeypatch.setattr(time, "time", lambda: 1764769217.0)  # every turn in the same second
    saved = SavedChats(tmp_path / "home")
    ids = [saved.save("ann", None, "How much is the ferry fare?", answer()) for _ in range(3)]
    labels = [label for label, cid in saved.choices("ann") if cid in ids]
    assert len(set(labels)) == 3 and sum(label.endswith(("(2)", "(3)")) for label in labels) == 2, labels
