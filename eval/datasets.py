"""Eval datasets: our JSONL case format, and a loader for SQuAD 2.0 JSON.

A case (one JSON object per line):
  question    the question asked (the last turn of a conversation)
  answers     acceptable answer strings (empty when unanswerable)
  support     text in the article that justifies the answer
  answerable  default true; false means the articles don't say and the bot should refuse
  turns       optional earlier user questions, asked first, in order (a multi-turn case)
  article     optional path (relative to the dataset file, or the repo) of the article it is about,
              or squad:<Title> for an article of SQuAD dev-8 (written out like the SQuAD loader does)
  half        optional: tune or check, the half of the articles it belongs to (SQuAD: by article)
  id          optional; defaults to the line number
News cases (eval/news.py scores them by kind) may also give:
  kind        factoid, current, when, story, quote, why, comparison, followup or unanswerable
  story       the story the case belongs to (cases are split into halves by story)
  superseded  current: older values of the figure, no longer current
  key_facts   story: the key facts, each a list of acceptable strings
  sides       a disputed figure: [{"value": ..., "source": outlet}, ...], each to be given with its source
  date        when: the ISO date the answer must give
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from rag.core.errors import RagError

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Case:
    id: str
    question: str
    answers: list[str] = field(default_factory=list)
    support: str = ""
    answerable: bool = True
    turns: list[str] = field(default_factory=list)
    article: str = ""
    half: str = ""  # "tune" or "check": which half of the articles (split by article, never within one)
    kind: str = ""
    story: str = ""
    superseded: list[str] = field(default_factory=list)
    key_facts: list[list[str]] = field(default_factory=list)
    sides: list[dict] = field(default_factory=list)
    date: str = ""


def load(path: Path, workdir: Path, limit: int | None = None, seed: int = 0) -> tuple[list[Path], list[Case]]:
    """The article files to ingest and the cases of a dataset (JSONL or SQuAD 2.0 JSON)."""
    if not path.is_file():
        raise RagError(f"no such dataset: {path}")
    if path.suffix == ".json":
        articles, cases = load_squad(path, workdir)
    else:
        cases = load_jsonl(path)
        articles = sorted({_article_path(c.article, path, workdir) for c in cases if c.article})
    if limit is not None and limit < len(cases):
        cases = sorted(random.Random(seed).sample(cases, limit), key=lambda c: c.id)
    return articles, cases


def load_jsonl(path: Path) -> list[Case]:
    """Cases from a JSONL file; a malformed line is an error naming the file and line."""
    cases = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            case = Case(
                id=str(row.get("id", i)),
                question=row["question"],
                answers=list(row.get("answers", [])),
                support=row.get("support", ""),
                answerable=bool(row.get("answerable", True)),
                turns=list(row.get("turns", [])),
                article=row.get("article", ""),
                half=row.get("half", ""),
                kind=row.get("kind", ""),
                story=row.get("story", ""),
                superseded=list(row.get("superseded", [])),
                key_facts=[list(f) for f in row.get("key_facts", [])],
                sides=[dict(s) for s in row.get("sides", [])],
                date=row.get("date", ""),
            )
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise RagError(f"{path}:{i}: bad case ({type(e).__name__}: {e})") from None
        if case.answerable and not (case.answers or case.support):
            raise RagError(f"{path}:{i}: an answerable case needs answers or support")
        cases.append(case)
    return cases


def load_squad(path: Path, workdir: Path) -> tuple[list[Path], list[Case]]:
    """Write each SQuAD article as a .txt file under ``workdir``; ``is_impossible`` means unanswerable.

    The support of an answerable question is the sentence of the paragraph holding the first answer.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    if "data" not in data:
        raise RagError(f"{path}: not SQuAD JSON (no 'data' key)")
    files, cases = [], []
    tune = set(sorted(a["title"] for a in data["data"])[::2])  # the same halves train_answerability uses
    for article in data["data"]:
        file = _write_squad_article(article, workdir)
        files.append(file)
        half = "tune" if article["title"] in tune else "check"
        for p in article["paragraphs"]:
            for q in p["qas"]:
                cases.append(replace(_squad_case(q, p["context"], str(file)), half=half))
    return files, cases


def _write_squad_article(article: dict, workdir: Path) -> Path:
    """One SQuAD article as a .txt file under ``workdir/articles`` (title line, then its paragraphs)."""
    folder = workdir / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    title = article["title"].replace("_", " ")
    file = folder / f"{re.sub(r'[^A-Za-z0-9]+', '-', title).strip('-')}.txt"
    body = "\n\n".join(p["context"].strip() for p in article["paragraphs"])
    file.write_text(f"Title: {title}\n\n{body}\n", encoding="utf-8")
    return file


def _squad_case(q: dict, context: str, article: str) -> Case:
    answers = list(dict.fromkeys(a["text"] for a in q.get("answers", [])))
    impossible = bool(q.get("is_impossible")) or not answers
    support = ""
    if not impossible:
        start = q["answers"][0]["answer_start"]
        left = max(context.rfind(". ", 0, start) + 2, 0) if context.rfind(". ", 0, start) >= 0 else 0
        right = context.find(". ", start)
        support = context[left : right + 1 if right >= 0 else len(context)].strip()
    return Case(
        q["id"], q["question"].strip(), [] if impossible else answers, support, not impossible, [], article
    )


SQUAD_PATHS = (ROOT.parent / "shared" / "benchmarks" / "squad2-dev-8.json",
               Path("/work/shared/benchmarks/squad2-dev-8.json"))  # fmt: skip


def _article_path(name: str, dataset: Path, workdir: Path) -> Path:
    if name.startswith("squad:"):
        squad = next((p for p in SQUAD_PATHS if p.is_file()), None)
        data = json.loads(squad.read_text(encoding="utf-8"))["data"] if squad else []
        article = next((a for a in data if a["title"] == name.removeprefix("squad:")), None)
        if article is None:
            raise RagError(f"{dataset}: article not found: {name}")
        return _write_squad_article(article, workdir).resolve()
    for base in (dataset.parent, ROOT):
        if (base / name).exists():
            return (base / name).resolve()
    raise RagError(f"{dataset}: article not found: {name}")
