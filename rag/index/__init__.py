"""Index stage: articles from sources chunked, embedded and written to the store; copies and removals."""
