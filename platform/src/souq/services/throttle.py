"""Throttling of sign-ins and registrations (``limits``, moving windows).

The design follows OWASP's guidance on brute-force protection without handing strangers
a way to lock people out:

* Every attempt is counted *before* the password is hashed, with one atomic
  test-and-hit per limit, so parallel guesses can never get more hashes than a limit
  allows.
* Sign-ins are limited per (username, address) pair tightly, per address, and per
  username globally (slower: it catches guessing spread over many addresses).
* A successful sign-in clears its pair's counter and makes the pair *known* for
  :data:`KNOWN_FOR` seconds. A known pair is exempt from the global per-username limit,
  so strangers who use that limit up cannot lock the owner out from where they usually
  sign in (the pair and per-address limits still apply to it).
* Registrations are limited per address (they cost a hash and can probe for taken
  usernames).

Counters live in Redis when ``SOUQ_REDIS_URL`` is set, so every process counts against the
same limits; otherwise in the process (see :func:`counter_storage`).
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter

from souq.errors import RateLimited
from souq.observability import metrics

KNOWN_FOR = 30 * 24 * 3600
"""How long (seconds) an address stays known for a username after a successful sign-in."""


def counter_storage(redis_url: str | None, *, prefix: str) -> Storage:
    """Where rate-limit counters live: in Redis at ``redis_url`` (shared by every process
    using it, under keys starting with ``prefix``), or in this process's memory."""
    if redis_url is None:
        return MemoryStorage()
    if redis_url.startswith("unix://"):
        uri = "async+redis+unix://" + redis_url.removeprefix("unix://")
    else:
        uri = "async+" + redis_url
    return RedisStorage(uri, implementation="redispy", key_prefix=prefix)


class LoginThrottle:
    """Admits or refuses sign-in and registration attempts before any password is hashed."""

    def __init__(
        self,
        *,
        per_username_and_address: str,
        per_username: str,
        per_address: str,
        registrations_per_address: str,
        storage: Storage | None = None,
    ) -> None:
        self._storage = storage or MemoryStorage()
        self._limiter = MovingWindowRateLimiter(self._storage)
        self._per_pair = parse(per_username_and_address)
        self._per_username = parse(per_username)
        self._per_address = parse(per_address)
        self._registrations = parse(registrations_per_address)

    async def login_attempt(self, username: str, address: str) -> None:
        """Count one sign-in attempt, or raise ``RateLimited`` if a limit is used up.

        Limits are hit in order (pair, address, username) and the first one that is used
        up refuses the attempt, which then costs nothing against the later ones.
        """
        await self._hit(self._per_pair, "login-pair", username, address)
        await self._hit(self._per_address, "login-address", address)
        if not await self._storage.get(self._known_key(username, address)):
            await self._hit(self._per_username, "login-username", username)

    async def login_succeeded(self, username: str, address: str) -> None:
        """Clear the pair's counter and remember the address as known for ``username``."""
        await self._limiter.clear(self._per_pair, "login-pair", username, address)
        key = self._known_key(username, address)
        await self._storage.clear(key)
        await self._storage.incr(key, KNOWN_FOR)

    async def registration_attempt(self, address: str) -> None:
        """Count one registration attempt from ``address``, or raise ``RateLimited``."""
        await self._hit(self._registrations, "register-address", address)

    async def _hit(self, limit: RateLimitItem, *identifiers: str) -> None:
        if await self._limiter.hit(limit, *identifiers):
            return
        stats = await self._limiter.get_window_stats(limit, *identifiers)
        retry_after = max(1, math.ceil(stats.reset_time - time.time()))
        registering = identifiers[0].startswith("register")
        metrics.throttled("registration" if registering else "sign-in")
        action = "registrations" if registering else "sign-in attempts"
        raise RateLimited(
            f"too many {action}; try again in {retry_after} s", retry_after=retry_after
        )

    @staticmethod
    def _known_key(username: str, address: str) -> str:
        return f"login-known/{username}/{address}"
