"""RSS and Atom feeds: followed feeds are kept in ``$RAG_HOME/feeds.json``; polling one fetches it
with its ETag / Last-Modified (a 304 costs one request and no work), reads it with feedparser, skips
entries already seen (by GUID, else link), and makes each new entry an article from its link's page
(rag/sources/url.py) or, when the page can't be had, from the entry's own text. One feed failing
does not stop the others; its error is kept and shown.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rag.core.config import Settings
from rag.core.errors import RagError, first_line
from rag.core.state import read_json, write_json
from rag.core.types import Article
from rag.sources import is_url, web
from rag.sources.article import make_article
from rag.sources.html import parse_html_plain
from rag.sources.url import article_of, origin

FILE = "feeds.json"
SEEN_KEPT = 5000  # entry keys remembered per feed (a feed lists its latest few dozen)


@dataclass
class PollResult:
    """One feed's poll: requests made, articles found new, entries skipped as seen, and any error."""

    url: str
    requests: int = 0
    articles: list[Article] = field(default_factory=list)
    seen: int = 0
    error: str = ""
    not_modified: bool = False


def load(home: Path) -> dict[str, dict]:
    """The followed feeds, by URL, with their state (validators, seen keys, last poll, error)."""
    path = Path(home) / FILE
    followed = read_json(path, {}, strict=True, expect=dict)
    if not all(isinstance(state, dict) for state in followed.values()):
        raise RagError(
            f"cannot read {path}: each followed feed must be a JSON object (fix or move the file aside)"
        )
    return followed


def save(home: Path, feeds: dict[str, dict]) -> None:
    """Write the feed list atomically (a crash mid-write leaves the previous list)."""
    write_json(Path(home) / FILE, feeds, indent=1)


def add(home: Path, url: str) -> bool:
    """Follow the feed at ``url``; False when it is followed already."""
    if not is_url(url):
        raise RagError(f"not a web address (http or https): {url[:200]}")
    feeds, key = load(home), origin(url)
    if key in feeds:
        return False
    feeds[key] = {"etag": "", "last_modified": "", "seen": [], "last_poll": "", "added": 0, "error": ""}
    save(home, feeds)
    return True


def remove(home: Path, url: str) -> None:
    """Stop following ``url`` (its articles stay in the index)."""
    feeds, key = load(home), origin(url)
    if key not in feeds:
        raise RagError(f"not a followed feed: {url[:200]} (see: rag feed list)")
    del feeds[key]
    save(home, feeds)


def poll(url: str, state: dict, settings: Settings) -> PollResult:
    """Fetch one feed and its new entries' pages; ``state`` (from feeds.json) is updated in place."""
    import feedparser

    result = PollResult(url)
    limits = web.limits(settings)
    headers = {"If-None-Match": state.get("etag", ""), "If-Modified-Since": state.get("last_modified", "")}
    try:
        result.requests += 1
        page = web.fetch(url, accept=(), headers={k: v for k, v in headers.items() if v}, **limits)
    except RagError as e:
        result.error = str(e)
        return _done(state, result)
    if page.not_modified:
        result.not_modified = True
        return _done(state, result)
    parsed = feedparser.parse(page.body)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        result.error = "not an RSS or Atom feed"
        return _done(state, result)
    state["title"] = " ".join(str(parsed.feed.get("title") or "").split())[:200]  # shown in lists
    seen = set(state.get("seen", []))
    keyed = [(_key(entry), entry) for entry in parsed.entries]
    done: list[str] = []  # the entries handled: seen before, or made an article now
    for key, entry in keyed:
        if key in seen:
            result.seen += 1
        elif (article := _entry_article(entry, f"{url}::{key}", settings, result)) is not None:
            result.articles.append(article)
        else:
            continue  # no article yet (its page down, no text): tried again at the next poll
        seen.add(key)
        done.append(key)
    # Every handled entry the feed lists now stays seen, however many (the overflow was fetched again
    # at every poll); of the keys it no longer lists, the newest SEEN_KEPT are kept.
    now = list(dict.fromkeys(done))
    listed = set(now)
    state["seen"] = [k for k in state.get("seen", []) if k not in listed][-SEEN_KEPT:] + now
    # An entry left for later needs the whole feed again: a 304 would hide it until the feed changes.
    whole = len(now) == len({key for key, _ in keyed})
    state.update(etag=page.etag if whole else "", last_modified=page.last_modified if whole else "")
    return _done(state, result)


def _key(entry) -> str:
    """What identifies an entry across polls: its GUID, else its link, else a hash of its words."""
    if entry.get("id") or entry.get("link"):
        return entry.get("id") or entry.get("link")
    words = " ".join(str(entry.get(k) or "") for k in ("title", "summary", "published"))
    return "sha256:" + hashlib.sha256(words.encode()).hexdigest()[:32]


def _entry_article(entry, own_origin: str, settings: Settings, result: PollResult) -> Article | None:
    """The entry's page as an article (its origin the page's URL), else the entry's own text (its
    origin ``own_origin``, the feed's URL and the entry's key: it must never replace the page, stored
    before from the same link, nor another entry's text); None when neither has text."""
    link = entry.get("link", "")
    own = _entry_record(entry)
    if link and is_url(link):
        try:
            result.requests += 1
            return article_of(web.fetch(link, **web.limits(settings)), origin(link), fallback=own)
        except RagError:
            pass  # the page is gone or not an article: the entry's own text stands in
    if not own.get("text", "").strip():
        return None
    try:
        return make_article(own, default_title=own.get("title") or link, origin=own_origin)
    except RagError:
        return None


def _entry_record(entry) -> dict:
    content = (entry.get("content") or [{}])[0].get("value") or entry.get("summary", "")
    text = parse_html_plain(content).get("text", "") if "<" in content else content
    record = {"title": entry.get("title", ""), "text": text, "url": entry.get("link", "")}
    record["date"] = entry.get("published") or entry.get("updated") or ""
    return {k: v for k, v in record.items() if v}


def _done(state: dict, result: PollResult) -> PollResult:
    state["last_poll"] = datetime.now(UTC).isoformat(timespec="seconds")
    state["error"] = result.error
    state["added"] = len(result.articles)
    return result


def poll_all(kb, progress=None) -> list[tuple[PollResult, list[str]]]:
    """Poll every followed feed of ``kb`` (a KnowledgeBase) and store the new articles; returns each
    feed's result with the titles it added. ``progress(url)`` is called after each feed."""
    out = []
    for url, state in load(kb.settings.data).items():
        out.append(poll_one(kb, url, state))
        if progress:
            progress(url)
    return out


def poll_one(kb, url: str, state: dict) -> tuple[PollResult, list[str]]:
    """Poll one followed feed (``state`` as load() gave it), store its new articles and its state; the
    result with the titles added."""
    try:
        result = poll(url, state, kb.settings)
    except Exception as e:  # noqa: BLE001  (one feed's fault, of whatever kind, must not stop the others)
        result = _done(state, PollResult(url, error=f"{type(e).__name__}: {first_line(e)}"))
    added: list[str] = []
    if result.articles:
        report = kb.add_articles(result.articles)
        added = report.added + report.updated
    state["added"] = len(added)
    feeds = load(kb.settings.data)  # written feed by feed: a feed added or removed meanwhile is kept so
    if url in feeds:
        feeds[url] = state
        save(kb.settings.data, feeds)
    return result, added
