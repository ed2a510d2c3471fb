"""LLM calls (litellm), prompt templates, token budgets, and the local llama.cpp model."""
