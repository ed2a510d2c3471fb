"""Verifier dev set: a rule-based generator of faithful and corrupted claims, and its scorer."""
