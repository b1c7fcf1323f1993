"""The schema, assembled once per process."""

from __future__ import annotations

import json
from collections.abc import Hashable
from typing import Any

import strawberry
from graphql import FieldNode, GraphQLError, Node, VariableNode, Visitor, print_ast, visit
from graphql.execution import Executor
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
from .types import SCALARS, MessagePosted, MessageUpdated, depends_on_viewer


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
        if self._document_key is None:
            self._document_key = document_key(self)  # once per subscription, then copied
        executor = super().build_per_event_executor(payload)
        executor._relevant_sub_fields = {}
        return executor

    def execute_operation(self, serially: bool | None = None) -> Any:
        """Execute, or take the result another subscriber of the same live event and the
        same document got, when the event's view does not depend on its viewer."""
        event = self.root_value
        if (
            not isinstance(event, MessagePosted | MessageUpdated)
            or event.shared is None
            or self._document_key is None
        ):
            return super().execute_operation(serially)
        viewer = self.context_value.known_viewer
        if depends_on_viewer(event.message.record, viewer.id if viewer else None):
            return super().execute_operation(serially)
        return event.shared.get_or_run(
            self._document_key, lambda: super(EventExecution, self).execute_operation(serially)
        )


def document_key(executor: Executor) -> Hashable:
    """What a subscription event's result depends on besides the event: the selection under
    each root field, the fragments, and the variables used there. (The root field's own
    arguments, such as ``events(after:)``, only shape the stream; each event resolves the
    root field to the event itself.)"""
    parts: list[str] = []
    nodes: list[Node] = []
    for selection in executor.operation.selection_set.selections:
        if isinstance(selection, FieldNode):
            alias = selection.alias.value if selection.alias else ""
            below = print_ast(selection.selection_set) if selection.selection_set else ""
            directives = " ".join(print_ast(d) for d in selection.directives or ())
            parts.append(f"{alias}:{selection.name.value} {directives} {below}")
            nodes.extend([*(selection.directives or ()), *filter(None, [selection.selection_set])])
        else:
            parts.append(print_ast(selection))
            nodes.append(selection)
    for name in sorted(executor.fragment_definitions):
        fragment = executor.fragment_definitions[name]
        parts.append(print_ast(fragment))
        nodes.append(fragment)
    used: set[str] = set()

    class Variables(Visitor):
        def enter_variable(self, node: VariableNode, *_: Any) -> None:
            used.add(node.name.value)

    for node in nodes:
        visit(node, Variables())
    coerced = executor.variable_values.coerced
    values = json.dumps({name: coerced.get(name) for name in sorted(used)}, default=repr)
    return ("\n".join(parts), values)


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
