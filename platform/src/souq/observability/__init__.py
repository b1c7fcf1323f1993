"""Metrics, traces and structured logs of a souq process (docs/deploying.md)."""
