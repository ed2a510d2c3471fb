"""Answer stage: the cited answer from retrieved passages, extractive or written by an LLM, then verified."""
