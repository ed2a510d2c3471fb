"""News articles as files with Title/Source/Date headers, ingested into a real knowledge base."""

from pathlib import Path

import rag


def article(title: str, source: str, day: str, *paragraphs: str) -> str:
    """An article file's text: header lines, then the paragraphs separated by blank lines."""
    return f"Title: {title}\nSource: {source}\nDate: {day}\n\n" + "\n\n".join(paragraphs) + "\n"


def news_kb(tmp_path: Path, embedder, articles: dict[str, str], **settings):
    """A knowledge base in ``tmp_path/home`` holding ``articles`` (file name -> text, from ``article``)
    written to ``tmp_path/news``."""
    folder = tmp_path / "news"
    folder.mkdir(exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text)
    kb = rag.open(home=tmp_path / "home", embedder=embedder, **settings)
    kb.ingest([folder])
    return kb
