"""What every resolver gets: the services, the caller, per-request loaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strawberry.types import Info as StrawberryInfo

from souq.errors import Unauthenticated
from souq.runtime import Services
from souq.services.accounts import Account

from .loaders import Loaders


@dataclass
class Context:
    """One request's (or one WebSocket connection's) context."""

    services: Services
    request_id: str
    client_address: str
    token: str | None = None
    connection_params: dict[str, Any] | None = None
    loaders: Loaders = field(init=False)
    _viewer: Account | None = field(default=None, init=False)
    _resolved: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.services, self.require_viewer)

    async def viewer(self) -> Account | None:
        """The signed-in account, or ``None`` (looked up once per request)."""
        if not self._resolved:
            self._viewer = (
                await self.services.accounts.authenticate(self.token) if self.token else None
            )
            self._resolved = True
        return self._viewer

    @property
    def known_viewer(self) -> Account | None:
        """The signed-in account if it was already looked up (no query), else ``None``."""
        return self._viewer

    async def require_viewer(self) -> Account:
        """The signed-in account, or an ``UNAUTHENTICATED`` error."""
        viewer = await self.viewer()
        if viewer is None:
            reason = "the bearer token is invalid or revoked" if self.token else "sign in first"
            raise Unauthenticated(f"not signed in: {reason}")
        return viewer


Info = StrawberryInfo[Context, None]
