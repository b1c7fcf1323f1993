"""The accounts of recently used bearer tokens, remembered for a moment in one process.

Every request names its token, and looking it up in the database costs each request a
call into SQLite on the event loop, which hands the interpreter to the writer thread and
waits to take it back (about as long as the rest of a ``sendMessage``, measured
2026-12-01). Remembered here, a token in steady use is looked up about once a second.

Whatever changes a person's access in this process (logout, a role, a phone number, a
deleted account: :class:`~souq.services.accounts.Accounts` calls :meth:`forget`) is
forgotten before the change is announced, so the next request looks it up afresh. A
lookup that started before a change and finishes after it is not remembered (the
generation counter). Changes made by another process (the ``souq`` CLI on the same
database) count here within ``max_age`` seconds: that bound is why entries expire.

Only for a process whose live events stay in process: behind Redis, every process would
need the change before the next request, which pub/sub cannot promise.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .accounts import Account

MAX_ENTRIES = 10_000


class TokenCache:
    """Token hash -> account, each for at most ``max_age`` seconds (``clock`` is
    monotonic seconds), at most ``max_entries`` of them."""

    def __init__(
        self,
        max_age: float,
        *,
        max_entries: int = MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_age = max_age
        self.max_entries = max_entries
        self._clock = clock
        self._entries: dict[str, tuple[float, Account]] = {}
        self.generation = 0
        """Bumped by every :meth:`forget`: a lookup from an older generation is not kept."""

    def get(self, hashed: str) -> Account | None:
        """The account remembered for a token's hash, if it is fresh."""
        entry = self._entries.get(hashed)
        if entry is None:
            return None
        expires, account = entry
        if self._clock() >= expires:
            del self._entries[hashed]
            return None
        return account

    def put(self, hashed: str, account: Account, generation: int) -> None:
        """Remember ``account`` for a token's hash, looked up in ``generation``."""
        if generation != self.generation:
            return  # someone's access changed while it was looked up
        if len(self._entries) >= self.max_entries:
            self._entries.clear()  # rare: as many people as entries within max_age
        self._entries[hashed] = (self._clock() + self.max_age, account)

    def forget(self, user_id: int) -> None:
        """Forget every token of ``user_id`` (and any lookup under way)."""
        self.generation += 1
        for hashed in [h for h, (_, a) in self._entries.items() if a.id == user_id]:
            del self._entries[hashed]
