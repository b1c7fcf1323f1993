"""souq-sdk: everything a mini-app developer needs to write a souq app.

The names most apps need are importable from here::

    from souq_sdk import App, Button, Card, Context, Field, Item, ListReply, Range, Rest, Text
"""

from souq_sdk.app import App
from souq_sdk.context import Context, Profile, State
from souq_sdk.errors import InvalidManifest, InvalidReply, StateError, UsageError
from souq_sdk.hookspecs import hookimpl, hookspec
from souq_sdk.money import PaymentEvent, PaymentOutcome, format_amount
from souq_sdk.notices import Category, Delivered, Notifier, Refused
from souq_sdk.params import Amount, Range, Rest
from souq_sdk.replies import (
    AskScope,
    Button,
    Card,
    Field,
    Item,
    ListReply,
    PaymentRequest,
    Refund,
    Text,
    Update,
    Visibility,
)
from souq_sdk.shared import Shared

__all__ = [
    "Amount",
    "App",
    "AskScope",
    "Button",
    "Card",
    "Category",
    "Context",
    "Delivered",
    "Field",
    "InvalidManifest",
    "InvalidReply",
    "Item",
    "ListReply",
    "Notifier",
    "PaymentEvent",
    "PaymentOutcome",
    "PaymentRequest",
    "Profile",
    "Range",
    "Refund",
    "Refused",
    "Rest",
    "Shared",
    "State",
    "StateError",
    "Text",
    "Update",
    "UsageError",
    "Visibility",
    "format_amount",
    "hookimpl",
    "hookspec",
]
