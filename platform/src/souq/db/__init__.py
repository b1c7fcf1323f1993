"""Storage: models, engines, the write path and migrations."""
