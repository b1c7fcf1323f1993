"""Write operations."""

from __future__ import annotations

import strawberry

from .context import Info
from .controls import ControlsMutation
from .money import MoneyMutation
from .review import ReviewMutation
from .types import AuthPayload, Conversation, Me, Message, parse_id


@strawberry.type
class Mutation(ReviewMutation, MoneyMutation, ControlsMutation):
    @strawberry.mutation(description="Create an account and sign in; throttled per address.")
    async def register(
        self, info: Info, username: str, password: str, display_name: str | None = None
    ) -> AuthPayload:
        ctx = info.context
        accounts = ctx.services.accounts
        account = await accounts.register(
            username, password, display_name=display_name, address=ctx.client_address
        )
        token = await accounts.issue_token(account.id, label="register")
        return AuthPayload(token=token, me=Me.of(account))

    @strawberry.mutation(description="Sign in; failed attempts are throttled.")
    async def login(self, info: Info, username: str, password: str) -> AuthPayload:
        ctx = info.context
        token = await ctx.services.accounts.login(username, password, address=ctx.client_address)
        account = await ctx.services.accounts.authenticate(token)
        assert account is not None
        return AuthPayload(token=token, me=Me.of(account))

    @strawberry.mutation(description="Revoke the token this request was made with.")
    async def logout(self, info: Info) -> bool:
        ctx = info.context
        await ctx.require_viewer()
        assert ctx.token is not None
        return await ctx.services.accounts.logout(ctx.token)

    @strawberry.mutation(
        description="Your direct conversation with someone (created on first use)."
    )
    async def open_direct_conversation(self, info: Info, username: str) -> Conversation:
        me = await info.context.require_viewer()
        return Conversation(
            view=await info.context.services.conversations.open_direct(me, username)
        )

    @strawberry.mutation(description="A new group that you own.")
    async def create_group(self, info: Info, title: str, usernames: list[str]) -> Conversation:
        me = await info.context.require_viewer()
        view = await info.context.services.conversations.create_group(me, title, usernames)
        return Conversation(view=view)

    @strawberry.mutation(description="Add people to a group you own.")
    async def add_members(
        self, info: Info, conversation_id: strawberry.ID, usernames: list[str]
    ) -> Conversation:
        me = await info.context.require_viewer()
        cid = parse_id(conversation_id, "conversation")
        return Conversation(
            view=await info.context.services.conversations.add_members(me, cid, usernames)
        )

    @strawberry.mutation(description="Remove someone from a group you own.")
    async def remove_member(
        self, info: Info, conversation_id: strawberry.ID, username: str
    ) -> Conversation:
        me = await info.context.require_viewer()
        cid = parse_id(conversation_id, "conversation")
        return Conversation(
            view=await info.context.services.conversations.remove_member(me, cid, username)
        )

    @strawberry.mutation(description="Leave a group.")
    async def leave_conversation(self, info: Info, conversation_id: strawberry.ID) -> bool:
        me = await info.context.require_viewer()
        await info.context.services.conversations.leave(
            me, parse_id(conversation_id, "conversation")
        )
        return True

    @strawberry.mutation(
        description=(
            "Send a message. It is committed before the answer; a retry with the same "
            "clientMessageId returns the original message and creates nothing. A body "
            "starting with / is a command: it is kept private to you, the app runs, and its "
            "first reply is committed before the answer."
        )
    )
    async def send_message(
        self, info: Info, conversation_id: strawberry.ID, body: str, client_message_id: str
    ) -> Message:
        me = await info.context.require_viewer()
        cid = parse_id(conversation_id, "conversation")
        record = await info.context.services.invocations.send(me, cid, body, client_message_id)
        return Message.of(record)

    @strawberry.mutation(
        description=(
            "Press a button on an app's message you can see. The app answers with a new "
            "message or by updating the card; returns that message. A retry with the same "
            "clientId returns the first result and runs the app once."
        )
    )
    async def press_button(
        self, info: Info, message_id: strawberry.ID, button_id: str, client_id: str
    ) -> Message:
        me = await info.context.require_viewer()
        mid = parse_id(message_id, "message")
        record = await info.context.services.invocations.press(me, mid, button_id, client_id)
        return Message.of(record)

    @strawberry.mutation(
        description="Mark everything up to seq as read (the marker never moves back)."
    )
    async def mark_read(self, info: Info, conversation_id: strawberry.ID, seq: int) -> Conversation:
        me = await info.context.require_viewer()
        cid = parse_id(conversation_id, "conversation")
        return Conversation(view=await info.context.services.messages.mark_read(me, cid, seq))
