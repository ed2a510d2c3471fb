"""Conversations that last: stored in SQLite (the standard library's sqlite3) at
``$RAG_HOME/conversations.sqlite3``, each owned by one user (the login user, or a per-browser id),
titled by its first question, with every turn's question, final answer (citations included) and
the user's thumbs up or down.

A turn is written in one transaction once its answer is final, so a server killed mid-answer leaves
no half-written turn. WAL mode and a busy timeout let two browsers write at once. A home that is
read-only or full gives a RagError naming the file; the chat goes on answering without saving.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from pathlib import Path

from rag.core.errors import RagError
from rag.core.types import Answer

FILE = "conversations.sqlite3"
TITLE_CHARS = 80
TIMEOUT = 10.0  # seconds a writer waits for another's lock
_SCHEMA = """
create table if not exists conversations (
    id text primary key, user text not null, title text not null, created real not null,
    updated real not null, collection text not null default 'articles');
create table if not exists turns (
    conversation text not null references conversations(id) on delete cascade, n integer not null,
    question text not null, answer text not null, feedback integer not null default 0,
    primary key (conversation, n));
create index if not exists by_user on conversations(user, updated);
"""


def _wal(db: sqlite3.Connection) -> None:
    """Switch a connection to WAL mode. On a new file two connections doing this at once get
    "database is locked" at once (SQLite's busy timeout does not cover it), so it is retried."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        try:
            db.execute("pragma journal_mode=wal")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _add_collection(db: sqlite3.Connection) -> None:
    """A store from before collections: its conversations were all in the default one. Two processes
    may both find the column missing; the second one's ALTER then fails, harmlessly."""
    try:
        db.execute("alter table conversations add column collection text not null default 'articles'")
    except sqlite3.OperationalError as e:
        if "duplicate column" not in str(e):
            raise


class Conversations:
    """The conversation store of one home folder; every method takes the user it acts for. Besides the
    ``_check`` that another user's conversation is as good as missing, every statement on one
    conversation names its user too (defence in depth)."""

    def __init__(self, home: Path) -> None:
        self.path = Path(home) / FILE

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=TIMEOUT, isolation_level=None)
            _wal(db)
            db.execute("pragma foreign_keys=on")
            db.executescript(_SCHEMA)
            if "collection" not in {row[1] for row in db.execute("pragma table_info(conversations)")}:
                _add_collection(db)
            return db
        except (OSError, sqlite3.Error) as e:
            raise self._failure(e) from None

    def _run(self, sql: str, args: tuple = ()) -> list[tuple]:
        db = self._connect()
        try:
            with db:  # one transaction: all of it or none
                return db.execute(sql, args).fetchall()
        except sqlite3.Error as e:
            raise self._failure(e) from None
        finally:
            db.close()

    def add_turn(
        self, user: str, conversation: str | None, question: str, answer: Answer, collection: str = "articles"
    ) -> str:
        """Store a finished turn; a new conversation (titled by the question) in ``collection`` when
        ``conversation`` is None or not this user's. Returns the conversation id."""
        now, stored = time.time(), json.dumps(answer.to_dict())
        question = question.encode("utf-8", "replace").decode("utf-8")  # undecodable bytes typed in
        if conversation is None or not self._owned(user, conversation):
            conversation = None
        db = self._connect()
        try:
            with db:  # the conversation (when new), the turn and its time: all of it or none
                db.execute("begin immediate")  # autocommit mode (isolation_level=None) needs it said
                if conversation is None:
                    conversation = uuid.uuid4().hex[:12]
                    title = " ".join(question.split())[:TITLE_CHARS] or "Conversation"
                    db.execute(
                        "insert into conversations (id, user, title, created, updated, collection)"
                        " values (?, ?, ?, ?, ?, ?)",
                        (conversation, user, title, now, now, collection),
                    )
                db.execute(
                    "insert into turns (conversation, n, question, answer) values (?, "
                    "(select count(*) from turns where conversation = ?), ?, ?)",
                    (conversation, conversation, question, stored),
                )
                db.execute("update conversations set updated = ? where id = ?", (now, conversation))
        except sqlite3.Error as e:
            raise self._failure(e) from None
        finally:
            db.close()
        return conversation

    def list(self, user: str) -> list[dict]:
        """This user's conversations, newest first: id, title, updated (epoch seconds), turns, and the
        collection it asks."""
        rows = self._run(
            "select c.id, c.title, c.updated, (select count(*) from turns t where t.conversation = c.id), "
            "c.collection from conversations c where c.user = ? order by c.updated desc",
            (user,),
        )
        return [{"id": i, "title": t, "updated": u, "turns": n, "collection": c} for i, t, u, n, c in rows]

    def turns(self, user: str, conversation: str) -> list[tuple[str, Answer, int]]:
        """(question, answer, feedback) of each turn, in order; RagError if not this user's."""
        self._check(user, conversation)
        rows = self._run(
            "select t.question, t.answer, t.feedback from turns t join conversations c"
            " on c.id = t.conversation where c.id = ? and c.user = ? order by t.n",
            (conversation, user),
        )
        return [(q, Answer.from_dict(json.loads(a)), f) for q, a, f in rows]

    def history(self, user: str, conversation: str) -> list[dict]:
        """The stored turns as chat history (role/content dicts) for follow-ups after resuming."""
        out: list[dict] = []
        for question, answer, _ in self.turns(user, conversation):
            out += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]
        return out

    def rename(self, user: str, conversation: str, title: str) -> None:
        self._check(user, conversation)
        name = " ".join(title.split())[:TITLE_CHARS]
        if not name:
            raise RagError("a conversation's title cannot be empty")
        self._run("update conversations set title = ? where id = ? and user = ?", (name, conversation, user))

    def delete(self, user: str, conversation: str) -> None:
        self._check(user, conversation)
        self._run("delete from conversations where id = ? and user = ?", (conversation, user))

    def feedback(self, user: str, conversation: str, n: int, thumbs: int) -> None:
        """Record thumbs up (1), down (-1) or none (0) on turn ``n`` (0-based)."""
        self._check(user, conversation)
        if thumbs not in (-1, 0, 1):
            raise RagError(f"feedback is 1, -1 or 0, got {thumbs!r}")
        self._run(
            "update turns set feedback = ? where n = ? and conversation = "
            "(select id from conversations where id = ? and user = ?)",
            (thumbs, n, conversation, user),
        )

    def thumbs_down(self) -> list[tuple[str, Answer]]:
        """Every turn any user marked down: (question, answer), oldest first."""
        rows = self._run(
            "select t.question, t.answer from turns t join conversations c on c.id = t.conversation "
            "where t.feedback < 0 order by c.created, t.n"
        )
        return [(q, Answer.from_dict(json.loads(a))) for q, a in rows]

    def _failure(self, e: Exception) -> RagError:
        """The one line for a store that can't be used: a damaged file says so and what to do."""
        if isinstance(e, sqlite3.DatabaseError) and ("not a database" in str(e) or "malformed" in str(e)):
            return RagError(
                f"the conversation store {self.path} is damaged: move it aside to start a new one"
            )
        return RagError(f"cannot keep conversations in {self.path}: {e}")

    def _owned(self, user: str, conversation: str) -> bool:
        return bool(self._run("select 1 from conversations where id = ? and user = ?", (conversation, user)))

    def _check(self, user: str, conversation: str) -> None:
        if not self._owned(user, conversation):  # another user's and a missing one look the same
            raise RagError(f"no conversation {conversation!r} for this user (rag chats lists yours)")
