"""The events souq publishes, as plain serialisable values."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Author:
    """The public profile of a person (who wrote a message, or whose command it answers)."""

    id: int
    username: str
    display_name: str


@dataclass(frozen=True, slots=True)
class MessageRecord:
    """A committed message, complete enough to show without another query.

    A person's message has a ``sender``; an app's has an ``app_slug`` and the ``invoker``
    whose command or press it answers. ``visible_to`` is set on private messages.
    """

    id: int
    conversation_id: int
    seq: int
    body: str
    created_at: datetime
    sender: Author | None
    client_message_id: str | None = None
    app_slug: str | None = None
    invoker: Author | None = None
    visible_to: int | None = None
    content: dict[str, Any] | None = None
    revision: int = 0
    updated_at: datetime | None = None

    def visible_for(self, user_id: int) -> bool:
        """Whether ``user_id`` (a member) may see this message."""
        return self.visible_to is None or self.visible_to == user_id

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready form (for brokers that cross processes)."""
        data = asdict(self)
        data["created_at"] = self.created_at.isoformat()
        data["updated_at"] = self.updated_at.isoformat() if self.updated_at else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MessageRecord:
        """The inverse of :meth:`to_json`."""
        values = dict(data)
        values["created_at"] = datetime.fromisoformat(data["created_at"])
        values["updated_at"] = (
            datetime.fromisoformat(data["updated_at"]) if data.get("updated_at") else None
        )
        for key in ("sender", "invoker"):
            values[key] = Author(**data[key]) if data.get(key) else None
        return cls(**values)


@dataclass(frozen=True, slots=True)
class MessagePosted:
    """A new message in a conversation."""

    message: MessageRecord


@dataclass(frozen=True, slots=True)
class MessageUpdated:
    """A message changed in place (an app's progress reply, or a card a button replaced)."""

    message: MessageRecord


Event = MessagePosted | MessageUpdated
