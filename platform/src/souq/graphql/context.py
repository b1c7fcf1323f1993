"""What every resolver gets: the services, the caller, per-request loaders."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.types import Info as StrawberryInfo

from souq.errors import Unauthenticated
from souq.runtime import Services
from souq.services.accounts import Account

from .loaders import Loaders


@dataclass
class Context:
    """One request's (or one operation's over a WebSocket) context."""

    services: Services
    request_id: str
    client_address: str
    token: str | None = None
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


@dataclass
class ConnectionContext(Context):
    """One WebSocket connection: the token it signed in with, for as long as it is open.

    Operations never run with this context itself but each with its own
    (:meth:`operation`), so each one authenticates the token afresh (a revoked token, a
    changed role or a deleted account counts at the next operation) and starts with
    empty loaders.
    """

    connection_params: dict[str, Any] | None = None
    session_token: str | None = None
    """The web session cookie's token, if the upgrade came from souq's own origin."""
    _operations: Iterator[int] = field(default_factory=lambda: itertools.count(1), init=False)

    def operation(self) -> Context:
        """A fresh context for the next operation over this connection."""
        return Context(
            self.services,
            request_id=f"{self.request_id}.{next(self._operations)}",
            client_address=self.client_address,
            token=self.token,
        )


class OperationContext(SchemaExtension):
    """Gives every operation over a WebSocket its own context (see :class:`ConnectionContext`)."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context.context
        if isinstance(context, ConnectionContext):
            self.execution_context.context = context.operation()
        yield


Info = StrawberryInfo[Context, None]
