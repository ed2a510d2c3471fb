"""Removing articles (rag remove, KnowledgeBase.remove): gone from dense and BM25 search, in this
process and in another sharing the index, and kept out of later folder syncs."""

import json
import subprocess
import sys

import pytest

import rag
from rag.core.errors import RagError
from rag.text.terms import terms
from tests.support.corpus import ROOT

FERRY = "Title: Ferry fares\nSource: Harbour Post\n\nThe Inchmurrin ferry fare rose to 7 pounds on Monday.\n"
PIER = (
    "Title: Pier reopens\nSource: Coast Times\n\nThe Saltcoats pier reopened after nine months of repairs.\n"
)
QUESTION = "How much is the Inchmurrin ferry fare?"


def titles(kb, query: str) -> set[str]:
    return {h.title for h in kb.search(query, k=5)}


def lexical_titles(kb, query: str) -> set[str]:
    kb.lexical.ensure()
    return {m.get("title") for _, m, _ in kb.lexical.search(terms(query), 5)}


@pytest.fixture
def library(tmp_path, embedder):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "ferry.txt").write_text(FERRY)
    (folder / "pier.txt").write_text(PIER)
    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    assert len(kb.sync(folder).added) == 2
    return kb, folder


def test_removed_by_path_is_gone_from_dense_and_bm25_search_and_stays_out_of_syncs(library):
    kb, folder = library
    assert "Ferry fares" in titles(kb, QUESTION) and "Ferry fares" in lexical_titles(kb, QUESTION)
    assert kb.remove([str(folder / "ferry.txt")]) == ["Ferry fares"]
    assert "Ferry fares" not in titles(kb, QUESTION) and "Ferry fares" not in lexical_titles(kb, QUESTION)
    assert "7 pounds" not in kb.ask(QUESTION).text
    assert not kb.sync(folder).added  # the file is still there, but it was removed on purpose
    assert kb.stats()["articles"] == 1
    assert kb.ingest([folder / "ferry.txt"]).added == ["Ferry fares"]  # named again: back


def test_removed_by_id_or_source_and_unknown_names_fail_with_one_line(library):
    kb, _ = library
    pier = next(a["id"] for a in kb.stats()["list"] if a["title"] == "Pier reopens")
    assert kb.remove([pier]) == ["Pier reopens"]
    assert kb.remove(source="Harbour Post") == ["Ferry fares"]
    assert kb.stats()["articles"] == 0
    with pytest.raises(RagError, match="no stored article matches 'nope'"):
        kb.remove(["nope"])
    with pytest.raises(RagError, match="no stored article has the source 'Nobody'"):
        kb.remove(source="Nobody")


def test_another_process_sharing_the_index_stops_returning_it(library):
    kb, folder = library
    assert "Ferry fares" in titles(kb, QUESTION) and "Ferry fares" in lexical_titles(kb, QUESTION)
    home = str(kb.settings.home)
    run = subprocess.run([sys.executable, "-m", "rag", "--home", home, "remove", str(folder / "ferry.txt")],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)  # fmt: skip
    assert run.returncode == 0 and "removed 1 article: Ferry fares" in run.stdout, run.stderr
    assert "Ferry fares" not in titles(kb, QUESTION)  # dense and fused search, on the next query
    assert "Ferry fares" not in lexical_titles(kb, QUESTION)  # its BM25 index caught up
    unknown = subprocess.run([sys.executable, "-m", "rag", "--home", home, "remove", "--source", "Nobody"],
                             capture_output=True, text=True, timeout=300, cwd=ROOT)  # fmt: skip
    assert unknown.returncode != 0 and "no stored article has the source 'Nobody'" in unknown.stderr
    assert "Traceback" not in unknown.stderr


def test_remove_through_the_api_and_the_articles_tab_with_confirmation(library, browser):
    import pytest as _pytest
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    from tests.support.app import served

    kb, _ = library
    with served(kb) as url:
        client = Client(url, verbose=False)
        pier = next(
            a["id"] for a in client.predict(api_name="/stats")["list"] if a["title"] == "Pier reopens"
        )
        assert client.predict([pier], None, api_name="/remove") == {"removed": ["Pier reopens"]}
        with _pytest.raises(AppError, match=r"^no stored article matches 'nope' \(see: rag stats\)$"):
            client.predict(["nope"], None, api_name="/remove")
        page = browser.new_page()
        page.goto(url)
        page.get_by_role("tab", name="Articles").click()
        page.wait_for_function("() => document.querySelector('#stats').innerText.includes('Ferry fares')")
        assert (
            page.locator("#remove-confirm").count() == 0 or not page.locator("#remove-confirm").is_visible()
        )
        page.locator("#remove-pick input").click()
        page.get_by_role("option", name="Ferry fares (Harbour Post)").click()
        page.locator("#remove").click()
        page.locator("#remove-confirm").click()  # nothing is removed before this second click
        page.wait_for_function(
            "() => document.querySelector('#ingest-result').innerText.includes('Removed: Ferry fares')",
            timeout=20000,
        )
        assert "Ferry fares" not in page.locator("#stats").inner_text()
        from tests.support.browser import ask_in_page

        page.get_by_role("tab", name="Chat").click()
        ask_in_page(page, QUESTION)  # asked in the same page: the removed article is not cited
        assert "7 pounds" not in page.locator("#chat").inner_text()
        assert "Ferry fares" not in page.locator("#sources").inner_text()
        answer = client.predict(QUESTION, None, "", None, api_name="/ask")
        assert "7 pounds" not in answer["text"]
    assert kb.stats()["articles"] == 0


def test_removing_an_upload_deletes_its_saved_file(tmp_path, embedder):
    from rag.ui.app import ChatApp

    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    given = tmp_path / "ferry.txt"
    given.write_text(FERRY)
    app = ChatApp(kb)
    assert app.ingest([str(given)])["added"] == ["Ferry fares"]
    saved = list((tmp_path / "home" / "uploads").iterdir())
    assert len(saved) == 1
    assert app.remove([kb.stats()["list"][0]["id"]]) == {"removed": ["Ferry fares"]}
    assert not saved[0].exists() and kb.stats()["articles"] == 0


def test_rag_ingest_of_a_folder_keeps_a_removed_file_out_like_a_sync(library):
    kb, folder = library
    kb.remove([str(folder / "ferry.txt")])
    home = str(kb.settings.home)
    run = subprocess.run([sys.executable, "-m", "rag", "--home", home, "ingest", str(folder)],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)  # fmt: skip
    assert run.returncode == 0 and "0 added" in run.stdout, run.stdout + run.stderr
    assert "Ferry fares" not in titles(kb, QUESTION)


@pytest.mark.parametrize("content", ["[]", "null", '"text"'])
def test_a_damaged_removed_list_does_not_stop_ingest(tmp_path, embedder, content):
    """Issue 24.17: removed.json holding [] or null made every ingest fail with AttributeError."""
    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    (tmp_path / "home" / "removed.json").write_text(content)
    doc = tmp_path / "ferry.txt"
    doc.write_text("Title: Ferry fares\n\nThe ferry fare rose to 7 pounds on Monday.")
    report = kb.ingest([doc])
    assert report.added == ["Ferry fares"] and not report.failed


RECORDS = [
    {"title": "Ferry fares", "text": "The Inchmurrin ferry fare rose to 7 pounds on Monday."},
    {"title": "Pier reopens", "text": "The Saltcoats pier reopened after nine months of repairs."},
    {"title": "Crane repaired", "text": "The harbour crane was repaired at a cost of three million euros."},
]


def _jsonl(path, records=RECORDS):
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def _id(kb, title: str) -> str:
    return next(a["id"] for a in kb.stats()["list"] if a["title"] == title)


def test_removing_one_record_of_a_synced_jsonl_keeps_the_others(tmp_path, embedder):
    """Issue 24.11: removed.json recorded the whole file, so the next sync dropped its other records."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    _jsonl(folder / "harbour.jsonl")
    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    assert len(kb.sync(folder).added) == 3
    assert kb.remove([_id(kb, "Pier reopens")]) == ["Pier reopens"]
    report = kb.sync(folder)
    assert not report.removed and not report.added
    assert {a["title"] for a in kb.stats()["list"]} == {"Ferry fares", "Crane repaired"}
    assert "Pier reopens" not in titles(kb, "When did the Saltcoats pier reopen?")
    assert kb.ingest([folder / "harbour.jsonl"]).added == ["Pier reopens"]  # named again: all back
    assert kb.stats()["articles"] == 3


def test_removing_one_record_of_an_upload_keeps_its_file_and_the_others(tmp_path, embedder):
    """Issue 24.11: through the app, the whole uploaded file was deleted (the other records then lost
    on the next reindex); the file goes only with its last record."""
    from rag.ui.app import ChatApp

    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    app = ChatApp(kb)
    app.ingest([str(_jsonl(tmp_path / "harbour.jsonl"))])
    [saved] = (tmp_path / "home" / "uploads").iterdir()
    assert app.remove([_id(kb, "Pier reopens")]) == {"removed": ["Pier reopens"]}
    assert saved.exists()
    assert not kb.ingest([tmp_path / "home" / "uploads"]).added  # as rag reindex reads the uploads
    assert {a["title"] for a in kb.stats()["list"]} == {"Ferry fares", "Crane repaired"}
    app.remove([_id(kb, "Ferry fares"), _id(kb, "Crane repaired")])
    assert not saved.exists() and kb.stats()["articles"] == 0
