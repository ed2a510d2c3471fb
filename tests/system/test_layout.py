"""The package's layout: one folder per stage, every import pointing down, no circle.

Stages, lowest first; a module may import from its own stage or a lower one. Imports inside
functions count too: a lazy import is still a dependency.
"""

import ast
from pathlib import Path

import pytest

RAG = Path(__file__).resolve().parents[2] / "rag"
STAGES = [
    "core",  # values, settings, errors, state files
    "text",  # language tools: terms, sentences, dates, names, word relations
    "sources",  # files, web pages, feeds, PDF/DOCX -> articles
    "embed",  # MiniLM vectors
    "store",  # Chroma + BM25
    "index",  # articles chunked, embedded, stored; copies, removals
    "llm",  # litellm, prompts, budgets, the local model
    "question",  # checked, made standalone, weighed, its wanted type
    "retrieve",  # hybrid search
    "verify",  # each sentence against what it cites
    "answer",  # the cited answer: extractive or LLM, phrase, refusal
    "chats",  # saved conversations, Markdown export
    "access",  # users, API keys, roles: who may do what
    "kb",  # the knowledge base rag.open() returns: rag/__init__, kb, recover, compact
    "ui",  # the browser chat
    "api",  # the REST API, the OpenAI-compatible endpoint, and the server that mounts the chat
    "cli",  # the rag command (and python -m rag)
]
TOP = {
    "rag": "kb",
    "rag.kb": "kb",
    "rag.collections": "kb",
    "rag.recover": "kb",
    "rag.compact": "kb",
    "rag.__main__": "cli",
}
MAX_LINES = 210


def modules(root: Path = RAG) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package (a package is its __init__)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that module ``name`` imports, anywhere in it."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:  # rag.x.y.func -> rag.x.y
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def stage(name: str) -> str:
    return TOP.get(name) or name.split(".")[1]


def graph(root: Path = RAG) -> dict[str, set[str]]:
    known = modules(root)
    return {name: imports(name, path, known) for name, path in known.items()}


def upward(edges: dict[str, set[str]]) -> list[str]:
    """'importer -> imported' for every import from a lower stage to a higher one."""
    rank = {s: i for i, s in enumerate(STAGES)}
    return sorted(
        f"{a} ({stage(a)}) -> {b} ({stage(b)})"
        for a, targets in edges.items()
        for b in targets
        if rank[stage(b)] > rank[stage(a)]
    )


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a longer loop (Tarjan)."""
    index, low, on, stack, found, counter = {}, {}, set(), [], [], [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_every_module_belongs_to_a_declared_stage():
    unknown = sorted(n for n in modules() if stage(n) not in STAGES)
    assert not unknown, f"modules outside the declared stages: {unknown}"


def test_every_import_points_to_the_same_stage_or_a_lower_one():
    assert upward(graph()) == []


def test_no_module_imports_itself_round_a_circle():
    assert circles(graph()) == []


def test_modules_stay_short():
    long = {n: k for n, p in modules().items() if (k := len(p.read_text().splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines (split them by concept): {long}"


@pytest.mark.parametrize(
    "files, problem",
    [
        ({"core/a.py": "from rag.answer import b\n", "answer/b.py": ""}, "upward"),
        ({"core/a.py": "def f():\n    from rag.answer.b import g\n", "answer/b.py": ""}, "upward"),
        ({"text/a.py": "from rag.text import b\n", "text/b.py": "from rag.text.a import x\n"}, "circle"),
        (
            {
                "text/a.py": "from rag.text.b import x\n",
                "text/b.py": "from . import c\n",
                "text/c.py": "import rag.text.a\n",
            },
            "circle",
        ),
    ],
)
def test_the_checks_catch_a_backward_import_and_a_circle(tmp_path, files, problem):
    root = tmp_path / "rag"
    packages = {"__init__.py": "", "core/__init__.py": "", "text/__init__.py": "", "answer/__init__.py": ""}
    for rel, text in {**packages, **files}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    edges = graph(root)
    assert bool(upward(edges)) == (problem == "upward")
    assert bool(circles(edges)) == (problem == "circle")
