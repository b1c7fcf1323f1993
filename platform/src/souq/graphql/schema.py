"""The schema, assembled once per process."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from souq.settings import Settings

from .arguments import StorableArguments
from .errors import present_all
from .limits import limit_extensions
from .mutation import Mutation
from .query import Query
from .subscription import Subscription
from .types import SCALARS


class SouqSchema(strawberry.Schema):
    """A schema that presents errors to clients with stable codes (see :mod:`.errors`)."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Give expected errors their code; mask and log unexpected ones."""
        present_all(errors, execution_context)


def build_schema(settings: Settings) -> strawberry.Schema:
    """The souq schema with the limits of ``settings``."""
    return SouqSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=[*limit_extensions(settings), StorableArguments],
        config=StrawberryConfig(scalar_map=SCALARS),
    )


def export_sdl() -> str:
    """The schema in SDL, as committed in ``schema.graphql``."""
    return build_schema(Settings.model_construct()).as_str() + "\n"  # defaults, not the environment
