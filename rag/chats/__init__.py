"""Saved conversations (SQLite) and their Markdown export."""
