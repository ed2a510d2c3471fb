"""Fetching a URL: timeouts, a size cap, redirects followed a few hops at most, the content type
checked, and every failure one line naming the URL's problem (DNS, refused, 404, 500, timeout, too
big, not an article).

Server-side request forgery: a chat served beyond localhost must not become a way into the machine's
own network, so fetching from loopback, private, link-local, unspecified or cloud-metadata addresses
is refused there unless ``RAG_PRIVATE_URLS=allow``. Every redirect hop is checked the same way.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from rag.core.errors import RagError

MAX_REDIRECTS = 5
ARTICLE_TYPES = ("text/html", "application/xhtml+xml", "application/pdf")
_AGENT = "rag-articles/0.1 (+https://github.com/; offline article reader)"
_ENCODINGS = {"Accept-Encoding": "gzip, deflate"}  # decoded by _body, with the size cap


@dataclass(frozen=True)
class Page:
    """A fetched resource: the final URL (after redirects), its content type and bytes, its validators."""

    url: str
    content_type: str
    body: bytes
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False


def limits(settings) -> dict:
    """``fetch``'s timeout, size cap and private-address rule from the settings (RAG_FETCH_*,
    RAG_PRIVATE_URLS)."""
    return {
        "timeout": settings.fetch_timeout,
        "max_bytes": settings.fetch_max_mb * 1_000_000,
        "allow_private": settings.private_urls != "refuse",
    }


def fetch(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    allow_private: bool,
    accept: tuple[str, ...] = ARTICLE_TYPES,
    headers: dict[str, str] | None = None,
) -> Page:
    """GET ``url``; RagError (one line) for any failure. ``timeout`` (seconds) bounds the whole fetch,
    redirects included: a server that drips its body is cut off too. ``max_bytes`` caps the body as
    decoded, while it arrives. ``headers`` may carry If-None-Match / If-Modified-Since: a 304 comes back
    as ``Page(not_modified=True)``."""
    current = _checked_url(url)
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            if time.monotonic() > deadline:
                raise RagError("timed out")
            host = urlsplit(current).hostname or ""
            if not allow_private:
                _refuse_private(host)
            page = _get(client, current, max_bytes, accept, {**_ENCODINGS, **(headers or {})}, deadline)
            if isinstance(page, Page):
                return page
            current = _checked_url(urljoin(current, page))
    raise RagError(f"more than {MAX_REDIRECTS} redirects")


def _get(client: httpx.Client, url: str, max_bytes: int, accept, headers, deadline: float) -> Page | str:
    """The page, or the next URL of a redirect."""
    try:
        with client.stream("GET", url, headers={"User-Agent": _AGENT, **headers}) as r:
            if r.status_code in (301, 302, 303, 307, 308) and r.headers.get("location"):
                return r.headers["location"]
            if r.status_code == 304:
                return Page(url, "", b"", not_modified=True)
            if r.status_code >= 400:
                raise RagError(f"HTTP {r.status_code} {r.reason_phrase or ''}".rstrip())
            kind = r.headers.get("content-type", "").split(";")[0].strip().lower()
            if accept and kind not in accept:
                what = "an article (HTML or PDF)" if accept == ARTICLE_TYPES else "a feed"
                raise RagError(f"not {what}: content type {kind or 'unknown'}")
            size = int(r.headers.get("content-length") or 0)
            if size > max_bytes:
                raise RagError(f"too big: {size:,} bytes (the limit is {max_bytes:,})")
            body = _body(r, max_bytes, deadline)
            validators = (r.headers.get("etag", ""), r.headers.get("last-modified", ""))
            return Page(str(r.url), kind, body, *validators)
    except httpx.TimeoutException:
        raise RagError("timed out") from None
    except httpx.ConnectError as e:
        raise RagError(_connect_problem(e)) from None
    except httpx.HTTPError as e:
        raise RagError(f"{type(e).__name__}: {e}".splitlines()[0]) from None


def _body(r: httpx.Response, max_bytes: int, deadline: float) -> bytes:
    """The response body, decoded here rather than by httpx so that ``max_bytes`` bounds what one
    compressed piece may inflate to (a gzip or brotli bomb turns 2 KB into gigabytes)."""
    codings = [c.strip().lower() for c in r.headers.get("content-encoding", "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
        raise RagError(f"refused: content encoding {', '.join(codings)} (at most one gzip or deflate layer)")
    inflate = zlib.decompressobj(zlib.MAX_WBITS | 32) if codings else None  # gzip or zlib header
    body = bytearray()
    try:
        for raw in r.iter_raw():
            if time.monotonic() > deadline:
                raise RagError("timed out")
            while raw:
                if inflate is None:
                    piece, raw = raw, b""
                else:
                    piece = inflate.decompress(raw, max_bytes + 1 - len(body))
                    raw = inflate.unconsumed_tail
                body += piece
                if len(body) > max_bytes:
                    raise RagError(f"too big: over {max_bytes:,} bytes")
    except zlib.error:
        raise RagError("a body that does not decode as its content encoding says") from None
    return bytes(body)


def _checked_url(url: str) -> str:
    """``url`` when it is an http(s) address the HTTP client can parse, else a one-line RagError."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a port that is not a number)
        httpx.URL(url)  # what the client itself refuses: '0177.0.0.1', '[::1'
    except (ValueError, httpx.InvalidURL) as e:
        raise RagError(f"not a valid web address ({str(e).splitlines()[0][:100]}): {url[:200]}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RagError(f"not a web address (http or https): {url[:200]}")
    return url


def _connect_problem(error: Exception) -> str:
    text = str(error).lower()
    if "name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text:
        return "host not found (DNS)"
    if "refused" in text:
        return "connection refused"
    return f"cannot connect: {str(error).splitlines()[0] if str(error) else type(error).__name__}"


def _refuse_private(host: str) -> None:
    """RagError when ``host`` is or resolves to an address inside the machine or its network."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise RagError(f"host not found (DNS): {host}") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if _private(address):
            raise RagError(
                f"refused: {address} is a private, loopback or link-local address"
                " (RAG_PRIVATE_URLS=allow lets a served chat fetch it)"
            )


def _private(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_unspecified
        or address.is_reserved
        or address.is_multicast
        or address == ipaddress.ip_address("100.100.100.200")  # Alibaba's metadata service
    )
