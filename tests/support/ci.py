"""A test dependency that is missing skips a test locally but fails it in CI (CI=true)."""

import importlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

import pytest


def in_ci() -> bool:
    """CI sets CI=true: there a missing test dependency is a failure, not a skip."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def unavailable(reason: str) -> NoReturn:
    """What a test needs is not here: fail in CI, skip locally (usable at module level too)."""
    if in_ci():
        pytest.fail(f"{reason}: required in CI", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def require(module: str):
    """Import ``module`` for a test file or test; when it is missing, skip here but fail in CI."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        if in_ci():
            pytest.fail(f"{module} is required in CI (make test installs it): {e}", pytrace=False)
        pytest.skip(f"{module} is not installed: {e}", allow_module_level=True)


def require_file(paths: Path | Iterable[Path], what: str) -> Path:
    """The first of ``paths`` that is a file (a file outside the repository, such as a benchmark);
    when none is, skip here but fail in CI."""
    candidates = [Path(paths)] if isinstance(paths, str | os.PathLike) else [Path(p) for p in paths]
    candidates = list(dict.fromkeys(candidates))  # the same place named twice is looked at once
    for path in candidates:
        if path.is_file():
            return path
    unavailable(f"{what} is missing (looked for {', '.join(map(str, candidates))})")
