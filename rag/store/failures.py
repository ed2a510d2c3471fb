"""What a failed Chroma call means to the user: one line naming the index folder and what to do.

Chroma raises many exception types (its own InternalError wrapping Rust errors, sqlite3 errors,
OSError); none of them may reach a user as a traceback. A full disk, a damaged index (a file left
empty or cut short by a crash or a full disk) and other failures each get their own message.
"""

from __future__ import annotations

import errno
import functools
from collections.abc import Callable
from pathlib import Path

from rag.core.errors import RagError, first_line

# Words in Chroma's messages when an index file cannot be parsed ("Error deserializing pickle file:
# EOF", "Error creating hnsw segment reader", SQLite's "database disk image is malformed").
DAMAGE = ("deserializ", "hnsw", "pickle", "malformed", "corrupt", "not a database", "no such table")
DISK_FULL = ("no space left", "disk is full", "disk full", "quota exceeded")


def failure(e: BaseException, location: str, home: Path | None, write: bool) -> RagError:
    """The one-line RagError for exception ``e`` from Chroma at ``location`` (``home`` None: a server)."""
    text = str(e).lower()
    if (isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT)) or any(
        w in text for w in DISK_FULL
    ):
        return RagError(
            f"disk full while writing the index in {location}: free space, then run the same command "
            "again (articles stored completely are kept; unfinished ones are redone)"
        )
    if home is not None and any(w in text for w in DAMAGE):
        return RagError(
            f"the index in {location} is damaged ({first_line(e)}); "
            f"rebuild it with: rag --home {home} reindex"
        )
    action = "write" if write else "read"
    return RagError(f"cannot {action} the index in {location}: {first_line(e)}")


def guarded(write: bool) -> Callable:
    """Decorate a Store method so any Chroma failure becomes ``failure(...)``; RagError passes through."""

    def wrap(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def call(self, *args, **kwargs):
            try:
                return fn(self, *args, **kwargs)
            except RagError:
                raise
            except Exception as e:  # noqa: BLE001  (Chroma raises many types; users need one line)
                raise failure(e, self.location, self.local_home, write) from None

        return call

    return wrap
