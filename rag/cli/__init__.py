"""The ``rag`` command: subcommands, terminal output, benchmarks."""
