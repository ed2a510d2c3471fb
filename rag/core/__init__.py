"""The values, settings and errors every stage shares; nothing here imports another stage."""
