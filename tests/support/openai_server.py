"""A real OpenAI-compatible HTTP server on 127.0.0.1, started by a test, answering deterministically.

litellm reaches it as ``model="openai/x", api_base=server.url`` (or ``model="local", local_url=...``):
the request goes through litellm, the OpenAI SDK and HTTP like any model's; only the model is fixed.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Reply = Callable[[dict], "str | int"]  # the reply text, or an HTTP error status for this request


class OpenAIServer:
    """Serves /v1/chat/completions (JSON, or SSE when the request streams) with ``reply(request)``.

    ``status`` other than 200 answers every request with that error; ``delay`` is the pause between
    streamed pieces; ``html`` answers every request with HTTP 200 and that page instead of the API's
    JSON (as a proxy's error page does). Every request is kept in ``requests`` as (monotonic time
    received, JSON body); GET .../models lists one model, as llama.cpp's server does.
    """

    def __init__(
        self, reply: str | Reply = "", status: int = 200, delay: float = 0.0, html: bytes | None = None
    ) -> None:
        self.reply = reply if callable(reply) else (lambda _request: reply)
        self.status, self.delay, self.html = status, delay, html
        self.requests: list[tuple[float, dict]] = []
        self.cut: list[float] = []  # monotonic times a streaming client hung up before the end
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> OpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # the model list: what a client (or our launcher) checks first
                if self.path.rstrip("/").endswith("/models"):
                    return self._send(200, {"object": "list", "data": [{"id": "x", "object": "model"}]})
                return self._send(404, {"error": {"message": "not found"}})

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                server.requests.append((time.monotonic(), body))
                if server.html is not None:
                    return self._page(server.html)
                if server.status != 200:
                    return self._send(server.status, {"error": {"message": "boom", "type": "server_error"}})
                text = server.reply(body)
                if isinstance(text, int):
                    return self._send(text, {"error": {"message": "boom", "type": "server_error"}})
                if body.get("stream"):
                    return self._stream(text)
                return self._send(200, completion(text))

            def _send(self, status: int, payload: dict) -> None:
                self._write(status, "application/json", json.dumps(payload).encode())

            def _page(self, html: bytes) -> None:
                self._write(200, "text/html", html)

            def _write(self, status: int, content_type: str, data: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, text: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                for piece in [*re.findall(r"\S+\s*", text), None]:
                    delta = {"content": piece} if piece is not None else {}
                    chunk = {**completion(""), "object": "chat.completion.chunk"}
                    end = None if delta else "stop"
                    chunk["choices"] = [{"index": 0, "delta": delta, "finish_reason": end}]
                    try:
                        self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                        self.wfile.flush()
                    except OSError:  # the client hung up: the stream ends here
                        server.cut.append(time.monotonic())
                        self.close_connection = True
                        return
                    time.sleep(server.delay)
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

        return Handler


def completion(text: str) -> dict:
    """A chat.completion response holding ``text``."""
    return {
        "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": "x",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }  # fmt: skip


def passage_number(request: dict, fact: str) -> int:
    """The number the prompt of ``request`` gives the passage holding ``fact`` (e.g. "€90 billion")."""
    content = request["messages"][-1]["content"]
    return int(re.findall(r"^\[(\d+)\] ", content[: content.index(fact)], re.M)[-1])
