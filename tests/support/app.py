"""The real chat app served on a free localhost port."""

from collections.abc import Iterator
from contextlib import contextmanager

from tests.support.ports import free_port


@contextmanager
def served(kb) -> Iterator[str]:
    """The chat app for ``kb`` on a free 127.0.0.1 port; yields its URL, closes it afterwards."""
    from rag.api.server import serve

    port = free_port()
    app = serve(kb, port=port, block=False)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        app.close()
