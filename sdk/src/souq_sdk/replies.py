"""Reply values: what a command or a button press answers with.

Replies are plain frozen dataclasses. Building one never fails; :func:`validate_reply`
checks it (the host and the test harness call it on everything an app returns) and
raises :class:`~souq_sdk.errors.InvalidReply` naming the app and every problem.

Every reply is **private** unless it says otherwise: only the person who typed the
command or pressed the button sees it. ``visibility=Visibility.PUBLIC`` (or ``"public"``)
posts it to the conversation as a message from the app.

The JSON-able form (``reply.to_dict()``, read back with :func:`reply_from_dict`) is::

    {"type": "text", "text": "...", "visibility": "private"}
    {"type": "card", "title": "...", "body": "...", "image_url": null,
     "fields": [{"label": "...", "value": "..."}],
     "buttons": [{"label": "...", "action": "add", "payload": {...}}],
     "visibility": "public"}
    {"type": "list", "title": "...", "visibility": "private",
     "items": [{"title": "...", "body": "...", "image_url": null, "buttons": [...]}]}
    {"type": "update", "reply": {...one of the above...}}
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields, is_dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from souq_sdk.errors import InvalidReply

if TYPE_CHECKING:
    from souq_sdk.manifest import Manifest

MAX_TEXT = 4000
MAX_TITLE = 100
MAX_BODY = 2000
MAX_FIELDS = 10
MAX_FIELD_LABEL = 40
MAX_FIELD_VALUE = 200
MAX_BUTTONS = 5
MAX_ITEM_BUTTONS = 3
MAX_BUTTON_LABEL = 40
MAX_PAYLOAD_BYTES = 1024
MAX_ITEMS = 10
MAX_URL = 2048

ACTION_NAME = re.compile(r"[a-z][a-z0-9_-]{0,31}")


class Visibility(StrEnum):
    """Who sees a reply: only the invoker (``private``) or the whole conversation."""

    PRIVATE = "private"
    PUBLIC = "public"


@dataclass(frozen=True)
class Button:
    """A button; pressing it calls the app's action ``action`` with ``payload``.

    The payload is a small JSON object (at most 1 KiB serialised) the host keeps for the
    app, so the action knows what was pressed (for example ``{"dish": "margherita"}``).
    """

    label: str
    action: str
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Field:
    """A labelled value shown on a card (``Total``: ``€23.50``)."""

    label: str
    value: str


class _Dumpable:
    """Gives reply classes their ``to_dict()``."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON-able form of this reply (see the module documentation)."""
        data: dict[str, Any] = _dump(self)
        return data


@dataclass(frozen=True)
class Text(_Dumpable):
    """A plain text message."""

    kind: ClassVar[str] = "text"

    text: str
    visibility: Visibility = Visibility.PRIVATE


@dataclass(frozen=True)
class Card(_Dumpable):
    """A card: a title, an optional body, fields, an https image and up to 5 buttons."""

    kind: ClassVar[str] = "card"

    title: str
    body: str = ""
    fields: tuple[Field, ...] = ()
    image_url: str | None = None
    buttons: tuple[Button, ...] = ()
    visibility: Visibility = Visibility.PRIVATE


@dataclass(frozen=True)
class Item:
    """One row of a :class:`ListReply`: a title, a line of body, an image and 3 buttons."""

    title: str
    body: str = ""
    image_url: str | None = None
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class ListReply(_Dumpable):
    """A list of up to 10 items under an optional title."""

    kind: ClassVar[str] = "list"

    items: tuple[Item, ...]
    title: str = ""
    visibility: Visibility = Visibility.PRIVATE


@dataclass(frozen=True)
class Update(_Dumpable):
    """Answer to a button press that replaces the card the button was on.

    Only valid as the result of an action. The replaced message keeps its visibility.
    """

    kind: ClassVar[str] = "update"

    reply: Reply


Reply = Text | Card | ListReply
"""Any reply a command, an action or a stream step may return."""

_REPLY_TYPES: tuple[type, ...] = (Text, Card, ListReply, Update)


def _dump(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        data = {f.name: _dump(getattr(value, f.name)) for f in fields(value)}
        kind = getattr(value, "kind", None)
        return {"type": kind, **data} if kind else data
    if isinstance(value, StrEnum):
        return str(value)
    if isinstance(value, list | tuple):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


def validate_reply(value: object, app: str, *, allow_update: bool = False) -> Reply | Update:
    """Check anything an app returned and give back a clean reply, or raise InvalidReply.

    ``value`` may be a reply object or its dict form; anything else (``None``, an int, a
    dict of the wrong shape, a reply with oversized fields) raises
    :class:`~souq_sdk.errors.InvalidReply` naming ``app`` and listing every problem.
    ``allow_update`` accepts an :class:`Update` (the result of a button press).
    """
    if isinstance(value, _REPLY_TYPES):
        value = _dump(value)
    elif not isinstance(value, dict):
        raise InvalidReply(
            app, [f"expected a reply (Text, Card, ListReply), got {type(value).__name__}"]
        )
    return reply_from_dict(value, app, allow_update=allow_update)


def check_reply(value: object, manifest: Manifest, *, allow_update: bool = False) -> Reply | Update:
    """Validate what an app returned (see :func:`validate_reply`) and check that every
    button names an action the app's manifest declares. The host and the test harness
    both judge replies with this function."""
    reply = validate_reply(value, manifest.slug, allow_update=allow_update)
    inner = reply.reply if isinstance(reply, Update) else reply
    undeclared = [b.action for b in buttons_of(inner) if manifest.action(b.action) is None]
    if undeclared:
        raise InvalidReply(
            manifest.slug, [f"button action {a!r} is not declared" for a in undeclared]
        )
    return reply


def buttons_of(reply: Reply) -> list[Button]:
    """Every button of a reply: a card's, or those of each item of a list."""
    if isinstance(reply, Card):
        return list(reply.buttons)
    if isinstance(reply, ListReply):
        return [b for item in reply.items for b in item.buttons]
    return []


def reply_from_dict(
    data: dict[str, Any], app: str, *, allow_update: bool = False
) -> Reply | Update:
    """Build a reply from its dict form, validating it; raise InvalidReply otherwise."""
    checker = _Checker()
    reply = checker.reply(data, "reply", allow_update=allow_update)
    if checker.problems or reply is None:
        raise InvalidReply(app, checker.problems or ["not a reply"])
    return reply


class _Checker:
    """Walks a reply's dict form, collecting every problem with its path."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def reply(self, data: object, path: str, *, allow_update: bool) -> Reply | Update | None:
        if not isinstance(data, dict):
            self.fail(path, f"expected an object, got {type(data).__name__}")
            return None
        kind = data.get("type")
        if kind == "update":
            if not allow_update:
                self.fail(path, "an update only answers a button press")
                return None
            self.keys(data, path, {"type", "reply"})
            inner = self.reply(data.get("reply"), f"{path}.reply", allow_update=False)
            return Update(inner) if isinstance(inner, Text | Card | ListReply) else None
        if kind == "text":
            self.keys(data, path, {"type", "text", "visibility"})
            return Text(
                text=self.string(data.get("text"), f"{path}.text", MAX_TEXT, required=True),
                visibility=self.visibility(data, path),
            )
        if kind == "card":
            return self.card(data, path)
        if kind == "list":
            return self.list_reply(data, path)
        self.fail(path, f"unknown reply type {kind!r} (expected text, card or list)")
        return None

    def card(self, data: dict[str, Any], path: str) -> Card:
        self.keys(
            data, path, {"type", "title", "body", "fields", "image_url", "buttons", "visibility"}
        )
        raw_fields = self.sequence(data.get("fields", []), f"{path}.fields", MAX_FIELDS)
        return Card(
            title=self.string(data.get("title"), f"{path}.title", MAX_TITLE, required=True),
            body=self.string(data.get("body", ""), f"{path}.body", MAX_BODY),
            fields=tuple(self.field(f, f"{path}.fields[{i}]") for i, f in enumerate(raw_fields)),
            image_url=self.url(data.get("image_url"), f"{path}.image_url"),
            buttons=self.buttons(data.get("buttons", []), f"{path}.buttons", MAX_BUTTONS),
            visibility=self.visibility(data, path),
        )

    def list_reply(self, data: dict[str, Any], path: str) -> ListReply:
        self.keys(data, path, {"type", "items", "title", "visibility"})
        raw_items = self.sequence(data.get("items"), f"{path}.items", MAX_ITEMS)
        if not raw_items and isinstance(data.get("items"), list | tuple):
            self.fail(f"{path}.items", "a list needs at least one item")
        return ListReply(
            items=tuple(self.item(it, f"{path}.items[{i}]") for i, it in enumerate(raw_items)),
            title=self.string(data.get("title", ""), f"{path}.title", MAX_TITLE),
            visibility=self.visibility(data, path),
        )

    def item(self, data: object, path: str) -> Item:
        if not isinstance(data, dict):
            self.fail(path, f"expected an item object, got {type(data).__name__}")
            return Item(title="")
        self.keys(data, path, {"title", "body", "image_url", "buttons"})
        return Item(
            title=self.string(data.get("title"), f"{path}.title", MAX_TITLE, required=True),
            body=self.string(data.get("body", ""), f"{path}.body", MAX_BODY),
            image_url=self.url(data.get("image_url"), f"{path}.image_url"),
            buttons=self.buttons(data.get("buttons", []), f"{path}.buttons", MAX_ITEM_BUTTONS),
        )

    def field(self, data: object, path: str) -> Field:
        if not isinstance(data, dict):
            self.fail(path, f"expected a field object, got {type(data).__name__}")
            return Field("", "")
        self.keys(data, path, {"label", "value"})
        return Field(
            label=self.string(data.get("label"), f"{path}.label", MAX_FIELD_LABEL, required=True),
            value=self.string(data.get("value"), f"{path}.value", MAX_FIELD_VALUE, required=True),
        )

    def buttons(self, data: object, path: str, limit: int) -> tuple[Button, ...]:
        return tuple(
            self.button(b, f"{path}[{i}]") for i, b in enumerate(self.sequence(data, path, limit))
        )

    def button(self, data: object, path: str) -> Button:
        if not isinstance(data, dict):
            self.fail(path, f"expected a button object, got {type(data).__name__}")
            return Button("", "")
        self.keys(data, path, {"label", "action", "payload"})
        action = data.get("action")
        if not isinstance(action, str) or not ACTION_NAME.fullmatch(action):
            self.fail(f"{path}.action", f"{action!r} is not an action name ([a-z][a-z0-9_-]*)")
            action = ""
        return Button(
            label=self.string(data.get("label"), f"{path}.label", MAX_BUTTON_LABEL, required=True),
            action=action,
            payload=self.payload(data.get("payload", {}), f"{path}.payload"),
        )

    def payload(self, data: object, path: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.fail(path, f"expected a JSON object, got {type(data).__name__}")
            return {}
        try:
            encoded = json.dumps(data, allow_nan=False, separators=(",", ":"), ensure_ascii=False)
        except (TypeError, ValueError) as error:
            self.fail(path, f"not JSON: {error}")
            return {}
        size = len(encoded.encode())
        if size > MAX_PAYLOAD_BYTES:
            self.fail(path, f"{size} bytes of JSON; at most {MAX_PAYLOAD_BYTES}")
        payload: dict[str, Any] = json.loads(encoded)
        return payload

    def keys(self, data: dict[str, Any], path: str, known: set[str]) -> None:
        for key in sorted(data.keys() - known, key=str):
            self.fail(path, f"unknown key {key!r}")

    def string(self, value: object, path: str, limit: int, *, required: bool = False) -> str:
        if value is None and required:
            self.fail(path, "missing")
            return ""
        if not isinstance(value, str):
            self.fail(path, f"expected a string, got {type(value).__name__}")
            return ""
        if required and not value.strip():
            self.fail(path, "must not be empty")
        if len(value) > limit:
            self.fail(path, f"{len(value)} characters; at most {limit}")
        return value

    def sequence(self, value: object, path: str, limit: int) -> list[Any]:
        if value is None:
            self.fail(path, "missing")
            return []
        if not isinstance(value, list | tuple):
            self.fail(path, f"expected a list, got {type(value).__name__}")
            return []
        if len(value) > limit:
            self.fail(path, f"{len(value)} entries; at most {limit}")
        return list(value)

    def url(self, value: object, path: str) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not value.startswith("https://") or len(value) <= 8:
            self.fail(path, f"{value!r} is not an https:// URL")
            return None
        if len(value) > MAX_URL or any(c.isspace() for c in value):
            self.fail(path, f"not a usable URL (spaces or longer than {MAX_URL} characters)")
        return value

    def visibility(self, data: dict[str, Any], path: str) -> Visibility:
        value = data.get("visibility", Visibility.PRIVATE)
        try:
            return Visibility(value)
        except ValueError:
            self.fail(f"{path}.visibility", f"{value!r} is neither 'private' nor 'public'")
            return Visibility.PRIVATE
