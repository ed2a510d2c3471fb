"""Collections (issue 27): named knowledge bases in one home, each with its own articles, vectors, BM25
index, feeds and removed list; an article added to one is never found from another, by dense or BM25
search, in this process or another; the default collection is the home as it was before."""

import json

import pytest

import rag
from rag import collections
from rag.core.errors import NotFound, RagError
from rag.sources import feeds
from rag.text.terms import terms
from tests.support.cli import one_error_line, rag_process

RACE = (
    "Title: Glenmoor hill climb\nSource: Valley Courier\nDate: 2025-11-30\n\n"
    "Ines Varga won the Glenmoor hill climb on Sunday in 14 minutes and 12 seconds, "
    "a course record for the cycling race.\n"
)
FERRY = "Title: Ferry fares\nSource: Harbour Post\nDate: 2025-11-28\n\nThe ferry fare rose to 7 pounds.\n"
QUESTION = "Who won the Glenmoor hill climb cycling race?"


@pytest.fixture
def home(tmp_path, embedder):
    """A home whose default collection holds the ferry story and whose 'sport' collection the race."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ferry.txt").write_text(FERRY)
    (docs / "race.txt").write_text(RACE)
    home = tmp_path / "home"
    news = rag.open(home=home, embedder=embedder)
    news.ingest([docs / "ferry.txt"])
    collections.create(news.settings, "sport")
    sport = rag.open(home=home, embedder=embedder, collection="sport")
    assert sport.ingest([docs / "race.txt"]).added == ["Glenmoor hill climb"]
    return home


def _ids(kb, question: str) -> dict[str, set[str]]:
    """The articles dense search and BM25 search each find for ``question`` (no filter, 10 deep)."""
    vector = kb.embedder().encode([question])[0]
    dense = {m["article_id"] for _, _, m, _ in kb.store.query(vector, 10, None)}
    kb.lexical.ensure()
    lexical = {m["article_id"] for _, m, _ in kb.lexical.search(terms(question), 10)}
    return {"dense": dense, "bm25": lexical}


def test_an_article_of_one_collection_is_never_found_from_another(home, embedder):
    news = rag.open(home=home, embedder=embedder)
    sport = rag.open(home=home, embedder=embedder, collection="sport")
    race = next(iter(sport.store.articles()))
    ferry = next(iter(news.store.articles()))
    assert _ids(sport, QUESTION) == {"dense": {race}, "bm25": {race}}
    found = _ids(news, QUESTION)
    assert race not in found["dense"] | found["bm25"] and found["dense"] == {ferry}
    assert news.ask(QUESTION).abstained
    assert "Ines Varga" in sport.ask(QUESTION).text


def test_another_process_keeps_the_collections_apart(home):
    asked = {}
    for name in ("articles", "sport"):
        proc = rag_process("--home", str(home), "--collection", name, "search", QUESTION, "--json")
        assert proc.returncode == 0, proc.stderr
        asked[name] = {h["title"] for h in json.loads(proc.stdout)}
    assert asked == {"articles": {"Ferry fares"}, "sport": {"Glenmoor hill climb"}}
    listed = rag_process("--home", str(home), "collections")
    assert listed.stdout.splitlines() == [
        "articles  1 article, 1 passage  (default)",
        "sport  1 article, 1 passage",
    ]
    line = one_error_line(rag_process("--home", str(home), "--collection", "sprot", "ask", QUESTION))
    assert line == "rag: error: no collection 'sprot' here (create it with: rag collections create sprot)"
    assert "sprot" not in collections.names(rag.open(home=home).settings)  # asking did not make it


def test_feeds_and_removed_lists_are_per_collection_and_the_default_stays_where_it_was(home, embedder):
    news = rag.open(home=home, embedder=embedder)
    sport = rag.open(home=home, embedder=embedder, collection="sport")
    feeds.add(sport.settings.data, "https://example.org/sport.xml")
    assert news.settings.data == home and sport.settings.data == home / "collections" / "sport"
    assert feeds.load(news.settings.data) == {} and list(feeds.load(sport.settings.data)) == [
        "https://example.org/sport.xml"
    ]
    sport.remove([next(iter(sport.store.articles()))])
    assert (home / "collections" / "sport" / "removed.json").exists()  # a sync of sport skips its file
    assert not (home / "removed.json").exists()  # ... and the default collection's list knows nothing of it
    assert news.store.count() == 1  # the other collection is untouched


def test_delete_takes_a_collection_and_its_files_and_never_the_default(home, embedder):
    settings = rag.open(home=home, embedder=embedder).settings
    with pytest.raises(RagError, match="the default collection 'articles' cannot be deleted"):
        collections.delete(settings, "articles")
    with pytest.raises(RagError, match="exists already"):
        collections.create(settings, "sport")
    with pytest.raises(RagError, match="a collection name must have 3-40 characters"):
        collections.create(settings, "../etc")
    collections.delete(settings, "sport")
    assert collections.names(settings) == ["articles"] and not (home / "collections" / "sport").exists()
    with pytest.raises(NotFound, match="no collection 'sport' here"):
        collections.existing(settings, "sport")
    assert rag.open(home=home, embedder=embedder).store.count() == 1
