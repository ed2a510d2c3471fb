"""Store stage: Chroma (the source of truth for chunks and vectors) and the BM25 index kept beside it."""
