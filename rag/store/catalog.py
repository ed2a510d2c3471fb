"""Finding stored articles without reading them all: the journal's ``keys`` table maps each article's
origins (the files, records and URLs it came from) and its MinHash bands (rag/index/copies.py) to its
id. Ingesting one article looks up its id, its origin and the articles sharing a band with it by
index, so its cost does not grow with the archive (reading every article's metadata took 7 s at 100k
articles). Kept in the journal's transactions: a key is written and dropped with its article's first
chunk.
"""

from __future__ import annotations

import json
import sqlite3

# LSH bands x rows over a 64-value MinHash: two articles are compared at all when one band agrees.
# A pair at the story threshold (0.6) agrees in a band with certainty but for 0.64**32 (one in a
# million); datasketch's own choice for 0.6 (10 x 6) missed 62%.
BANDS = (32, 2)
SCHEMA = """
create table if not exists keys (key text not null, article_id text not null);
create index if not exists keys_by_key on keys(key);
create index if not exists keys_by_article on keys(article_id);
"""
PART = 500  # values bound in one SQL statement


def band_keys(sig: str) -> list[str]:
    """The LSH band keys of a MinHash signature given as hex (8 characters a value)."""
    width = BANDS[1] * 8
    return [
        f"b{i}:{sig[i * width : (i + 1) * width]}" for i in range(BANDS[0]) if len(sig) >= (i + 1) * width
    ]


class Catalog:
    """The lookups; mixed into the journal, whose ``db()`` and ``batch()`` it uses."""

    def articles(self) -> dict[str, dict]:
        """Every article's metadata (its first chunk's, as Chroma holds it), by id: one read of this
        file instead of every first chunk's metadata (and text) from Chroma."""
        return _parsed(self.db().execute("select article from rows where article is not null"))

    def members(self, stories: list[str]) -> dict[str, dict]:
        """The articles of these stories (wire copies, rag/index/copies.py): id -> source, title, story.
        Indexed here, as Chroma's metadata filter scans every row (73 ms a search at 30k chunks)."""
        found: dict[str, dict] = {}
        for i in range(0, len(stories), PART):
            part = stories[i : i + PART]
            for aid, source, title, story in self.db().execute(
                f"select article_id, source, title, story from rows where story in ({_marks(part)})", part
            ):
                found.setdefault(aid, {"source": source or "", "title": title or "", "story": story})
        return found

    def article(self, article_id: str) -> dict | None:
        """One article's metadata (its first chunk's), or None."""
        row = (
            self.db()
            .execute("select article from rows where article_id = ? and article is not null", (article_id,))
            .fetchone()
        )
        return json.loads(row[0]) if row else None

    def holding(self, names: list[str], records: bool = True) -> dict[str, dict]:
        """Articles that came from one of ``names`` (an origin exactly, or with ``records`` also a
        record of it: ``name::key``), by id."""
        ids: set[str] = set()
        db = self.db()
        for name in names:
            ids |= {r[0] for r in db.execute("select article_id from keys where key = ?", ("o:" + name,))}
            if records:  # 'name::' up to 'name:;' (';' sorts right after ':'): every record of it
                low, high = f"o:{name}::", f"o:{name}:;"
                ids |= {r[0] for r in db.execute("select article_id from keys where key >= ? and key < ?",
                                                 (low, high))}  # fmt: skip
        return self._metas(sorted(ids))

    def similar(self, sig: str) -> dict[str, dict]:
        """Articles sharing an LSH band with the signature ``sig``, by id (candidates to compare)."""
        keys, ids = band_keys(sig), set()
        for i in range(0, len(keys), PART):
            part = keys[i : i + PART]
            found = self.db().execute(f"select article_id from keys where key in ({_marks(part)})", part)
            ids |= {r[0] for r in found}
        return self._metas(sorted(ids))

    def with_source(self, source: str) -> dict[str, dict]:
        """Articles published by ``source``, by id."""
        return _parsed(
            self.db().execute("select article from rows where source = ? and article is not null", (source,))
        )

    def _metas(self, ids: list[str]) -> dict[str, dict]:
        found: dict[str, dict] = {}
        for i in range(0, len(ids), PART):
            part = ids[i : i + PART]
            query = f"select article from rows where article is not null and article_id in ({_marks(part)})"
            found.update(_parsed(self.db().execute(query, part)))
        return found

    def _index(self, db: sqlite3.Connection, meta: dict) -> None:
        """(Re)write an article's keys from its first chunk's metadata."""
        aid = meta.get("article_id", "")
        db.execute("delete from keys where article_id = ?", (aid,))
        keys = {"o:" + o for o in meta.get("origins", "").split("\n") if o}
        keys.update(band_keys(meta.get("minhash") or ""))
        db.executemany("insert into keys values (?, ?)", [(k, aid) for k in sorted(keys)])

    def _unindex(self, db: sqlite3.Connection, article_ids: list[str]) -> None:
        for i in range(0, len(article_ids), PART):
            part = article_ids[i : i + PART]
            db.execute(f"delete from keys where article_id in ({_marks(part)})", part)


def _parsed(rows) -> dict[str, dict]:
    """Article metadata rows (one JSON column) by article id."""
    return {m["article_id"]: m for m in (json.loads(r[0]) for r in rows)}


def _marks(values: list) -> str:
    return ",".join("?" * len(values))
