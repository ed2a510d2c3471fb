"""The test suite's own guard: a missing dependency skips a test locally but fails it in CI.

Each case catches both outcomes and says which it wants: ``pytest.raises(pytest.fail.Exception)`` alone
would let a wrong skip through as a skip of this very test, which is what the guard is against."""

import pytest

from tests.support.ci import require, require_file, unavailable

OUTCOMES = (pytest.skip.Exception, pytest.fail.Exception)


def outcome(call, *args) -> BaseException:
    """The skip or failure ``call(*args)`` ends the test with (an AssertionError when it returns)."""
    try:
        returned = call(*args)
    except OUTCOMES as e:
        return e
    raise AssertionError(f"returned {returned!r} instead of skipping or failing")


def test_missing_dependency_skips_locally(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    e = outcome(require, "no_such_module_for_rag")
    assert isinstance(e, pytest.skip.Exception) and "no_such_module_for_rag" in str(e)


@pytest.mark.parametrize("value", ["true", "1", "True"])
def test_missing_dependency_fails_in_ci(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    e = outcome(require, "no_such_module_for_rag")
    assert isinstance(e, pytest.fail.Exception) and "required in CI" in str(e)


def test_present_dependency_is_returned(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert require("json").dumps([]) == "[]"


def test_missing_file_skips_locally(monkeypatch, tmp_path):
    monkeypatch.delenv("CI", raising=False)
    e = outcome(require_file, tmp_path / "nope.json", "the benchmark")
    assert isinstance(e, pytest.skip.Exception)
    assert str(e) == f"the benchmark is missing (looked for {tmp_path / 'nope.json'})"


@pytest.mark.parametrize("value", ["true", "1"])
def test_missing_file_fails_in_ci(monkeypatch, tmp_path, value):
    monkeypatch.setenv("CI", value)
    e = outcome(require_file, [tmp_path / "nope.json", tmp_path / "nor.json"], "the benchmark")
    assert isinstance(e, pytest.fail.Exception)
    assert str(e) == (
        f"the benchmark is missing (looked for {tmp_path / 'nope.json'}, {tmp_path / 'nor.json'}): "
        "required in CI"
    )


def test_present_file_is_the_first_that_exists(monkeypatch, tmp_path):
    monkeypatch.setenv("CI", "true")
    (tmp_path / "b.json").write_text("{}")
    (tmp_path / "c.json").write_text("{}")
    found = require_file([tmp_path / "a.json", tmp_path / "b.json", tmp_path / "c.json"], "the benchmark")
    assert found == tmp_path / "b.json"
    assert require_file(str(tmp_path / "c.json"), "the benchmark") == tmp_path / "c.json"


def test_a_folder_is_not_the_file(monkeypatch, tmp_path):
    monkeypatch.setenv("CI", "true")
    assert isinstance(outcome(require_file, tmp_path, "the benchmark"), pytest.fail.Exception)


def test_unavailable_fails_in_ci_and_skips_locally(monkeypatch):
    monkeypatch.setenv("CI", "true")
    e = outcome(unavailable, "no ONNX")
    assert isinstance(e, pytest.fail.Exception) and str(e) == "no ONNX: required in CI"
    monkeypatch.setenv("CI", "false")
    e = outcome(unavailable, "no ONNX")
    assert isinstance(e, pytest.skip.Exception) and str(e) == "no ONNX"
