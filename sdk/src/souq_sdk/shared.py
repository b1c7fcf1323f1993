"""Shared documents: the app's state that every call of the app can read and write.

Person and conversation state belong to one person or one conversation. What many people
share (a showing's seats, a flight's passengers, a transfer waiting for an answer) lives
in **shared documents**, named by the app::

    seats = context.shared["show:dune-20261201-1900"]      # a State, loaded on first use
    if seats.get("A5") is None:
        seats.set("A5", {"by": context.person_id, "until": ...})

A document is loaded the first time a call uses it, and saved with the call's reply (in
one transaction) only if the call changed it and succeeded. If another call saved it in
between, the call runs again on the fresh documents, so "read, check, write" on a
document is atomic: of two people taking the same free seat at once, exactly one gets it.

``shared.now`` (``context.now`` in commands) is the host's clock at the call: use it
instead of the wall clock, so tests can move time (``AppHarness.advance``).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from souq_sdk.errors import StateError
from souq_sdk.state import State

MAX_NAME = 64
"""The longest document name."""

MAX_DOCUMENTS = 20
"""Most documents one call may use."""

Loaded = tuple[dict[str, Any], int]
"""A document as stored: its data and its version (0: never saved)."""

Loader = Callable[[str], Awaitable[Loaded]]
"""How the host (or the harness) reads a document of the app by name."""


async def _nothing_saved(_name: str) -> Loaded:
    return {}, 0


class Shared:
    """The shared documents of one app, as one call sees them, and the call's clock.

    ``shared[name]`` gives a document (a :class:`~souq_sdk.context.State`) in sync
    handlers; async handlers ``await shared.aget(name)`` (the sync form refuses to run on
    the event loop, where it would stall it). Both load a document once per call.
    """

    def __init__(
        self,
        app: str = "",
        loader: Loader = _nothing_saved,
        *,
        now: datetime | None = None,
        loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        self.app = app
        self.now = now or datetime.now(UTC)
        """The host's clock when the call started (UTC)."""
        self._loader = loader
        self._loop = loop
        self._documents: dict[str, State] = {}
        self._versions: dict[str, int] = {}
        self._lock = threading.Lock()

    def __getitem__(self, name: str) -> State:
        """The document ``name``, loading it on first use (in sync handlers)."""
        found = self._documents.get(name)
        if found is not None:
            return found
        self._check(name)
        if _on_a_loop():
            raise StateError(
                f"App {self.app!r}: in an async handler, use await shared.aget({name!r})"
            )
        if self._loop is None:
            loaded = asyncio.run(self._loader(name))
        else:
            loaded = asyncio.run_coroutine_threadsafe(self._loader(name), self._loop).result()
        return self._keep(name, loaded)

    async def aget(self, name: str) -> State:
        """The document ``name``, loading it on first use (in async handlers)."""
        found = self._documents.get(name)
        if found is not None:
            return found
        self._check(name)
        return self._keep(name, await self._loader(name))

    def changed(self) -> list[tuple[str, State, int]]:
        """The documents this call changed, each with the version it loaded."""
        return [(n, s, self._versions[n]) for n, s in self._documents.items() if s.changed]

    def saved(self, name: str, version: int) -> None:
        """Note that the host saved ``name`` as ``version`` (a stream saves as it goes)."""
        self._versions[name] = version

    def _check(self, name: str) -> None:
        if not isinstance(name, str) or not 1 <= len(name) <= MAX_NAME:
            raise StateError(
                f"App {self.app!r}: a shared document's name is 1 to {MAX_NAME} characters"
            )
        if len(self._documents) >= MAX_DOCUMENTS:
            raise StateError(
                f"App {self.app!r}: a call may use at most {MAX_DOCUMENTS} shared documents"
            )

    def _keep(self, name: str, loaded: Loaded) -> State:
        data, version = loaded
        with self._lock:  # two threads of one call loading the same name keep the first
            if name not in self._documents:
                self._documents[name] = State(data, app=self.app, scope="shared")
                self._versions[name] = version
            return self._documents[name]


def _on_a_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
