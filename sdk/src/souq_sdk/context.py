"""The context a handler gets: who invoked it, where, the app's state for both, its shared
documents and the host's clock."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import ClassVar

from souq_sdk.shared import Shared
from souq_sdk.state import STATE_LIMIT, MemoryStateStore, Scope, State, StateStore

__all__ = [
    "STATE_LIMIT",
    "Context",
    "MemoryStateStore",
    "Profile",
    "Scope",
    "State",
    "StateStore",
]


@dataclass(frozen=True)
class Profile:
    """What the person shares with the app: each field is ``None`` unless the person
    grants the app its scope now (``profile.name``, ``profile.phone``)."""

    display_name: str | None = None
    phone: str | None = None
    """E.164 (``+447700900123``), when the person set one and granted ``profile.phone``."""

    SCOPES: ClassVar[dict[str, str]] = {"profile.name": "display_name", "profile.phone": "phone"}
    """Each field, by the scope that lets an app see it."""

    def seen_with(self, granted: Collection[str]) -> Profile:
        """This profile as an app sees it while the person grants it ``granted``: every
        field whose scope is not granted is ``None``."""
        hidden = {name: None for scope, name in self.SCOPES.items() if scope not in granted}
        return replace(self, **hidden)


@dataclass(frozen=True)
class Context:
    """What a handler knows about the call.

    ``person_id`` and ``conversation_id`` are pseudonymous and scoped to the app: stable
    across calls, but another app sees different ids for the same person. ``locale`` is a
    BCP 47 tag such as ``"en"`` or ``"pt-PT"``. ``grants`` holds the scopes the person
    grants the app at the time of the call, ``profile`` the profile fields they grant.
    ``shared`` holds the app's shared documents (:class:`~souq_sdk.shared.Shared`).
    """

    app: str
    person_id: str
    conversation_id: str
    person_state: State
    conversation_state: State
    locale: str = "en"
    profile: Profile = Profile()
    grants: frozenset[str] = frozenset()
    shared: Shared = field(default_factory=Shared)

    @property
    def now(self) -> datetime:
        """The host's clock when the call started (UTC): use it rather than the wall
        clock, so tests can move time."""
        return self.shared.now
