"""The schema, assembled once per process."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types import ExecutionContext

from souq.settings import Settings

from .arguments import StorableArguments
from .context import OperationContext
from .errors import present_all
from .limits import limit_extensions
from .mutation import Mutation
from .observed import observed_extensions
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


class EventExecution(StrawberryGraphQLCoreExecutionContext):
    """Executes each subscription event with a memo of its own.

    graphql-core memoizes sub-selections per execution, keyed by the identity of lists it
    makes afresh for every event, and a subscription's events share the memo: it would grow
    with every event delivered (a few KB each) for as long as the subscription lives.
    """

    def build_per_event_executor(self, payload: Any) -> Any:
        """graphql-core's per-event copy, with an empty memo."""
        executor = super().build_per_event_executor(payload)
        executor._relevant_sub_fields = {}
        return executor


def build_schema(settings: Settings) -> strawberry.Schema:
    """The souq schema with the limits of ``settings``."""
    return SouqSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=[
            *limit_extensions(settings),
            OperationContext,
            *observed_extensions(settings),
            StorableArguments,
        ],
        config=StrawberryConfig(scalar_map=SCALARS),
        execution_context_class=EventExecution,
    )


def export_sdl() -> str:
    """The schema in SDL, as committed in ``schema.graphql``."""
    return build_schema(Settings.model_construct()).as_str() + "\n"  # defaults, not the environment
