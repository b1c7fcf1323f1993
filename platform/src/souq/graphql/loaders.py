"""DataLoaders: a page of conversations costs a fixed number of queries, not one per row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from strawberry.dataloader import DataLoader

from souq.events.types import MessageRecord
from souq.services.accounts import Account

if TYPE_CHECKING:
    from souq.runtime import Services


class Loaders:
    """The batch loaders of one request."""

    def __init__(self, services: Services) -> None:
        async def accounts(ids: list[int]) -> list[Account | None]:
            found = await services.accounts.by_ids(ids)
            return [found.get(i) for i in ids]

        async def members(ids: list[int]) -> list[list[int]]:
            found = await services.conversations.member_ids(ids)
            return [found.get(i, []) for i in ids]

        async def last_messages(ids: list[int]) -> list[MessageRecord | None]:
            found = await services.messages.last_messages(ids)
            return [found.get(i) for i in ids]

        self.account = DataLoader(load_fn=accounts)
        self.member_ids = DataLoader(load_fn=members)
        self.last_message = DataLoader(load_fn=last_messages)
