"""The REST API under /v1, the OpenAI-compatible endpoint, and the server that mounts the chat beside them."""
