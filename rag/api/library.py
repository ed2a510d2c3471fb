"""The library over /v1: articles (list, add, remove), stats, feeds and collections."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from rag import collections
from rag.access.roles import Who
from rag.api.asking import chosen
from rag.api.auth import caller
from rag.api.errors import TooLarge
from rag.api.schemas import BODY, Add, Feed, Named
from rag.core.errors import NotFound, RagError
from rag.sources import feeds
from rag.sources.url import origin
from rag.ui.articles import MAX_URLS

router = APIRouter(prefix="/v1", tags=["library"])
MAX_FILES = 20  # in one upload request (rag/api/server.py bounds its size by them)
WHO = Depends(caller)


@router.get("/articles", summary="The articles, newest first, a page at a time")
def articles(
    request: Request, collection: str = "", offset: int = Query(0, ge=0),
    limit: int = Query(50, ge=1, le=500), who: Who = WHO,
) -> dict:  # fmt: skip
    listed = chosen(request, who, collection).stats()["list"]
    return {
        "total": len(listed),
        "offset": offset,
        "limit": limit,
        "articles": listed[offset : offset + limit],
    }


@router.post("/articles", summary="Add articles: files (multipart), web pages, or pasted text (JSON)",
             openapi_extra=BODY)  # fmt: skip
async def add(request: Request, who: Who = WHO) -> dict:
    """Multipart: ``files`` (repeatable), ``urls`` (repeatable), ``collection``. JSON: see ``Add``.
    The ingest report: added, updated, skipped, failed ([name, reason]), summary, passages."""
    app = request.app.state.chat
    who.check("write")  # before a form's files are read to disk
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form(max_files=MAX_FILES)
        kb = chosen(request, who, str(form.get("collection") or ""), "write")
        with tempfile.TemporaryDirectory(prefix="rag-upload-") as folder:
            names = await _saved(form.getlist("files"), Path(folder), kb.settings.max_upload_mb)
            urls = [str(u) for u in form.getlist("urls")][:MAX_URLS]
            _something(names, urls)
            return await run_in_threadpool(app.add, list(names), urls, kb.settings.collection, None, names)
    try:
        body = Add.model_validate(await request.json())
    except ValueError as e:  # not JSON, or not the shape of Add
        raise RagError(
            f'the body must be a JSON object like {{"urls": [...]}} or a multipart form: {e}'
        ) from None
    kb = chosen(request, who, body.collection, "write")
    _something({}, body.urls, body.text)
    if len(body.urls) > MAX_URLS:
        raise RagError(f"at most {MAX_URLS} urls at a time, got {len(body.urls)}")
    report = await run_in_threadpool(app.add, [], body.urls, kb.settings.collection) if body.urls else None
    if body.text:
        t = body.text
        pasted = await run_in_threadpool(app.paste, t.title, t.text, t.source, t.date, kb.settings.collection)
        report = pasted if report is None else _merged(report, pasted)
    return report


def _merged(fetched: dict, pasted: dict) -> dict:
    """One report of fetched pages and a pasted article."""
    summed = {k: fetched[k] + pasted[k] for k in ("added", "updated", "skipped", "failed", "passages")}
    return {
        **summed,
        "summary": f"{fetched['summary']}; pasted: {pasted['summary']}",
        "dated": pasted["dated"],
    }


async def _saved(files: list, folder: Path, max_mb: int) -> dict[str, str]:
    """Each uploaded file written to ``folder`` under a name of ours; {path: the name it was sent as}."""
    names = {}
    for i, f in enumerate(files):
        if isinstance(f, str):
            raise RagError("files must be uploaded files (multipart), not text")
        data = await f.read(max_mb * 1_000_000 + 1)
        if len(data) > max_mb * 1_000_000:
            raise TooLarge(f"{f.filename or 'a file'} is larger than {max_mb} MB (RAG_MAX_UPLOAD_MB)")
        path = folder / f"{i}{Path(f.filename or '').suffix[:10]}"
        path.write_bytes(data)
        names[str(path)] = Path(f.filename or f"upload-{i}").name
    return names


def _something(files: dict, urls: list, text=None) -> None:
    if not files and not urls and text is None:
        raise RagError("nothing to add: give files, urls or text")


@router.delete("/articles/{article_id}", summary="Remove an article everywhere")
def remove(article_id: str, request: Request, collection: str = "", who: Who = WHO) -> dict:
    kb = chosen(request, who, collection, "write")
    if article_id not in {a["id"] for a in kb.stats()["list"]}:
        raise NotFound(f"no article {article_id[:80]!r} in collection {kb.settings.collection!r}")
    return {"removed": kb.remove([article_id])}


@router.get("/stats", summary="Article and passage counts")
def stats(request: Request, collection: str = "", who: Who = WHO) -> dict:
    kb = chosen(request, who, collection)
    found = kb.stats()
    return {
        "collection": kb.settings.collection,
        **{k: found[k] for k in ("articles", "chunks", "location", "model")},
    }


@router.get("/feeds", summary="The followed feeds")
def followed(request: Request, collection: str = "", who: Who = WHO) -> dict:
    kb = chosen(request, who, collection)
    rows = feeds.load(kb.settings.data).items()
    return {"feeds": [_feed(url, state) for url, state in rows]}


def _feed(url: str, state: dict) -> dict:
    """A followed feed as the API lists it: url, title, checked (the last poll), added, error."""
    return {"url": url, "title": state.get("title", ""), "checked": state.get("last_poll", ""),
            "added": state.get("added", 0), "error": state.get("error", "")}  # fmt: skip


@router.post("/feeds", summary="Follow a feed and poll it once")
def follow(body: Feed, request: Request, who: Who = WHO) -> dict:
    kb = chosen(request, who, body.collection, "write")
    added = feeds.add(kb.settings.data, body.url)
    key = origin(body.url)
    result, titles = feeds.poll_one(kb, key, feeds.load(kb.settings.data)[key])
    failed = [[key, result.error]] if result.error else []
    summary = f"{len(titles)} new, {result.seen} already seen" + (
        f"; failed: {result.error}" if failed else ""
    )
    return {"url": key, "added": added, "report": {"added": titles, "failed": failed, "summary": summary}}


@router.delete("/feeds", summary="Stop following a feed (its articles stay)")
def unfollow(request: Request, url: str, collection: str = "", who: Who = WHO) -> dict:
    kb = chosen(request, who, collection, "write")
    if origin(url) not in feeds.load(kb.settings.data):
        raise NotFound(f"not a followed feed: {url[:200]}")
    feeds.remove(kb.settings.data, url)
    return {"removed": origin(url)}


@router.get("/collections", summary="The collections you may use")
def listing(request: Request, who: Who = WHO) -> dict:
    app = request.app.state.chat
    mine = [n for n in collections.names(app.kb.settings) if who.uses(n)]
    counted = [(n, app.kb_for(n).stats()) for n in mine]
    rows = [{"name": n, "articles": s["articles"], "chunks": s["chunks"]} for n, s in counted]
    return {"default": app.kb.settings.collection, "collections": rows}


@router.post("/collections", summary="Create a collection (admin)", status_code=201)
def create(body: Named, request: Request, who: Who = WHO):
    who.check("admin", body.name)
    collections.create(request.app.state.chat.kb.settings, body.name)
    return JSONResponse({"name": body.name}, status_code=201)


@router.delete("/collections/{name}", summary="Delete a collection and its articles (admin)")
def delete(name: str, request: Request, who: Who = WHO) -> dict:
    who.check("admin", name)
    app = request.app.state.chat
    if name == app.kb.settings.collection:
        raise RagError(f"{name!r} is this server's default collection: it cannot be deleted while served")
    app.delete(name)
    return {"deleted": name}
