"""Souq's consent cards: how an app's :class:`~souq_sdk.replies.AskScope` is put to the person.

The card is a message **from souq** (never from the app), private to the person asked.
What it is about (the app, the scope, the command to run again) lives in its buttons'
payloads, which the host keeps server-side and never shows; a client sends only the
button's id. Pressing answers the card once: its buttons are then gone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from souq_sdk.manifest import SCOPES
from souq_sdk.replies import AskScope, Button, Card, Field

from .content import content, summary

ALLOW = "allow"
DENY = "deny"


@dataclass(frozen=True, slots=True)
class Asked:
    """What a consent card asks, read back from its stored content."""

    app: str
    scope: str
    source_id: int
    """The message the app answered with the ask (the command line, or a pressed card)."""
    rerun: bool
    """Whether Allow runs the command of ``source_id`` again."""


def what(scope: str) -> str:
    """What ``scope`` lets an app do, as the card says it."""
    return SCOPES.get(scope, scope)


def card(app: str, app_name: str, ask: AskScope, source_id: int, *, rerun: bool) -> Card:
    """The consent card for ``ask`` of ``app``."""
    payload = {"app": app, "scope": ask.scope, "source": source_id, "rerun": rerun}
    return Card(
        title=f"{app_name} asks for your permission",
        body=f"{app_name} would like to {what(ask.scope)}.",
        fields=(Field("App", f"{app_name} (/{app})"), Field("Its reason", ask.reason)),
        buttons=(Button("Allow", ALLOW, payload), Button("Don't allow", DENY, payload)),
    )


def stored(reply: Card) -> tuple[str, dict[str, Any] | None]:
    """The body and content a card is kept with."""
    return summary(reply), content(reply)


def asked(button: dict[str, Any]) -> Asked:
    """What the card of a pressed ``button`` asks (from the stored payload)."""
    payload = button.get("payload") or {}
    return Asked(
        str(payload["app"]), str(payload["scope"]), int(payload["source"]), bool(payload["rerun"])
    )


def answered(data: dict[str, Any] | None) -> bool:
    """Whether the card was answered already (its buttons are gone)."""
    return not (data or {}).get("buttons")


def outcome(data: dict[str, Any], text: str) -> dict[str, Any]:
    """The card's content once answered: ``text`` says what was chosen; no buttons."""
    return {**data, "body": text, "buttons": []}
