"""Reply values: what a command or a button press answers with.

Replies are plain frozen dataclasses. Building one never fails, except a :class:`Button`
whose payload is not a small JSON object (so the mistake shows where it is made);
:func:`validate_reply` checks it (the host and the test harness call it on everything an app returns) and
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
    {"type": "update", "reply": {...one of the above...}, "then": [...replies, payments...]}
    {"type": "payment", "amount": 1250, "currency": "EUR", "description": "...",
     "reference": "order-17", "expires_in": 900, "visibility": "private"}
    {"type": "refund", "payment_id": "...", "reason": "...", "key": "...", "amount": null}
    {"type": "ask_scope", "scope": "profile.phone", "reason": "..."}

A command or a button press may also answer with money (see :mod:`souq_sdk.money`): a
:class:`PaymentRequest` asks the invoker to pay, a :class:`Refund` gives back (part of) a
payment. Both need the ``payments.request`` scope in the manifest.

A command or a button press may also answer with :class:`AskScope`: souq then asks the
person, on a consent card of its own, to grant the app a scope of its manifest.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields, is_dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from souq_sdk.errors import InvalidReply
from souq_sdk.money import DEFAULT_CURRENCY, MoneyError, check_amount, check_currency

if TYPE_CHECKING:
    from souq_sdk.manifest import Manifest

MAX_TEXT = 4000
MAX_TITLE = 100
MAX_BODY = 2000
MAX_FIELDS = 10
MAX_FIELD_LABEL = 40
MAX_FIELD_VALUE = 200
MAX_BUTTONS = 5
MAX_ITEM_BUTTONS = 8
MAX_BUTTON_LABEL = 40
MAX_PAYLOAD_BYTES = 1024
MAX_FOLLOW_UPS = 3
MAX_ITEMS = 10
MAX_URL = 2048
MAX_DESCRIPTION = 200
MAX_REASON = 200
MIN_EXPIRY = 60
MAX_EXPIRY = 24 * 3600
DEFAULT_EXPIRY = 15 * 60
PAYMENT_SCOPE = "payments.request"

ACTION_NAME = re.compile(r"[a-z][a-z0-9_-]{0,31}")
KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
"""An app's reference for a payment, a refund's idempotency key, a payment id."""


class Visibility(StrEnum):
    """Who sees a reply: only the invoker (``private``) or the whole conversation."""

    PRIVATE = "private"
    PUBLIC = "public"


@dataclass(frozen=True)
class Button:
    """A button; pressing it calls the app's action ``action`` with ``payload``.

    The payload is a small JSON object (at most :data:`MAX_PAYLOAD_BYTES`, 1 KiB,
    serialised) that says what the button is about (``{"order": "A-17"}``). The host keeps
    it with the message, never shows it to anyone (clients see only the label) and hands
    it back to the action when the button is pressed. It comes from the app's own reply,
    so it cannot be forged by a person, but it may be old: an action checks that what it
    names still exists. A payload that is not a JSON object or is too large is refused
    here, when the button is built, with ``ValueError``.
    """

    label: str
    action: str
    payload: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        checker = _Checker()
        checker.payload(self.payload, f"button {self.label!r}: payload")
        if checker.problems:
            raise ValueError(checker.problems[0])


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
    """One row of a :class:`ListReply`: a title, a line of body, an image and 8 buttons."""

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

    Only valid as the result of an action (or a step of an action's stream). The replaced
    message keeps its visibility. ``then`` holds up to :data:`MAX_FOLLOW_UPS` (3) new
    messages to post after it, as if the action had answered with each (a payment
    request included, where money is allowed)::

        Update(Card("Order A-17", body="Confirmed"), then=(PaymentRequest(...),))

    The host stores the update and its follow-ups in one transaction: all or nothing.
    """

    kind: ClassVar[str] = "update"

    reply: Reply
    then: tuple[FollowUp, ...] = ()


@dataclass(frozen=True)
class PaymentRequest(_Dumpable):
    """Ask the person who invoked the command (or pressed the button) to pay.

    The host shows it as a card with Pay and Decline, private to that person unless
    ``visibility`` says otherwise; only that person can pay it, within ``expires_in``
    seconds (60 to 86400, default 15 minutes). ``amount`` is in minor units of
    ``currency``; ``reference`` is the app's own (an order number, a bill), handed back in
    every :class:`~souq_sdk.money.PaymentEvent` of the request.
    """

    kind: ClassVar[str] = "payment"

    amount: int
    description: str
    reference: str
    currency: str = DEFAULT_CURRENCY
    expires_in: int = DEFAULT_EXPIRY
    visibility: Visibility = Visibility.PRIVATE


@dataclass(frozen=True)
class Refund(_Dumpable):
    """Give back ``amount`` (default: all that is not refunded yet) of a completed payment.

    ``payment_id`` comes from the payment's :class:`~souq_sdk.money.PaymentEvent`. ``key``
    makes the refund idempotent: a refund with a key the app used before is not made
    again. The host never refunds more than was paid in total, and tells the payer in
    the conversation of the payment.
    """

    kind: ClassVar[str] = "refund"

    payment_id: str
    reason: str
    key: str
    amount: int | None = None


@dataclass(frozen=True)
class AskScope(_Dumpable):
    """Ask the person to grant ``scope`` (one of the app's manifest), saying why.

    The person gets a consent card **from souq**, private to them, naming the app, what
    the scope lets it do and ``reason`` (at most :data:`MAX_REASON` characters), with
    Allow and Don't allow. Allow grants the scope and runs the person's command again,
    so the app now sees the grant in ``context.grants`` (and ``context.profile``).
    Only valid as the answer of a command or a button press.
    """

    kind: ClassVar[str] = "ask_scope"

    scope: str
    reason: str


Reply = Text | Card | ListReply
"""Any reply a command, an action or a stream step may return."""

Money = PaymentRequest | Refund
"""A reply that moves money: allowed as the answer of a command or a button press."""

FollowUp = Text | Card | ListReply | PaymentRequest
"""A new message posted after an :class:`Update` (see ``Update.then``)."""

_REPLY_TYPES: tuple[type, ...] = (Text, Card, ListReply, Update, PaymentRequest, Refund, AskScope)


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


def validate_reply(
    value: object, app: str, *, allow_update: bool = False, allow_money: bool = False
) -> Reply | Update | Money:
    """Check anything an app returned and give back a clean reply, or raise InvalidReply.

    ``value`` may be a reply object or its dict form; anything else (``None``, an int, a
    dict of the wrong shape, a reply with oversized fields) raises
    :class:`~souq_sdk.errors.InvalidReply` naming ``app`` and listing every problem.
    ``allow_update`` accepts an :class:`Update` (the result of a button press);
    ``allow_money`` a :class:`PaymentRequest`, a :class:`Refund` or an :class:`AskScope`
    (the answers of a command or a button press).
    """
    if isinstance(value, _REPLY_TYPES):
        value = _dump(value)
    elif not isinstance(value, dict):
        raise InvalidReply(
            app, [f"expected a reply (Text, Card, ListReply), got {type(value).__name__}"]
        )
    return reply_from_dict(value, app, allow_update=allow_update, allow_money=allow_money)


def check_reply(
    value: object, manifest: Manifest, *, allow_update: bool = False, allow_money: bool = False
) -> Reply | Update | Money:
    """Validate what an app returned (see :func:`validate_reply`) and check it against the
    app's manifest: every button names a declared action, and money needs the
    ``payments.request`` scope. The host and the test harness both judge replies with
    this function."""
    reply = validate_reply(value, manifest.slug, allow_update=allow_update, allow_money=allow_money)
    if isinstance(reply, AskScope):
        if reply.scope not in manifest.scopes:
            raise InvalidReply(
                manifest.slug, [f"it asks for {reply.scope!r}, which its manifest does not"]
            )
        return reply
    if isinstance(reply, PaymentRequest | Refund):
        if PAYMENT_SCOPE not in manifest.scopes:
            raise InvalidReply(manifest.slug, [f"a {reply.kind} needs the {PAYMENT_SCOPE!r} scope"])
        return reply
    shown = [reply.reply, *reply.then] if isinstance(reply, Update) else [reply]
    problems = [
        f"button action {b.action!r} is not declared"
        for r in shown
        if not isinstance(r, PaymentRequest)
        for b in buttons_of(r)
        if manifest.action(b.action) is None
    ]
    if any(isinstance(r, PaymentRequest) for r in shown) and PAYMENT_SCOPE not in manifest.scopes:
        problems.append(f"a payment needs the {PAYMENT_SCOPE!r} scope")
    if problems:
        raise InvalidReply(manifest.slug, problems)
    return reply


def buttons_of(reply: Reply) -> list[Button]:
    """Every button of a reply: a card's, or those of each item of a list."""
    if isinstance(reply, Card):
        return list(reply.buttons)
    if isinstance(reply, ListReply):
        return [b for item in reply.items for b in item.buttons]
    return []


def reply_from_dict(
    data: dict[str, Any], app: str, *, allow_update: bool = False, allow_money: bool = False
) -> Reply | Update | Money:
    """Build a reply from its dict form, validating it; raise InvalidReply otherwise."""
    checker = _Checker()
    kind = data.get("type") if isinstance(data, dict) else None
    if kind == "ask_scope":
        if not allow_money:
            raise InvalidReply(
                app, ["reply: an ask_scope only answers a command or a button press"]
            )
        ask = checker.ask_scope(data)
        if checker.problems:
            raise InvalidReply(app, checker.problems)
        return ask
    if kind in ("payment", "refund"):
        if not allow_money:
            raise InvalidReply(app, [f"reply: a {kind} only answers a command or a button press"])
        money = checker.payment(data, "reply") if kind == "payment" else checker.refund(data)
        if checker.problems:
            raise InvalidReply(app, checker.problems)
        return money
    reply = checker.reply(data, "reply", allow_update=allow_update, allow_money=allow_money)
    if checker.problems or reply is None:
        raise InvalidReply(app, checker.problems or ["not a reply"])
    return reply


class _Checker:
    """Walks a reply's dict form, collecting every problem with its path."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def reply(
        self, data: object, path: str, *, allow_update: bool, allow_money: bool = False
    ) -> Reply | Update | None:
        if not isinstance(data, dict):
            self.fail(path, f"expected an object, got {type(data).__name__}")
            return None
        kind = data.get("type")
        if kind == "update":
            if not allow_update:
                self.fail(path, "an update only answers a button press")
                return None
            self.keys(data, path, {"type", "reply", "then"})
            inner = self.reply(data.get("reply"), f"{path}.reply", allow_update=False)
            then = self.follow_ups(data.get("then", []), f"{path}.then", allow_money=allow_money)
            return Update(inner, then) if isinstance(inner, Text | Card | ListReply) else None
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

    def follow_ups(self, data: object, path: str, *, allow_money: bool) -> tuple[FollowUp, ...]:
        found: list[FollowUp] = []
        for n, item in enumerate(self.sequence(data, path, MAX_FOLLOW_UPS)):
            where = f"{path}[{n}]"
            if isinstance(item, dict) and item.get("type") == "payment":
                if allow_money:
                    found.append(self.payment(item, where))
                else:
                    self.fail(where, "a payment only answers a command or a button press")
                continue
            reply = self.reply(item, where, allow_update=False)
            if isinstance(reply, Text | Card | ListReply):
                found.append(reply)
        return tuple(found)

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

    def payment(self, data: dict[str, Any], path: str) -> PaymentRequest:
        self.keys(
            data,
            path,
            {"type", "amount", "currency", "description", "reference", "expires_in", "visibility"},
        )
        expires_in = data.get("expires_in", DEFAULT_EXPIRY)
        if (
            isinstance(expires_in, bool)
            or not isinstance(expires_in, int)
            or not MIN_EXPIRY <= expires_in <= MAX_EXPIRY
        ):
            self.fail(f"{path}.expires_in", f"seconds from {MIN_EXPIRY} to {MAX_EXPIRY}")
            expires_in = DEFAULT_EXPIRY
        return PaymentRequest(
            amount=self.amount(data.get("amount"), f"{path}.amount") or 0,
            currency=self.currency(data.get("currency", DEFAULT_CURRENCY), f"{path}.currency"),
            description=self.string(
                data.get("description"), f"{path}.description", MAX_DESCRIPTION, required=True
            ),
            reference=self.key(data.get("reference"), f"{path}.reference"),
            expires_in=expires_in,
            visibility=self.visibility(data, path),
        )

    def refund(self, data: dict[str, Any]) -> Refund:
        path = "reply"
        self.keys(data, path, {"type", "payment_id", "reason", "key", "amount"})
        amount = data.get("amount")
        return Refund(
            payment_id=self.key(data.get("payment_id"), f"{path}.payment_id"),
            reason=self.string(data.get("reason"), f"{path}.reason", MAX_REASON, required=True),
            key=self.key(data.get("key"), f"{path}.key"),
            amount=None if amount is None else self.amount(amount, f"{path}.amount"),
        )

    def ask_scope(self, data: dict[str, Any]) -> AskScope:
        path = "reply"
        self.keys(data, path, {"type", "scope", "reason"})
        return AskScope(
            scope=self.string(data.get("scope"), f"{path}.scope", MAX_TITLE, required=True),
            reason=self.string(data.get("reason"), f"{path}.reason", MAX_REASON, required=True),
        )

    def amount(self, value: object, path: str) -> int | None:
        try:
            return check_amount(value)
        except MoneyError as error:
            self.fail(path, str(error))
            return None

    def currency(self, value: object, path: str) -> str:
        try:
            return check_currency(str(value))
        except MoneyError as error:
            self.fail(path, str(error))
            return DEFAULT_CURRENCY

    def key(self, value: object, path: str) -> str:
        if not isinstance(value, str) or not KEY.fullmatch(value):
            self.fail(path, f"{value!r} is not 1-64 letters, digits and . _ : -")
            return ""
        return value

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
            return {}
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
