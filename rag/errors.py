"""The one exception type users see: its message is a single line naming the problem."""


class RagError(Exception):
    """A problem with input, configuration or a service, shown to users as one line."""
