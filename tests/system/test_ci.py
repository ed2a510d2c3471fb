"""The test suite's own guard: a missing dependency skips a test locally but fails it in CI."""

import pytest

from tests.support.ci import require


def test_missing_dependency_skips_locally(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no_such_module_for_rag"):
        require("no_such_module_for_rag")


@pytest.mark.parametrize("value", ["true", "1", "True"])
def test_missing_dependency_fails_in_ci(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="required in CI"):
        require("no_such_module_for_rag")


def test_present_dependency_is_returned(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert require("json").dumps([]) == "[]"
