"""``rag collections``, ``rag users`` and ``rag keys``: the collections of a home, who may log in, and
the API keys of programs."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from rag import collections
from rag.access import keys, roles, users
from rag.cli.terminal import one_line
from rag.core.config import Settings
from rag.core.errors import RagError


def settings(args) -> Settings:
    """The settings these commands act on (--home, --collection, RAG_*)."""
    return Settings.from_env(home=Path(args.home) if args.home else None, collection=args.collection)


CREATE = {"ingest", "sync", "serve"}  # the commands that make the collection they are given


def check_collection(args) -> None:
    """NotFound for a collection this home lacks, unless the command makes it: a mistyped name must
    not quietly make an empty collection."""
    if args.command not in CREATE:
        chosen = settings(args)
        collections.existing(chosen, chosen.collection)


def cmd_collections(args) -> int:
    s = settings(args)
    if args.action == "list":
        from rag.kb import KnowledgeBase

        for name in collections.names(s):
            stats = KnowledgeBase(Settings.from_env(home=s.home, collection=name)).stats()
            mark = "  (default)" if name == collections.DEFAULT_COLLECTION else ""
            counts = f"{_count(stats['articles'], 'article')}, {_count(stats['chunks'], 'passage')}"
            print(f"{name}  {counts}{mark}")
        return 0
    if not args.name:
        raise RagError(f"rag collections {args.action} needs a NAME")
    if args.action == "create":
        collections.create(s, args.name)
        print(f"created collection {args.name} (use it with: rag --collection {args.name} ...)")
        return 0
    collections.existing(s, args.name)
    if not args.yes:
        _confirm(
            f"delete collection {args.name!r} and all its articles? type its name to confirm: ", args.name
        )
    collections.delete(s, args.name)
    print(f"deleted collection {args.name}")
    return 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _confirm(prompt: str, expected: str) -> None:
    if not sys.stdin.isatty():
        raise RagError("deleting a collection needs confirmation: run it in a terminal, or add --yes")
    if input(prompt).strip() != expected:
        raise RagError("not confirmed: nothing was deleted")


def cmd_users(args) -> int:
    home = settings(args).home
    if _listed_or_removed(args, users, "user", "removed"):
        return 0
    first = not users.load(home)
    new = users.add(home, args.name, _password(), roles.role(args.role), roles.collections(args.collections))
    print(f"{'added' if new else 'updated'} user {args.name} ({args.role})")
    if first:
        print("the chat asks for a login from its next start (restart a running rag serve)", file=sys.stderr)
    return 0


def _listed_or_removed(args, book, what: str, done: str) -> bool:
    """``rag users|keys list`` and ``remove NAME`` (True when done: NAME and --role mean add)."""
    home = settings(args).home
    if args.action == "list":
        for name, entry in book.load(home).items():
            where = ",".join(entry.get("collections") or ["*"])
            made = f"  created {entry['created']}" if entry.get("created") else ""
            print(one_line(f"{name}  {entry['role']}  collections: {where}{made}"))
        return True
    if not args.name:
        raise RagError(f"rag {what}s {args.action} needs a NAME")
    if args.action == "remove":
        book.remove(home, args.name)
        print(f"{done} {what} {args.name}")
        return True
    return False


def _password() -> str:
    """The new password: the first line of stdin when it is not a terminal, else typed twice."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise RagError("the two passwords differ: nothing was changed")
    return first


def cmd_keys(args) -> int:
    if _listed_or_removed(args, keys, "key", "revoked"):
        return 0
    key = keys.add(settings(args).home, args.name, roles.role(args.role), roles.collections(args.collections))
    print(f"made key {args.name} ({args.role}); it is shown this once:", file=sys.stderr)
    print(key)
    return 0
