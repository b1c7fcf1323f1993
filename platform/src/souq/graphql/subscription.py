"""Live operations over WebSocket (graphql-transport-ws)."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from souq.errors import BadInput
from souq.events import types as events

from .context import Info
from .shared_events import OUTLET, RecentEvents, SharedResults, document_key
from .types import (
    ConversationLeft,
    Event,
    Message,
    MessagePosted,
    MessageUpdated,
    SeenInput,
    parse_id,
    shared_results,
)

RECENT_EVENTS = RecentEvents()
"""This process's live events, each turned into one GraphQL object for all its subscribers."""


def _view(event: events.MessageEvent) -> MessagePosted | MessageUpdated:
    kind = MessageUpdated if isinstance(event, events.MessageUpdated) else MessagePosted
    return kind(message=Message.of(event.message), shared=SharedResults())


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description=(
            "Everything new in your conversations. Pass `after` (the last seq you have of "
            "each conversation) to first receive what you missed, then live events, with "
            "no gap and no repeat; conversations you do not list replay from the start. "
            "Without `after`, live events only. `after` lists at most "
            "`limits.maxReplayConversations` conversations. A stream that falls more than "
            "`limits.liveBufferEvents` events behind ends with `FELL_BEHIND`: subscribe "
            "again with `after` to resume."
        )
    )
    async def events(
        self, info: Info, after: list[SeenInput] | None = None
    ) -> AsyncGenerator[Event, None]:
        ctx = info.context
        cap = ctx.services.settings.max_replay_conversations
        if after is not None and len(after) > cap:
            raise BadInput(
                f"after lists {len(after)} conversations; the limit is {cap}", field="after"
            )
        me = await ctx.require_viewer()
        seen = None
        if after is not None:
            seen = {}
            for item in after:
                if item.seq < 0:
                    raise BadInput("seq must not be negative", field="after")
                seen[parse_id(item.conversation_id, "conversation")] = item.seq
        outlet = OUTLET.get()
        raw = info._raw_info  # the fragments are not on strawberry's Info
        key = document_key(raw.operation, raw.fragments, info.variable_values)
        async for event in ctx.services.live.stream(me, seen):
            if isinstance(event, events.ConversationLeft):
                yield ConversationLeft(conversation_id=strawberry.ID(str(event.conversation_id)))
                continue
            view = RECENT_EVENTS.view_of(event, lambda event=event: _view(event))
            results = shared_results(view, me.id) if outlet is not None else None
            shared = results.known(key) if results is not None else None
            if outlet is not None and shared is not None:
                # Another subscriber with this document already resolved this event: its
                # frame goes straight to this socket, without executing it again.
                await outlet.send_shared(shared)
            else:
                yield view
