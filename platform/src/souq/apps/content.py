"""How an app's replies are kept in messages, and how clients name their buttons."""

from __future__ import annotations

import re
from typing import Any

from souq_sdk.replies import Reply, Text


def summary(reply: Reply) -> str:
    """A message body for a reply: its text, or a one-line summary of a card or list."""
    if isinstance(reply, Text):
        return reply.text
    title = getattr(reply, "title", "") or ""
    if title:
        return title
    items = getattr(reply, "items", ())
    return f"{len(items)} items"


def content(reply: Reply) -> dict[str, Any] | None:
    """The structured form kept for cards and lists (plain text needs none)."""
    if isinstance(reply, Text):
        return None
    data = reply.to_dict()
    data.pop("visibility", None)
    return data


BUTTON_ID = re.compile(r"(0|[1-9][0-9]?)(?:\.(0|[1-9][0-9]?))?")


def find_button(data: dict[str, Any] | None, button_id: str) -> dict[str, Any] | None:
    """The button ``button_id`` (``"2"`` on a card, ``"1.0"`` on a list) of stored content."""
    match = BUTTON_ID.fullmatch(button_id)
    if not data or match is None:
        return None
    first, second = match.groups()
    try:
        if data.get("type") == "card" and second is None:
            return data["buttons"][int(first)]
        if data.get("type") == "list" and second is not None:
            return data["items"][int(first)]["buttons"][int(second)]
    except (IndexError, KeyError):
        return None
    return None
