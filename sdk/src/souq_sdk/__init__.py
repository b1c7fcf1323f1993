"""souq-sdk: everything a mini-app developer needs to write a souq app."""

from souq_sdk.hookspecs import hookimpl, hookspec

__all__ = ["hookimpl", "hookspec"]
