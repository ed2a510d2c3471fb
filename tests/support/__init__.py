"""Helpers the tests share: data, servers, the browser, the CLI runner. Imported by tests and
conftest.py; never a test file."""
