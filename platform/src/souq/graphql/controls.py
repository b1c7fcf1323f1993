"""A person's control over the apps that know them, over GraphQL: the settings view of
every app they used (grants with dates, mute, block), the history of their grants, and
the changes they can make. Everything here is about the signed-in person alone; the rules
live in :mod:`souq.apps.controls` and :mod:`souq.consent`."""

from __future__ import annotations

from datetime import datetime

import strawberry
from souq_sdk.manifest import SCOPES
from strawberry.scalars import JSON

from souq.apps.controls import AppControls
from souq.consent.grants import Action, GrantChange, GrantView, Via

from .context import Info
from .types import BusinessReason, Conversation, Me, parse_id

GrantViaType = strawberry.enum(Via, name="GrantVia", description="How a grant changed.")
GrantActionType = strawberry.enum(
    Action, name="GrantAction", description="What happened to a grant."
)


@strawberry.type(description="A permission an app can ask a person for.")
class ScopeInfo:
    name: str
    description: str = strawberry.field(description="What it lets the app do.")

    @classmethod
    def of(cls, name: str) -> ScopeInfo:
        """The scope ``name`` with its description."""
        return cls(name=name, description=SCOPES[name])


@strawberry.type(description="A scope you granted an app, in force until you revoke it.")
class AppGrant:
    scope: ScopeInfo
    granted_at: datetime
    via: GrantViaType  # type: ignore[valid-type]

    @classmethod
    def of(cls, view: GrantView) -> AppGrant:
        """The GraphQL view of a grant in force."""
        return cls(scope=ScopeInfo.of(view.scope), granted_at=view.granted_at, via=view.via)


@strawberry.type(description="One change to your grants.")
class GrantHistoryEntry:
    id: strawberry.ID
    app: str
    scope: ScopeInfo
    action: GrantActionType  # type: ignore[valid-type]
    via: GrantViaType  # type: ignore[valid-type]
    at: datetime

    @classmethod
    def of(cls, change: GrantChange) -> GrantHistoryEntry:
        """The GraphQL view of one history entry."""
        return cls(
            id=strawberry.ID(str(change.id)),
            app=change.app,
            scope=ScopeInfo.of(change.scope),
            action=change.action,
            via=change.via,
            at=change.at,
        )


@strawberry.type(description="An app you have used, and what you allow it.")
class AppSettings:
    app: str = strawberry.field(description="The app's slug.")
    name: str
    first_used_at: datetime
    last_command_at: datetime | None = strawberry.field(
        description="Your last command to it; a service message may follow within the window."
    )
    muted: bool = strawberry.field(description="Its messages arrive without counting as unread.")
    blocked: bool = strawberry.field(description="Its business messages are refused.")
    grants: list[AppGrant]
    messages_last_30_days: int = strawberry.field(
        description="Business messages it delivered to you in the last 30 days."
    )
    last_message_at: datetime | None = strawberry.field(
        description="When its newest business message to you arrived."
    )
    can_ask_for: list[ScopeInfo] = strawberry.field(
        description="The scopes its approved version may ask for (what you can grant it)."
    )

    @classmethod
    def of(cls, view: AppControls) -> AppSettings:
        """The GraphQL view of one app's settings."""
        relation = view.relation
        return cls(
            app=view.slug,
            name=view.name,
            first_used_at=relation.first_used_at,
            last_command_at=relation.last_command_at,
            muted=relation.muted,
            blocked=relation.blocked,
            grants=[AppGrant.of(g) for g in view.grants],
            messages_last_30_days=view.received,
            last_message_at=view.last_received_at,
            can_ask_for=[ScopeInfo.of(s) for s in view.asks_for],
        )


@strawberry.type
class ControlsQuery:
    @strawberry.field(description="Every app you have used, with what you allow it.")
    async def my_app_settings(self, info: Info) -> list[AppSettings]:
        me = await info.context.require_viewer()
        return [AppSettings.of(v) for v in await info.context.services.controls.apps(me)]

    @strawberry.field(description="The newest changes to your grants, newest first.")
    async def grant_history(
        self, info: Info, app: str | None = None, first: int = 50
    ) -> list[GrantHistoryEntry]:
        me = await info.context.require_viewer()
        changes = await info.context.services.controls.history(me, app, limit=first)
        return [GrantHistoryEntry.of(c) for c in changes]


@strawberry.type
class ControlsMutation:
    @strawberry.mutation(description="Grant an app a scope its approved version asks for.")
    async def grant_scope(self, info: Info, app: str, scope: str) -> AppSettings:
        me = await info.context.require_viewer()
        return AppSettings.of(await info.context.services.controls.grant(me, app, scope))

    @strawberry.mutation(description="Revoke a scope; it holds from the app's next call on.")
    async def revoke_grant(self, info: Info, app: str, scope: str) -> AppSettings:
        me = await info.context.require_viewer()
        return AppSettings.of(await info.context.services.controls.revoke(me, app, scope))

    @strawberry.mutation(description="Mute an app (or unmute it with `muted: false`).")
    async def mute_app(self, info: Info, app: str, muted: bool = True) -> AppSettings:
        me = await info.context.require_viewer()
        return AppSettings.of(await info.context.services.controls.mute(me, app, muted))

    @strawberry.mutation(description="Block an app (or unblock it with `blocked: false`).")
    async def block_app(self, info: Info, app: str, blocked: bool = True) -> AppSettings:
        me = await info.context.require_viewer()
        return AppSettings.of(await info.context.services.controls.block(me, app, blocked))

    @strawberry.mutation(
        description="Make an app forget you: its state about you is deleted, its id for you "
        "changes and your grants to it are revoked."
    )
    async def forget_me(self, info: Info, app: str) -> AppSettings:
        me = await info.context.require_viewer()
        return AppSettings.of(await info.context.services.controls.forget(me, app))

    @strawberry.mutation(
        description="Report a business message you received as spam (once; it counts "
        "against the app's quality rating), and with `block: true` block the app too."
    )
    async def report_message(
        self, info: Info, message_id: strawberry.ID, block: bool = False
    ) -> BusinessReason:
        me = await info.context.require_viewer()
        services = info.context.services
        reason = await services.notices.report(me.id, parse_id(message_id, "messageId"))
        if block:
            await services.controls.block(me, reason.app, True)
        return BusinessReason.of(reason)

    @strawberry.mutation(
        description="Your chat with an app (one served now, or one you have used; created "
        "on first use): where its business messages land and where you can type its "
        "commands without the /slug prefix. Opening it tells the app nothing."
    )
    async def open_app_chat(self, info: Info, app: str) -> Conversation:
        me = await info.context.require_viewer()
        chat = await info.context.services.notices.open_chat(me.id, app)
        return Conversation(view=await info.context.services.conversations.get(me, chat))

    @strawberry.mutation(
        description="Everything souq holds about you, as one JSON document (recorded in "
        "the audit log)."
    )
    async def export_my_data(self, info: Info) -> JSON:
        me = await info.context.require_viewer()
        return await info.context.services.your_data.export(me)

    @strawberry.mutation(
        description="Delete your account, confirmed with your password (recorded in the "
        "audit log): your messages become tombstones, your chats with apps and what apps "
        "keep about you are deleted, you are signed out everywhere."
    )
    async def delete_account(self, info: Info, password: str) -> bool:
        ctx = info.context
        me = await ctx.require_viewer()
        await ctx.services.your_data.delete(me, password, address=ctx.client_address)
        return True

    @strawberry.mutation(
        description="Set your phone number (E.164, e.g. +31612345678), or remove it with null. "
        "Apps see it only while you grant them profile.phone."
    )
    async def set_phone(self, info: Info, phone: str | None) -> Me:
        me = await info.context.require_viewer()
        return Me.of(await info.context.services.accounts.set_phone(me, phone))
