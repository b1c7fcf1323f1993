"""DataLoaders: a page of conversations costs a fixed number of queries, not one per row."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from strawberry.dataloader import DataLoader

from souq.apps.notices import Reason
from souq.events.types import MessageRecord
from souq.services.accounts import Account

if TYPE_CHECKING:
    from souq.runtime import Services


class Loaders:
    """The batch loaders of one request, on behalf of its signed-in viewer."""

    def __init__(self, services: Services, viewer: Callable[[], Awaitable[Account]]) -> None:
        async def accounts(ids: list[int]) -> list[Account | None]:
            found = await services.accounts.by_ids(ids)
            return [found.get(i) for i in ids]

        async def members(ids: list[int]) -> list[list[int]]:
            found = await services.conversations.member_ids(ids)
            return [found.get(i, []) for i in ids]

        async def last_messages(ids: list[int]) -> list[MessageRecord | None]:
            found = await services.messages.last_messages(await viewer(), ids)
            return [found.get(i) for i in ids]

        async def unread(ids: list[int]) -> list[int]:
            found = await services.messages.unread_counts(await viewer(), ids)
            return [found.get(i, 0) for i in ids]

        async def reasons(ids: list[int]) -> list[Reason | None]:
            found = await services.notices.reasons((await viewer()).id, ids)
            return [found.get(i) for i in ids]

        self.account = DataLoader(load_fn=accounts)
        self.member_ids = DataLoader(load_fn=members)
        self.last_message = DataLoader(load_fn=last_messages)
        self.unread_count = DataLoader(load_fn=unread)
        self.why = DataLoader(load_fn=reasons)
