"""Shared fixtures: one real embedder per session, real Chroma folders under tmp dirs, headless
Chromium per test module. Helpers that are not fixtures live in tests/support/."""

import os
import tempfile
from pathlib import Path

# Offline, quiet, and independent of the user's shell: set before rag (or chromadb/litellm) is imported.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"
os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
os.environ["TOKENIZERS_PARALLELISM"] = "false"
# Local-server status files (rag/llm/local/server.py) go to a folder of this run, not the user's.
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="rag-test-state-")
for _name in [n for n in os.environ if n.startswith("RAG_")]:
    del os.environ[_name]

import pytest  # noqa: E402

import rag  # noqa: E402
from rag.embed.embedder import Embedder  # noqa: E402
from tests.support.browser import CHROMIUM_ARGS  # noqa: E402
from tests.support.ci import require  # noqa: E402
from tests.support.corpus import CORPUS, RECORDS, TOPICS, write_topics  # noqa: E402


@pytest.fixture(autouse=True)
def _no_rag_env(monkeypatch):
    """RAG_* variables of the user's shell must not change what a test sees."""
    for name in [n for n in os.environ if n.startswith("RAG_")]:
        monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def embedder(tmp_path_factory):
    """The default backend (as rag.open() would load it), exported once into a session folder."""
    from rag.core.config import Settings

    return Embedder(backend=Settings().embed_backend, cache_dir=tmp_path_factory.mktemp("models"))


@pytest.fixture
def kb(tmp_path, embedder):
    """An empty knowledge base in its own folder."""
    return rag.open(home=tmp_path / "home", embedder=embedder)


@pytest.fixture(scope="session")
def sample_home(tmp_path_factory, embedder):
    """A home folder holding the sample article (corpus/), ingested once per session."""
    home = tmp_path_factory.mktemp("sample") / "home"
    report = rag.open(home=home, embedder=embedder).ingest([CORPUS])
    assert report.added and not report.failed
    return home


@pytest.fixture(scope="session")
def sample_kb(sample_home, embedder):
    """Read-only: tests must not ingest into it."""
    return rag.open(home=sample_home, embedder=embedder)


@pytest.fixture(scope="session")
def topics_kb(tmp_path_factory, embedder):
    """Read-only: the tiny topic articles plus the JSON records, ingested once per session."""
    base = tmp_path_factory.mktemp("topics")
    kb = rag.open(home=base / "home", embedder=embedder)
    report = kb.ingest([write_topics(base / "docs")])
    assert not report.failed, report.failed
    assert len(report.added) == len(TOPICS) + len(RECORDS)
    return kb


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium driven by Playwright (never a downloaded browser); in CI a missing
    Playwright or Chromium fails the test instead of skipping it."""
    playwright = require("playwright.sync_api")
    assert Path("/usr/bin/chromium").exists(), "make test installs Debian's chromium"
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()
