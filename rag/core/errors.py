"""The one exception type users see: its message is a single line naming the problem."""


class RagError(Exception):
    """A problem with input, configuration or a service, shown to users as one line."""


def first_line(e: BaseException) -> str:
    """The first line of an exception's message (at most 300 characters), else its type's name: what
    a RagError wrapping a library's exception quotes of it."""
    text = str(e).strip().splitlines()
    return text[0][:300] if text else type(e).__name__


class Forbidden(RagError):
    """The user or key may not do this (a reader's write, another's collection): HTTP 403."""


class NotFound(RagError):
    """No such collection, article or model: HTTP 404."""


class Unauthorized(RagError):
    """No credentials, or wrong or revoked ones: HTTP 401."""
