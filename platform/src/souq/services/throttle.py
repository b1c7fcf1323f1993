"""Throttling of failed sign-ins, per username and per client address (``limits``)."""

from __future__ import annotations

import math
import time

from limits import parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter

from souq.errors import RateLimited


class LoginThrottle:
    """Counts failed logins; refuses new attempts once a limit is reached."""

    def __init__(self, per_username: str, per_address: str) -> None:
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._per_username = parse(per_username)
        self._per_address = parse(per_address)

    def _keys(self, username: str, address: str) -> list[tuple[object, str]]:
        return [(self._per_username, f"user:{username}"), (self._per_address, f"addr:{address}")]

    async def check(self, username: str, address: str) -> None:
        """Raise ``RateLimited`` if either limit is used up."""
        for limit, key in self._keys(username, address):
            if not await self._limiter.test(limit, "login", key):  # type: ignore[arg-type]
                stats = await self._limiter.get_window_stats(limit, "login", key)  # type: ignore[arg-type]
                retry_after = max(1, math.ceil(stats.reset_time - time.time()))
                raise RateLimited(
                    f"too many failed sign-ins; try again in {retry_after} s",
                    retry_after=retry_after,
                )

    async def failed(self, username: str, address: str) -> None:
        """Record one failed attempt."""
        for limit, key in self._keys(username, address):
            await self._limiter.hit(limit, "login", key)  # type: ignore[arg-type]
