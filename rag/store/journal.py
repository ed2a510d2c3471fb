"""The BM25 side's own record of every chunk, in SQLite beside Chroma (``lexical-<collection>.sqlite3``):
each chunk's terms and what filters need, written in the same transaction as each store write, and
the ids removed, numbered, so an index built at some point learns what changed since in one query.

Chroma is the source of truth: the journal records the store's generation token with each write, and
a journal whose token is not the store's (a process on another machine wrote to a shared Chroma
server, a crash between the two writes, a home from before the journal) is refilled from Chroma.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rag.store.catalog import PART, Catalog, _marks
from rag.store.catalog import SCHEMA as KEYS
from rag.text.terms import terms

BUSY_S = 60.0  # a reader waits this long for a writer's transaction (a big ingest's page) to end
COLUMNS = "id, chunk_id, article_id, title, source, date_num, mention_from, mention_to, terms"
SCHEMA = (
    """
create table if not exists rows (
    id integer primary key, chunk_id text unique not null, article_id text not null, title text,
    source text, date_num integer, mention_from integer, mention_to integer, terms text not null,
    story text, article text);
create index if not exists rows_by_article on rows(article_id);
create index if not exists rows_by_story on rows(story) where story is not null;
create table if not exists removed (seq integer primary key, chunk_id text not null);
create table if not exists state (key text primary key, value text);
"""
    + KEYS
)


class Journal(Catalog):
    """One SQLite file, a connection per thread; writes of one thread nest into one transaction."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._write = threading.RLock()
        self._depth = 0
        self._commits = 0  # this object's own commits: SQLite's data_version counts only others'

    def db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                db = _open(self.path)
            except sqlite3.DatabaseError:  # a damaged file: Chroma holds it all, so start afresh
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{self.path}{suffix}").unlink(missing_ok=True)
                db = _open(self.path)
            self._local.db = db
        return db

    @contextmanager
    def batch(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (nested batches of this thread join it); other writers wait."""
        with self._write:
            db = self.db()
            if self._depth == 0:
                db.execute("begin immediate")
            self._depth += 1
            try:
                yield db
            except BaseException:
                self._depth -= 1
                if self._depth == 0:
                    db.execute("rollback")
                raise
            self._depth -= 1
            if self._depth == 0:
                db.execute("commit")
                self._commits += 1

    def put(self, ids: list[str], texts: list[str], metas: list[dict]) -> None:
        """Record chunks (replacing any under the same ids); ``texts`` without their title."""
        with self.batch() as db:
            self._forget(db, ids)
            db.executemany(
                f"insert into rows ({COLUMNS[4:]}, story, article) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(cid, m.get("article_id", ""), m.get("title", ""), m.get("source", ""), m.get("date_num", 0),
                  m.get("mention_from", 0), m.get("mention_to", 0), _terms(m, t), m.get("story") or None,
                  json.dumps(m) if m.get("n") == 0 else None)
                 for cid, t, m in zip(ids, texts, metas, strict=True)],
            )  # fmt: skip
            for m in metas:
                if m.get("n") == 0:
                    self._index(db, m)

    def drop(self, ids: list[str] = (), article_ids: list[str] = ()) -> None:
        """Forget chunks by id, and every chunk of ``article_ids``."""
        with self.batch() as db:
            self._forget(db, list(ids))
            for i in range(0, len(article_ids), PART):
                part = list(article_ids[i : i + PART])
                found = db.execute(f"select chunk_id from rows where article_id in ({_marks(part)})", part)
                self._forget(db, [r[0] for r in found])

    def _forget(self, db: sqlite3.Connection, ids: list[str]) -> None:
        for i in range(0, len(ids), PART):
            part = ids[i : i + PART]
            query = "select chunk_id, article_id, article is not null from rows where chunk_id in "
            found = db.execute(f"{query}({_marks(part)})", part).fetchall()
            gone = [r[0] for r in found]
            self._unindex(db, [r[1] for r in found if r[2]])  # an article's first chunk: its keys go
            if gone:
                db.execute(f"delete from rows where chunk_id in ({_marks(gone)})", gone)
                db.executemany("insert into removed (chunk_id) values (?)", [(c,) for c in gone])

    def mark(self, generation: str) -> None:
        """Record that the journal holds what the store held at ``generation``."""
        with self.batch() as db:
            db.execute("insert or replace into state values ('generation', ?)", (generation,))

    def epoch(self) -> str:
        """This journal's identity: new when it is made or refilled (its row ids then start again), so
        an index built from another cannot be taken for one of this."""
        row = self.db().execute("select value from state where key = 'epoch'").fetchone()
        if row:
            return row[0]
        with self.batch() as db:
            db.execute("insert or ignore into state values ('epoch', ?)", (uuid.uuid4().hex,))
        return self.db().execute("select value from state where key = 'epoch'").fetchone()[0]

    def generation(self) -> str | None:
        row = self.db().execute("select value from state where key = 'generation'").fetchone()
        return row[0] if row else None

    def refill(self, store, generation: str) -> None:
        """Replace everything with a scan of the store (inside the caller's batch)."""
        with self.batch() as db:
            for table in ("rows", "removed", "keys"):
                db.execute(f"delete from {table}")
            db.execute("insert or replace into state values ('epoch', ?)", (uuid.uuid4().hex,))
            for ids, texts, metas in store.scan():
                self.put(ids, texts, metas)
            self.mark(generation)

    def version(self) -> tuple[int, int]:
        """Changes whenever anything commits: another connection (SQLite's data_version), or this."""
        return self.db().execute("pragma data_version").fetchone()[0], self._commits

    def marks(self) -> tuple[int, int]:
        """(last row id, last removal number): where an index built now stands."""
        db = self.db()
        return (db.execute("select coalesce(max(id), 0) from rows").fetchone()[0],
                db.execute("select coalesce(max(seq), 0) from removed").fetchone()[0])  # fmt: skip

    def rows(self, after: int = 0) -> list[tuple]:
        """Every chunk recorded after row id ``after``, as ``COLUMNS``."""
        return self.db().execute(f"select {COLUMNS} from rows where id > ? order by id", (after,)).fetchall()

    @contextmanager
    def snapshot(self) -> Iterator[tuple[Iterator[tuple], tuple[int, int]]]:
        """(every chunk recorded, as ``COLUMNS`` and read as iterated; ``marks()`` of the same moment):
        one read transaction, so a write during a long read (a segment build) is after the marks."""
        db = self.db()
        began = not db.in_transaction
        if began:
            db.execute("begin")
        try:
            marks = self.marks()
            yield db.execute(f"select {COLUMNS} from rows order by id"), marks
        finally:
            if began:
                db.execute("commit")

    def removed(self, after: int) -> set[str]:
        """The chunk ids removed after removal number ``after``."""
        return {r[0] for r in self.db().execute("select chunk_id from removed where seq > ?", (after,))}

    def update(self, article_id: str, fields: dict) -> None:
        """Merge ``fields`` into an article's recorded metadata (as Chroma's metadata update does)."""
        with self.batch() as db:
            for rowid, raw in db.execute(
                "select id, article from rows where article_id = ? and article is not null", (article_id,)
            ).fetchall():
                meta = {**json.loads(raw), **fields}
                db.execute("update rows set article = ? where id = ?", (json.dumps(meta), rowid))
                self._index(db, meta)

    def count(self) -> int:
        return self.db().execute("select count(*) from rows").fetchone()[0]


def _open(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=BUSY_S, isolation_level=None, check_same_thread=False)
    db.execute("pragma journal_mode=wal")
    db.execute("pragma synchronous=normal")
    tables = {r[0] for r in db.execute("select name from sqlite_master where type = 'table'")}
    columns = {r[1] for r in db.execute("pragma table_info(rows)")}
    if "rows" in tables and ("keys" not in tables or "article" not in columns):  # an older layout: refilled
        db.executescript("".join(f"drop table if exists {t};" for t in ("rows", "removed", "state", "keys")))
    db.executescript(SCHEMA)
    return db


def _terms(meta: dict, text: str) -> str:
    """What BM25 counts of a chunk: its title's and text's terms (rag/text/terms.py), space-joined."""
    return " ".join(terms(meta.get("title", "") + "\n" + text))
