"""A test dependency that is missing skips a test locally but fails it in CI (CI=true)."""

import importlib
import os

import pytest


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
