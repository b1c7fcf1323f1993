"""The events souq publishes, as plain serialisable values."""

from __future__ import annotations

from dataclasses import dataclass
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
    deleted: bool = False
    """Its sender deleted their account: body and content are gone."""

    def visible_for(self, user_id: int) -> bool:
        """Whether ``user_id`` (a member) may see this message."""
        return self.visible_to is None or self.visible_to == user_id


@dataclass(frozen=True, slots=True)
class MessagePosted:
    """A new message in a conversation."""

    message: MessageRecord


@dataclass(frozen=True, slots=True)
class MessageUpdated:
    """A message changed in place (an app's progress reply, or a card a button replaced)."""

    message: MessageRecord


@dataclass(frozen=True, slots=True)
class AccessChanged:
    """A person's access changed: a token of theirs was revoked, their role changed or their
    account is gone. Every open socket of that person checks its token again."""

    user_id: int


@dataclass(frozen=True, slots=True)
class ConversationLeft:
    """``user_id`` is no longer in a conversation (removed from a group, or left it): their
    clients stop showing it."""

    conversation_id: int
    user_id: int


MessageEvent = MessagePosted | MessageUpdated

PersonEvent = MessageEvent | ConversationLeft
"""What a person's live stream carries."""

Event = PersonEvent | AccessChanged
