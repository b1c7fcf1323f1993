"""The events souq publishes, as plain serialisable values."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Author:
    """The public profile of whoever wrote a message."""

    id: int
    username: str
    display_name: str


@dataclass(frozen=True, slots=True)
class MessageRecord:
    """A committed message, complete enough to show without another query."""

    id: int
    conversation_id: int
    seq: int
    body: str
    client_message_id: str
    created_at: datetime
    sender: Author

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready form (for brokers that cross processes)."""
        data = asdict(self)
        data["created_at"] = self.created_at.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MessageRecord:
        """The inverse of :meth:`to_json`."""
        return cls(
            **{**data, "created_at": datetime.fromisoformat(data["created_at"])}
            | {"sender": Author(**data["sender"])}
        )


@dataclass(frozen=True, slots=True)
class MessagePosted:
    """A new message in a conversation."""

    message: MessageRecord


Event = MessagePosted
