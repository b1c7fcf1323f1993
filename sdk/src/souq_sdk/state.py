"""State kept by the host between calls: a small JSON key-value store per app and person,
conversation, or shared document.

State is loaded before a call and saved after it (only when it changed and the call
succeeded), so the state API is plain synchronous code that works the same in sync and
async handlers::

    cart = context.person_state.get("cart", {})
    cart["margherita"] = cart.get("margherita", 0) + 1
    context.person_state.set("cart", cart)
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any, Literal, Protocol

from souq_sdk.errors import StateError

STATE_LIMIT = 16 * 1024
"""Most bytes one state (of one app: a person's, a conversation's or a shared document) may
take as JSON."""

MAX_KEY = 100

Scope = Literal["person", "conversation", "shared"]


def _encode(value: object) -> str:
    return json.dumps(value, allow_nan=False, separators=(",", ":"), ensure_ascii=False)


class State:
    """A small JSON key-value store of one app for one person or one conversation.

    Values are JSON (dicts, lists, strings, numbers, booleans, None). ``get`` returns a
    copy: change it, then ``set`` it back. The whole state is at most
    :data:`STATE_LIMIT` bytes of JSON; a ``set`` that would exceed it raises
    :class:`~souq_sdk.errors.StateError` and changes nothing.
    """

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        app: str,
        scope: Scope,
        limit: int = STATE_LIMIT,
    ) -> None:
        self.app = app
        self.scope = scope
        self.limit = limit
        self._data: dict[str, Any] = json.loads(_encode(dict(data or {})))
        self._changed = False

    @property
    def changed(self) -> bool:
        """Whether ``set`` or ``delete`` changed anything since the state was loaded."""
        return self._changed

    def get(self, key: str, default: Any = None) -> Any:
        """A copy of the value stored under ``key``, or ``default``."""
        if key not in self._data:
            return default
        return json.loads(_encode(self._data[key]))

    def set(self, key: str, value: Any) -> None:
        """Store a JSON ``value`` under ``key``."""
        if not isinstance(key, str) or not key or len(key) > MAX_KEY:
            raise StateError(f"App {self.app!r}: a state key is a string of 1 to {MAX_KEY} chars")
        try:
            encoded = _encode(value)
        except (TypeError, ValueError) as error:
            message = f"App {self.app!r}: state value for {key!r} is not JSON: {error}"
            raise StateError(message) from error
        candidate = {**self._data, key: json.loads(encoded)}
        size = len(_encode(candidate).encode())
        if size > self.limit:
            raise StateError(
                f"App {self.app!r}: {self.scope} state would be {size} bytes; "
                f"the limit is {self.limit}"
            )
        if candidate != self._data:
            self._data = candidate
            self._changed = True

    def delete(self, key: str) -> None:
        """Remove ``key``; nothing happens if it is not there."""
        if key in self._data:
            del self._data[key]
            self._changed = True

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._data))

    def __len__(self) -> int:
        return len(self._data)

    def to_dict(self) -> dict[str, Any]:
        """A copy of the whole state, as the host saves it."""
        data: dict[str, Any] = json.loads(_encode(self._data))
        return data


class StateStore(Protocol):
    """Where state lives between calls (the host uses its database)."""

    def load(self, app: str, scope: Scope, key: str) -> dict[str, Any]:
        """The saved state of ``app`` for the person or conversation ``key`` (or ``{}``)."""
        ...

    def save(self, app: str, scope: Scope, key: str, data: dict[str, Any]) -> None:
        """Replace the saved state of ``app`` for ``key``."""
        ...


class MemoryStateStore:
    """A :class:`StateStore` in a dict, used by the test harness."""

    def __init__(self) -> None:
        self._states: dict[tuple[str, Scope, str], dict[str, Any]] = {}

    def load(self, app: str, scope: Scope, key: str) -> dict[str, Any]:
        """A copy of the saved state, or ``{}``."""
        return json.loads(_encode(self._states.get((app, scope, key), {})))

    def save(self, app: str, scope: Scope, key: str, data: dict[str, Any]) -> None:
        """Replace the saved state."""
        self._states[(app, scope, key)] = json.loads(_encode(data))
