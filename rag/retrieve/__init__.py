"""Retrieve stage: hybrid dense + BM25 search, filtered and fused with sentence coverage."""
