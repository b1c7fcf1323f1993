"""What the schema adds for observability: each operation binds its request id (for log
lines and spans) and is counted; with ``SOUQ_TRACING``, strawberry's OpenTelemetry
extension gives it a span with its parse, validation and resolvers under it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from strawberry.extensions import SchemaExtension

from souq.observability import metrics
from souq.observability.logs import bind_request
from souq.settings import Settings


class ObservedOperation(SchemaExtension):
    """Binds the operation's request id; counts the operation by type and name once it
    starts running (a document that does not parse or validate is counted only by its
    errors)."""

    def on_operation(self) -> Iterator[None]:
        request_id = getattr(self.execution_context.context, "request_id", None)
        if request_id is not None:
            bind_request(request_id)
        yield

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        metrics.graphql_operation(context.operation_type.value, context.operation_name)
        yield


def _no_arguments(arguments: dict[str, Any], info: Any) -> dict[str, Any]:
    """Resolver spans record no arguments: they hold passwords, tokens and messages."""
    return {}


def observed_extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """The extension factories for ``settings`` (after :class:`.context.OperationContext`,
    which gives a WebSocket operation its own request id)."""
    extensions: list[Callable[[], SchemaExtension]] = [ObservedOperation]
    if settings.tracing:  # imports OpenTelemetry: only when tracing
        from strawberry.extensions.tracing import OpenTelemetryExtension

        extensions.append(partial(OpenTelemetryExtension, arg_filter=_no_arguments))
    return extensions
