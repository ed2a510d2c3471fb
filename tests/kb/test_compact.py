"""`rag compact` erases for good what removal only deletes (issue 24, item 5): after a removal the
article's text is still in the index's files; after compacting it is in none, and the rest is kept."""

import json

import rag
from tests.support.cli import rag_process

SECRET = "Quillfeather"  # a word only the article to take down holds


def _files_holding(folder, word: str) -> list[str]:
    needle = word.encode()
    return sorted(
        str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()
    )


def test_compact_erases_a_removed_articles_text_and_keeps_the_rest(tmp_path, embedder):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "leak.txt").write_text(f"Title: Leak\n\nThe informant {SECRET} met the minister on Monday.\n")
    (docs / "ferry.txt").write_text("Title: Ferry fares\n\nThe Inchmurrin ferry fare rose to 7 pounds.\n")
    home = tmp_path / "home"
    kb = rag.open(home=home, embedder=embedder)
    kb.ingest([docs])
    chunks = kb.stats()["chunks"]
    kb.remove([str(docs / "leak.txt")])
    del kb
    (docs / "leak.txt").unlink()  # the takedown: the file goes too
    assert _files_holding(home, SECRET)  # removed, but still on disk: what compact is for
    run = rag_process("--home", str(home), "compact")
    assert run.returncode == 0 and f"compacted: {chunks - 1} chunks kept" in run.stdout, run.stderr
    assert _files_holding(home, SECRET) == []
    assert sorted(p.name for p in home.iterdir() if p.name.startswith(("chroma", ".compact"))) == ["chroma"]
    stats = json.loads(rag_process("--home", str(home), "stats", "--json").stdout)
    assert stats["articles"] == 1 and stats["chunks"] == chunks - 1
    found = json.loads(rag_process("--home", str(home), "search", "Inchmurrin ferry fare", "--json").stdout)
    assert found[0]["title"] == "Ferry fares"
    assert rag_process("--home", str(home), "ingest", str(docs)).returncode == 0  # still writable


def test_compact_needs_an_index(tmp_path):
    run = rag_process("--home", str(tmp_path / "nothing"), "compact")
    assert (
        run.returncode == 1
        and run.stderr.strip() == f"rag: error: no index to compact in {tmp_path}/nothing/chroma"
    )
