"""The schema, assembled once per process."""

from __future__ import annotations

from collections.abc import Hashable
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
from .shared_events import document_key
from .subscription import Subscription
from .types import SCALARS, MessagePosted, MessageUpdated, shared_results


class SouqSchema(strawberry.Schema):
    """A schema that presents errors to clients with stable codes (see :mod:`.errors`)."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Give expected errors their code; mask and log unexpected ones."""
        present_all(errors, execution_context)


class EventExecution(StrawberryGraphQLCoreExecutionContext):
    """Executes each subscription event with a memo of its own, and a live event once per
    distinct document for everyone it looks the same to (:mod:`.shared_events`).

    graphql-core memoizes sub-selections per execution, keyed by the identity of lists it
    makes afresh for every event, and a subscription's events share the memo: it would grow
    with every event delivered (a few KB each) for as long as the subscription lives.
    """

    _document_key: Hashable | None = None

    def build_per_event_executor(self, payload: Any) -> Any:
        """graphql-core's per-event copy, with an empty memo."""
        if self._document_key is None:  # once per subscription, then copied
            self._document_key = document_key(
                self.operation, self.fragment_definitions, self.variable_values.coerced
            )
        executor = super().build_per_event_executor(payload)
        executor._relevant_sub_fields = {}
        return executor

    def execute_operation(self, serially: bool | None = None) -> Any:
        """Execute, or take the result another subscriber of the same live event and the
        same document got, when the event's view does not depend on its viewer."""
        event = self.root_value
        viewer = self.context_value.known_viewer
        shared = (
            shared_results(event, viewer.id if viewer else None)
            if isinstance(event, MessagePosted | MessageUpdated)
            else None
        )
        if shared is None or self._document_key is None:
            return super().execute_operation(serially)
        return shared.get_or_run(
            self._document_key, lambda: super(EventExecution, self).execute_operation(serially)
        )


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
