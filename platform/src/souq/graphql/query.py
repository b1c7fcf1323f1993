"""Read operations."""

from __future__ import annotations

import strawberry

from souq.errors import ErrorCode

from .context import Info
from .controls import ControlsQuery
from .cursors import activity_cursor, parse_activity_cursor
from .money import MoneyQuery
from .review import ReviewQuery
from .types import (
    DEFAULT_PAGE,
    App,
    AppRef,
    CommandSuggestion,
    Connection,
    Conversation,
    Edge,
    ErrorCodeType,
    Limits,
    Me,
    command_of,
    connection,
    page_size,
    parse_id,
)


@strawberry.type
class Query(ReviewQuery, MoneyQuery, ControlsQuery):
    @strawberry.field(description="The signed-in account.")
    async def me(self, info: Info) -> Me:
        return Me.of(await info.context.require_viewer())

    @strawberry.field(description="One of your conversations (not found if you are not a member).")
    async def conversation(self, info: Info, id: strawberry.ID) -> Conversation:
        me = await info.context.require_viewer()
        view = await info.context.services.conversations.get(me, parse_id(id, "conversation"))
        return Conversation(view=view)

    @strawberry.field(description="Your conversations, most recently active first.")
    async def conversations(
        self, info: Info, first: int | None = DEFAULT_PAGE, after: str | None = None
    ) -> Connection[Conversation]:
        ctx = info.context
        me = await ctx.require_viewer()
        size = page_size(first, ctx.services.settings, "first")
        views, has_more = await ctx.services.conversations.page(
            me,
            first=DEFAULT_PAGE if size is None else size,
            after=parse_activity_cursor(after) if after else None,
        )
        edges = [
            Edge(cursor=activity_cursor(v.last_activity_at, v.id), node=Conversation(view=v))
            for v in views
        ]
        return connection(edges, has_previous=after is not None, has_next=has_more)

    @strawberry.field(
        description="The mini-apps you can use here: each approved app, with its approved commands."
    )
    async def apps(self, info: Info) -> list[App]:
        await info.context.require_viewer()
        return [App.of(app.manifest) for app in await info.context.services.gate.served()]

    @strawberry.field(
        description="Commands matching what you typed so far (`/`, `/fo`, `/food m`)."
    )
    async def command_suggestions(
        self, info: Info, conversation_id: strawberry.ID, prefix: str
    ) -> list[CommandSuggestion]:
        me = await info.context.require_viewer()
        cid = parse_id(conversation_id, "conversation")
        found = await info.context.services.invocations.suggestions(me, cid, prefix)
        return [
            CommandSuggestion(
                app=AppRef(slug=s.app.slug, name=s.app.name),
                command=command_of(s.app.slug, s.command),
            )
            for s in found
        ]

    @strawberry.field(description="Every limit the server enforces (no sign-in needed).")
    def limits(self, info: Info) -> Limits:
        return Limits.of(info.context.services.settings)

    @strawberry.field(description="Every error code clients may see in `errors[].extensions.code`.")
    def error_codes(self) -> list[ErrorCodeType]:  # type: ignore[valid-type]
        return list(ErrorCode)
