"""A live event resolved once per distinct subscription, its bytes shared by every socket.

When a message reaches a group, every member subscribed in this process receives the same
broker event. Each one's ``events`` subscription would execute its document against it
and encode the result on its own: for a group of 1,000, a thousand times the same work.
Instead:

- :class:`RecentEvents` turns one broker event into one GraphQL event object for every
  subscriber that receives it (kept by identity for the last few events);
- that object carries a :class:`SharedResults`: the execution result of each distinct
  (document, variables) against it, made by the first subscriber that needs it and reused
  by the others; the data is a :class:`SharedData`, which encodes itself to JSON once;
- the socket handler sends a shared result as that JSON inside the operation's frame;
- every further subscriber whose result is already known does not execute the event at
  all: its ``events`` stream writes the known frame through its operation's
  :class:`Outlet` (set for each operation by the socket handler), past graphql-core's and
  strawberry's per-event pipeline, and takes the next event.

Only results that do not depend on who views them are shared: whether a message's view
depends on its viewer is :func:`~.types.depends_on_viewer`'s to say (a private message, an
app's message with its ``why``, the sender's own ``clientMessageId``). Who receives an
event at all is the broker's audience, fixed when the message was committed, unchanged.
"""

from __future__ import annotations

import asyncio
import json
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Mapping
from contextvars import ContextVar
from typing import Any, Protocol

from graphql import (
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    Node,
    OperationDefinitionNode,
    VariableNode,
    Visitor,
    print_ast,
    visit,
)

from souq.events import types as events

RECENT_EVENTS = 64
"""How many recent broker events keep their shared GraphQL object (a subscriber further
behind than that resolves its event on its own: the same result, only not shared)."""


class SharedData(dict[str, Any]):
    """A result's ``data``, shared by subscribers: encoded to JSON once, on first use."""

    _json: str | None = None

    def payload_json(self) -> str:
        """``{"data": ...}``, as the ``payload`` of a graphql-transport-ws ``next`` frame."""
        if self._json is None:
            self._json = json.dumps({"data": self}, separators=(",", ":"))
        return self._json


class Outlet(Protocol):
    """Where one subscription operation's frames go: its socket, under its id."""

    async def send_shared(self, data: SharedData) -> None:
        """Send ``data`` as the operation's next result (nothing once it has ended)."""


OUTLET: ContextVar[Outlet | None] = ContextVar("souq_live_outlet", default=None)
"""The outlet of the operation the current task runs (set by the socket handler for each
operation's task; unset over HTTP)."""


def document_key(
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
) -> Hashable:
    """What a subscription event's result depends on besides the event: the selection under
    each root field, the fragments, and the variables used there. (The root field's own
    arguments, such as ``events(after:)``, only shape the stream; each event resolves the
    root field to the event itself.)"""
    parts: list[str] = []
    nodes: list[Node] = []
    for selection in operation.selection_set.selections:
        if isinstance(selection, FieldNode):
            alias = selection.alias.value if selection.alias else ""
            below = print_ast(selection.selection_set) if selection.selection_set else ""
            directives = " ".join(print_ast(d) for d in selection.directives or ())
            parts.append(f"{alias}:{selection.name.value} {directives} {below}")
            nodes.extend([*(selection.directives or ()), *filter(None, [selection.selection_set])])
        else:
            parts.append(print_ast(selection))
            nodes.append(selection)
    for name in sorted(fragments):
        fragment = fragments[name]
        parts.append(print_ast(fragment))
        nodes.append(fragment)
    used: set[str] = set()

    class Variables(Visitor):
        def enter_variable(self, node: VariableNode, *_: Any) -> None:
            used.add(node.name.value)

    for node in nodes:
        visit(node, Variables())
    values = json.dumps({name: variables.get(name) for name in sorted(used)}, default=repr)
    return ("\n".join(parts), values)


class SharedResults:
    """The execution results of one live event, one per distinct document and variables."""

    def __init__(self) -> None:
        self._results: dict[Hashable, ExecutionResult | asyncio.Future[ExecutionResult]] = {}

    def known(self, key: Hashable) -> SharedData | None:
        """The shared data under ``key`` if a subscriber already got it, else ``None``."""
        found = self._results.get(key)
        return found.data if isinstance(found, ExecutionResult) else None  # type: ignore[return-value]

    def get_or_run(
        self, key: Hashable, run: Callable[[], ExecutionResult | Awaitable[ExecutionResult]]
    ) -> ExecutionResult | Awaitable[ExecutionResult]:
        """The result under ``key``, running ``run`` for it the first time.

        A result without errors gets :class:`SharedData`; one with errors is not kept (the
        next subscriber runs again). An awaitable result runs once as its own task, every
        subscriber awaiting it shielded (one subscriber leaving does not cancel the others').
        """
        found = self._results.get(key)
        if isinstance(found, ExecutionResult):
            return found
        if found is None:
            result = run()
            if isinstance(result, ExecutionResult):
                return self._keep(key, result)
            found = asyncio.ensure_future(self._settle(key, result))
            self._results[key] = found
        return asyncio.shield(found)

    async def _settle(self, key: Hashable, result: Awaitable[ExecutionResult]) -> ExecutionResult:
        try:
            return self._keep(key, await result)
        except BaseException:
            self._results.pop(key, None)
            raise

    def _keep(self, key: Hashable, result: ExecutionResult) -> ExecutionResult:
        if result.errors or result.data is None:
            self._results.pop(key, None)
            return result
        shared = ExecutionResult(SharedData(result.data), None, result.extensions)
        self._results[key] = shared
        return shared


class RecentEvents:
    """One GraphQL event object per broker event, for the last :data:`RECENT_EVENTS` events.

    Entries hold their broker event, so an event's identity cannot be taken by another
    while it is remembered.
    """

    def __init__(self, size: int = RECENT_EVENTS) -> None:
        self._size = size
        self._views: OrderedDict[int, tuple[events.MessageEvent, Any]] = OrderedDict()

    def view_of(self, event: events.MessageEvent, make: Callable[[], Any]) -> Any:
        """The GraphQL object of ``event``: the one made before, or ``make()``."""
        entry = self._views.get(id(event))
        if entry is not None and entry[0] is event:
            return entry[1]
        view = make()
        self._views[id(event)] = (event, view)
        if len(self._views) > self._size:
            self._views.popitem(last=False)
        return view
