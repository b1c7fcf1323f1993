"""``souq schema``: print the GraphQL schema."""

from __future__ import annotations

from souq.graphql.schema import export_sdl


def schema() -> None:
    """Print the GraphQL schema (SDL); the repository keeps it in schema.graphql."""
    print(export_sdl(), end="")
