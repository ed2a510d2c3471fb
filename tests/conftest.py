"""Shared fixtures: one real embedder per session, real Chroma folders under tmp dirs."""

import importlib
import json
import os
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Offline, quiet, and independent of the user's shell: set before rag (or chromadb/litellm) is imported.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"
os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
os.environ["TOKENIZERS_PARALLELISM"] = "false"
# Local-server status files (rag/local/server.py) go to a folder of this run, not the user's.
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="rag-test-state-")
for _name in [n for n in os.environ if n.startswith("RAG_")]:
    del os.environ[_name]

import pytest  # noqa: E402

import rag  # noqa: E402
from rag.embed import Embedder  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SAMPLE = CORPUS / "ukraine-peace-talks.txt"

# Tiny articles on distinct topics: (file name, content, a question only that article answers, its title).
TOPICS = [
    (
        "volcano.txt",
        "Title: Volcano erupts near Grindavik\n\n"
        "A volcano on the Reykjanes peninsula in Iceland erupted on Friday night. "
        "Lava fountains reached 50 metres and a lava flow crept toward the fishing town of Grindavik. "
        "Residents were evacuated and the Blue Lagoon spa was closed as a precaution.",
        "Which town was threatened by the lava flow in Iceland?",
        "Volcano erupts near Grindavik",
    ),
    (
        "chess.md",
        "# Chess champion keeps her crown\n\n"
        "The world chess championship ended in Madrid on Sunday when the defending champion drew the "
        "final game. She kept the title after a tense rapid tiebreak against her younger challenger. "
        "The match lasted fourteen classical games.",
        "Who kept the world chess title after the tiebreak?",
        "Chess champion keeps her crown",
    ),
    (
        "bakery.html",
        "<html><head><title>Sourdough bakery opens in Lyon</title>"
        "<script>var tracking = 'SCRIPTMARKER';</script></head><body>"
        "<nav>Home | NAVMARKER | Contact</nav>"
        "<article><h1>Sourdough bakery opens</h1>"
        "<p>A family bakery specialising in sourdough bread and croissants opened in Lyon this week.</p>"
        "<p>The bakers use a starter that is forty years old and bake every loaf in a wood-fired oven.</p>"
        "</article><footer>FOOTERMARKER copyright</footer></body></html>",
        "Where did the sourdough bakery open?",
        "Sourdough bakery opens",  # the page's headline (its h1), as the article extractor reads it
    ),
]
# JSON records with source and date, for the filter tests.
RECORDS = [
    {
        "title": "Central bank raises interest rates",
        "text": "The central bank raised its main interest rate by a quarter point to fight inflation. "
        "Mortgage costs are expected to rise for millions of households.",
        "source": "Reuters",
        "date": "2024-03-05",
        "url": "https://example.com/rates",
    },
    {
        "title": "Glacier retreat measured in the Alps",
        "text": "Scientists measured a record retreat of Alpine glaciers this summer after a heatwave. "
        "The Rhone glacier lost more ice than in any year since measurements began.",
        "source": "AP",
        "date": "2024-07-20",
        "url": "https://example.com/glacier",
    },
    {
        "title": "Electric ferry crosses the fjord",
        "text": "A battery-powered electric ferry began carrying passengers across the Oslo fjord. "
        "The ferry charges its batteries at the dock in ten minutes between crossings.",
        "source": "Reuters",
        "date": "2025-01-15",
        "url": "https://example.com/ferry",
    },
]


def in_ci() -> bool:
    """CI sets CI=true: there a missing test dependency is a failure, not a skip."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require(module: str):
    """Import ``module`` for a test file or test; when it is missing, skip here but fail in CI."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        if in_ci():
            pytest.fail(f"{module} is required in CI (make test installs it): {e}", pytrace=False)
        pytest.skip(f"{module} is not installed: {e}", allow_module_level=True)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(kb) -> Iterator[str]:
    """The chat app for ``kb`` on a free 127.0.0.1 port; yields its URL, closes it afterwards."""
    from rag.ui_serve import serve

    port = free_port()
    app = serve(kb, port=port, block=False)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        app.close()


def write_topics(folder: Path) -> Path:
    """The tiny topic articles and the JSON records, as real files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content, _, _ in TOPICS:
        (folder / name).write_text(content, encoding="utf-8")
    (folder / "wire.json").write_text(json.dumps(RECORDS), encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def _no_rag_env(monkeypatch):
    """RAG_* variables of the user's shell must not change what a test sees."""
    for name in [n for n in os.environ if n.startswith("RAG_")]:
        monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def embedder(tmp_path_factory):
    """The default backend (as rag.open() would load it), exported once into a session folder."""
    from rag.config import Settings

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
