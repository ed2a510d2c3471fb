"""The eval harness: datasets, metrics, runner and reports (``rag eval`` / ``python -m eval``)."""
