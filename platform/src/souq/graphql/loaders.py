"""DataLoaders: a page of conversations costs a fixed number of queries, not one per row."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import cached_property
from typing import TYPE_CHECKING

from strawberry.dataloader import DataLoader

from souq.apps.notices import Reason
from souq.events.types import MessageRecord
from souq.services.accounts import Account

if TYPE_CHECKING:
    from souq.runtime import Services


class Loaders:
    """The batch loaders of one request, on behalf of its signed-in viewer.

    Each loader is made on first use: most requests use one or none, and a WebSocket
    holds two sets for as long as it is open (its connection's and its operation's), which
    the collector walks in every full collection (docs/scaling.md).
    """

    def __init__(self, services: Services, viewer: Callable[[], Awaitable[Account]]) -> None:
        self._services = services
        self._viewer = viewer

    @cached_property
    def account(self) -> DataLoader[int, Account | None]:
        """Accounts by id."""
        services = self._services

        async def accounts(ids: list[int]) -> list[Account | None]:
            found = await services.accounts.by_ids(ids)
            return [found.get(i) for i in ids]

        return DataLoader(load_fn=accounts)

    @cached_property
    def member_ids(self) -> DataLoader[int, list[int]]:
        """The member ids of conversations by id."""
        services = self._services

        async def members(ids: list[int]) -> list[list[int]]:
            found = await services.conversations.member_ids(ids)
            return [found.get(i, []) for i in ids]

        return DataLoader(load_fn=members)

    @cached_property
    def last_message(self) -> DataLoader[int, MessageRecord | None]:
        """The last message the viewer may see of conversations by id."""
        services, viewer = self._services, self._viewer

        async def last_messages(ids: list[int]) -> list[MessageRecord | None]:
            found = await services.messages.last_messages(await viewer(), ids)
            return [found.get(i) for i in ids]

        return DataLoader(load_fn=last_messages)

    @cached_property
    def unread_count(self) -> DataLoader[int, int]:
        """The viewer's unread count of conversations by id."""
        services, viewer = self._services, self._viewer

        async def unread(ids: list[int]) -> list[int]:
            found = await services.messages.unread_counts(await viewer(), ids)
            return [found.get(i, 0) for i in ids]

        return DataLoader(load_fn=unread)

    @cached_property
    def why(self) -> DataLoader[int, Reason | None]:
        """Why souq let business messages by id reach the viewer."""
        services, viewer = self._services, self._viewer

        async def reasons(ids: list[int]) -> list[Reason | None]:
            found = await services.notices.reasons((await viewer()).id, ids)
            return [found.get(i) for i in ids]

        return DataLoader(load_fn=reasons)
