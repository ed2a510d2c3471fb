"""Errors as JSON: ``{"error": {"message", "type", "status"}}`` with the HTTP status, the message the
same one line the CLI prints (never a traceback)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from rag.core.errors import Forbidden, NotFound, RagError, Unauthorized, first_line


class TooLarge(RagError):
    """A request or upload over the size the server accepts: HTTP 413."""


KINDS = {Unauthorized: (401, "unauthorized"), Forbidden: (403, "forbidden"), NotFound: (404, "not_found"),
         TooLarge: (413, "too_large")}  # fmt: skip
BY_STATUS = {
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    411: "invalid_request",
    413: "too_large",
}  # else by range


def body(message: str, status: int, kind: str | None = None) -> dict:
    line = " ".join(str(message).split())[:500]
    return {
        "error": {
            "message": line,
            "type": kind or BY_STATUS.get(status, "server_error" if status >= 500 else "invalid_request"),
            "status": status,
        }
    }


def of(e: BaseException) -> tuple[int, dict]:
    """(status, JSON body) for an exception raised while serving a request."""
    if isinstance(e, RagError):
        status, kind = next((v for k, v in KINDS.items() if isinstance(e, k)), (400, "invalid_request"))
        return status, body(str(e), status, kind)
    return 500, body(f"{type(e).__name__}: {first_line(e)}", 500, "server_error")


def install(app: FastAPI) -> None:
    """Every failure of a /v1 request answers with the JSON error body."""

    async def rag_error(request: Request, e: Exception) -> JSONResponse:
        status, content = of(e)
        headers = {"WWW-Authenticate": 'Bearer realm="rag"'} if status == 401 else None
        return JSONResponse(content, status_code=status, headers=headers)

    async def invalid(request: Request, e: RequestValidationError) -> JSONResponse:
        first = e.errors()[0] if e.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "request"
        return JSONResponse(body(f"{where}: {first.get('msg', 'invalid')}", 422), status_code=422)

    async def http(request: Request, e: HTTPException) -> JSONResponse:
        return JSONResponse(body(str(e.detail), e.status_code), status_code=e.status_code)

    app.add_exception_handler(RagError, rag_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(HTTPException, http)
    app.add_exception_handler(Exception, rag_error)
