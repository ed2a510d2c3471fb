"""A real HTTP server on 127.0.0.1 serving test pages, for everything the product fetches from the web.

``pages`` maps a path to (status, content type, body, extra headers); a callable body is called per
request (a page that changes, a slow one), and may return an iterator of pieces, each sent as it comes
(a server that drips its body); a content type of None sends no Content-Type header. ETag /
If-None-Match and Last-Modified / If-Modified-Since (the same date string) are honoured for pages that
set those headers. Every request is recorded in ``requests`` as (path, request headers). ``host`` is
the loopback address to listen on (127.0.0.2 stands for a second machine).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Body = bytes | Callable[[], bytes | Iterator[bytes]]


class WebServer:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.pages: dict[str, tuple[int, str | None, Body, dict[str, str]]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.httpd = ThreadingHTTPServer((host, 0), self._handler())
        self.httpd.daemon_threads = True
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def add(
        self,
        path: str,
        body: Body,
        kind: str | None = "text/html; charset=utf-8",
        status: int = 200,
        **headers,
    ):
        """Serve ``body`` at ``path``; keyword headers use underscores for dashes (Last_Modified=...)."""
        self.pages[path] = (status, kind, body, {k.replace("_", "-"): v for k, v in headers.items()})
        return f"{self.url}{path}"

    def count(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)

    def __enter__(self) -> WebServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the stdlib's name)
                server.requests.append((self.path, dict(self.headers)))
                if self.path not in server.pages:
                    return self._send(404, "text/html", b"<h1>Not found</h1>", {})
                status, kind, body, headers = server.pages[self.path]
                if self._fresh(headers):
                    return self._send(304, kind, b"", headers)
                return self._send(status, kind, body() if callable(body) else body, headers)

            def _fresh(self, headers) -> bool:
                """The client's copy is current: If-None-Match decides when both are sent (RFC 9110)."""
                etag, modified = headers.get("ETag"), headers.get("Last-Modified")
                if etag and "If-None-Match" in self.headers:
                    return self.headers["If-None-Match"] == etag
                return bool(modified) and self.headers.get("If-Modified-Since") == modified

            def _send(self, status, kind, data, headers):
                self.send_response(status)
                if kind is not None:
                    self.send_header("Content-Type", kind)
                if "X-No-Length" not in headers:  # else the body just runs until the connection closes
                    self.send_header("Content-Length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    for piece in [data] if isinstance(data, bytes) else data:
                        self.wfile.write(piece)  # the client may stop reading (a size cap): expected
                        self.wfile.flush()

            def log_message(self, *args):
                pass

        return Handler
