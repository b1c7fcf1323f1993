"""Throwaway mini-apps for the host's tests, and what they report back to the tests.

Each factory builds a fresh app per test, so nothing leaks from one test to the next.
The tests register them directly with ``services.apps.register(app, source="test")``.

- :class:`Recorder`: a plain object of ``@hookimpl`` methods (no :class:`App`), which
  records every hook call it receives.
- :func:`calc_app`: typed parameters of every kind, declared with :class:`App`; its
  ``span`` command refuses bad input by raising :class:`UsageError` itself.
- :func:`shaky_app`: raises and returns garbage; :func:`sleepy_app` hangs (sync and async).
- :func:`slow_app`: an async generator that shows progress, then finishes when the test
  says so (or never).
- :func:`tally_app`: per-person and per-conversation state kept by the host.
- :func:`shop`: asks for money and refunds it, recording every payment outcome.
- :func:`till`: asks for money; its receipts count in the payer's state, and the first
  outcome's answer can be held until the test lets it go.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from souq_sdk import (
    Amount,
    App,
    Button,
    Card,
    Context,
    PaymentEvent,
    PaymentRequest,
    Range,
    Refund,
    Rest,
    Text,
    Update,
    UsageError,
    Visibility,
    hookimpl,
)
from souq_sdk.replies import Reply


@dataclass(frozen=True)
class HookCall:
    """One hook call an app received."""

    hook: str
    name: str
    data: dict[str, Any]
    person: str
    conversation: str


class Recorder:
    """An app written as a plain plugin object of ``@hookimpl`` methods.

    ``/SLUG ping [words...]`` answers privately, ``/SLUG shout <words...>`` publicly and
    ``/SLUG card`` posts a public card with a "Poke" button (a new private reply) and a
    "Swap" button (replaces the card). Every command and press is kept in ``calls``.
    """

    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.name = slug.title()
        self.calls: list[HookCall] = []

    @hookimpl
    def souq_manifest(self) -> dict[str, Any]:
        words = {"name": "words", "type": "text", "help": "anything"}
        return {
            "slug": self.slug,
            "name": self.name,
            "version": "0.1.0",
            "summary": f"Records what {self.slug} receives",
            "commands": [
                {
                    "name": "ping",
                    "summary": "Answer privately.",
                    "params": [{**words, "required": False}],
                },
                {"name": "shout", "summary": "Answer publicly.", "params": [words]},
                {"name": "card", "summary": "Post a card with buttons."},
            ],
            "actions": [{"name": "poke"}, {"name": "swap"}],
        }

    @hookimpl
    def souq_command(self, command: str, args: dict[str, Any], context: Context) -> Reply:
        self.calls.append(
            HookCall("command", command, args, context.person_id, context.conversation_id)
        )
        words = args.get("words", "")
        if command == "shout":
            return Text(f"{self.slug} says {words}", visibility=Visibility.PUBLIC)
        if command == "card":
            return Card(
                title=f"{self.slug} card",
                buttons=(Button("Poke", "poke", {"n": 1}), Button("Swap", "swap", {"n": 2})),
                visibility=Visibility.PUBLIC,
            )
        return Text(f"{self.slug} pong {words}".strip())

    @hookimpl
    def souq_action(self, action: str, payload: dict[str, Any], context: Context) -> Any:
        self.calls.append(
            HookCall("action", action, payload, context.person_id, context.conversation_id)
        )
        if action == "swap":
            return Update(Card(title=f"{self.slug} card, swapped", body="pressed"))
        return Text(f"{self.slug} poked")


class InvalidManifestApp:
    """An app whose manifest breaks the rules (slug, version, a command's parameter)."""

    @hookimpl
    def souq_manifest(self) -> dict[str, Any]:
        return {
            "slug": "Not A Slug!",
            "name": "Broken",
            "version": "one",
            "summary": "Does not load",
            "commands": [
                {"name": "go", "summary": "Go.", "params": [{"name": "x", "type": "float"}]}
            ],
        }


class RaisingManifestApp:
    """An app whose manifest hook itself fails."""

    @hookimpl
    def souq_manifest(self) -> dict[str, Any]:
        raise RuntimeError("manifest exploded")


invalid_manifest_app = InvalidManifestApp()
"""Loaded by a simulated entry point in the discovery test."""


def simple_app(slug: str, name: str = "Simple") -> App:
    """A valid app with one command, ``/SLUG hello``."""
    app = App(slug=slug, name=name, version="1.0.0", summary="Says hello")

    @app.command()
    def hello() -> Text:
        """Say hello."""
        return Text(f"hello from {slug}")

    return app


hello_app = simple_app("hello", "Hello")
"""A valid app loaded by a simulated entry point in the discovery test."""

fake_food = simple_app("food", "Fake food")
"""An app whose slug the real food app already has."""


class Size(StrEnum):
    """A choice declared as an enum."""

    SMALL = "small"
    LARGE = "large"


def calc_app(calls: list[dict[str, Any]]) -> App:
    """Typed parameters: each handler echoes the exact values (and types) it received."""
    app = App(slug="calc", name="Calc", version="1.0.0", summary="Typed arguments")

    def seen(command: str, **values: Any) -> Text:
        calls.append({"command": command, **values})
        return Text(" ".join(f"{k}={v!r}" for k, v in values.items()))

    @app.command()
    def add(a: int, b: Range[int, 1, 10]) -> Text:
        """Add two numbers.

        Args:
            a: any whole number
            b: a small one
        """
        return seen("add", a=a, b=b)

    @app.command()
    def order(size: Size, drink: Literal["tea", "coffee"] = "tea") -> Text:
        """Order a drink."""
        return seen("order", size=size, drink=drink)

    @app.command()
    def pay(amount: Range[Decimal, "0.01", "100"], day: date | None = None) -> Text:  # noqa: UP037
        """Pay an amount, on a day."""
        return seen("pay", amount=amount, day=day)

    @app.command()
    def tip(amount: Amount.EUR) -> Text:
        """Tip an amount of money."""
        return seen("tip", amount=amount)

    @app.command()
    def echo(word: str, loud: bool = False) -> Text:
        """Echo one word."""
        return seen("echo", word=word, loud=loud)

    @app.command()
    def note(text: Rest) -> Text:
        """Keep a note."""
        return seen("note", text=text)

    @app.command()
    def span(start: date, end: date) -> Text:
        """Count the days from one date to another (the handler refuses an end before the
        start, which no annotation can say)."""
        if end < start:
            raise UsageError(f"<end> {end} is before <start> {start}.")
        return seen("span", days=(end - start).days)

    return app


@dataclass
class Hold:
    """What the sleepy app waits on; the test releases both at teardown."""

    release: threading.Event = field(default_factory=threading.Event)
    never: asyncio.Event = field(default_factory=asyncio.Event)
    started: list[str] = field(default_factory=list)


def shaky_app() -> App:
    """An app that raises or returns garbage."""
    app = App(slug="shaky", name="Shaky", version="1.0.0", summary="Fails on purpose")

    @app.command()
    def explode() -> Text:
        """Raise."""
        raise RuntimeError("kaboom")

    @app.command("none")
    def none_() -> Any:
        """Return None."""
        return None

    @app.command()
    def number() -> Any:
        """Return an int."""
        return 42

    @app.command()
    def huge() -> Any:
        """Return a dict too big to be a reply."""
        return {"type": "text", "text": "x" * 5000}

    @app.command()
    def buttons() -> Any:
        """Return a card with too many buttons."""
        return Card(title="Too many", buttons=tuple(Button(str(n), "go") for n in range(9)))

    @app.command()
    def stranger() -> Any:
        """Return a button for an action the app never declared."""
        return Card(title="Ghost", buttons=(Button("Boo", "ghost"),))

    @app.command()
    def spoil(context: Context) -> Text:
        """Change state, then fail: the change must not be kept."""
        context.person_state.set("spoiled", True)
        raise RuntimeError("after changing state")

    return app


@dataclass
class Steps:
    """The test's hold on a streaming handler."""

    go: asyncio.Event = field(default_factory=asyncio.Event)
    never: asyncio.Event = field(default_factory=asyncio.Event)


def sleepy_app(control: Hold) -> App:
    """An app that hangs: a sync handler on a thread, an async one on an event (both held
    until the test ends). Give it a short timeout (``app_timeouts``)."""
    app = App(slug="sleepy", name="Sleepy", version="1.0.0", summary="Never answers")

    @app.command()
    def stall() -> Text:
        """Block a worker thread until the test ends."""
        control.started.append("stall")
        control.release.wait()
        return Text("too late")

    @app.command("await")
    async def await_() -> Text:
        """Wait for an event that never comes."""
        control.started.append("await")
        await control.never.wait()
        return Text("too late")

    return app


def slow_app(steps: Steps) -> App:
    """Slow work: a progress reply at once, the final one when the test says so."""
    app = App(slug="slow", name="Slow", version="1.0.0", summary="Takes its time")

    @app.command()
    async def work(job: str) -> AsyncIterator[Any]:
        """Work on a job, showing progress."""
        yield Text(f"Working on {job}…", visibility=Visibility.PUBLIC)
        await steps.go.wait()
        yield Card(title=f"{job} is done", body="all good", visibility=Visibility.PUBLIC)

    @app.command()
    async def forever(job: str) -> AsyncIterator[Any]:
        """Show progress, then never finish."""
        yield Text(f"Working on {job}…")
        await steps.never.wait()
        yield Text("unreachable")

    @app.command()
    async def garble(job: str) -> AsyncIterator[Any]:
        """Show progress, then yield garbage."""
        yield Text(f"Working on {job}…")
        await steps.go.wait()
        yield 42

    return app


def tally_app() -> App:
    """Counts, kept by the host: per person and per conversation."""
    app = App(slug="tally", name="Tally", version="1.0.0", summary="Counts votes")

    @app.command()
    def vote(context: Context) -> Text:
        """Count a vote."""
        mine = context.person_state.get("votes", 0) + 1
        here = context.conversation_state.get("votes", 0) + 1
        context.person_state.set("votes", mine)
        context.conversation_state.set("votes", here)
        return Text(f"you {mine}, here {here}")

    return app


@dataclass
class Gate:
    """Holds the first press of the race app until the test lets it go."""

    first_in: asyncio.Event = field(default_factory=asyncio.Event)
    second_in: asyncio.Event = field(default_factory=asyncio.Event)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    arrivals: int = 0


def race_app(gate: Gate) -> App:
    """``/race start`` posts a card; each press of "Add" adds one to the person's count."""
    app = App(slug="race", name="Race", version="1.0.0", summary="Counts presses")

    @app.command()
    def start() -> Card:
        """Post a counter card."""
        return Card(title="Counter", buttons=(Button("Add", "add"),))

    @app.action()
    async def add(context: Context) -> Text:
        """Add one."""
        count = context.person_state.get("count", 0) + 1
        context.person_state.set("count", count)
        gate.arrivals += 1
        if gate.arrivals == 1:
            gate.first_in.set()
            await gate.release.wait()
        else:
            gate.second_in.set()
        return Text(f"count {count}")

    @app.command()
    def count(context: Context) -> Text:
        """Show the count."""
        return Text(f"count {context.person_state.get('count', 0)}")

    return app


def shop(told: list[PaymentEvent], *, scopes: tuple[str, ...] = ("payments.request",)) -> App:
    """Sells anything (``/shop buy AMOUNT REF``), refunds (``/shop refund PAYMENT AMOUNT
    KEY``, amount 0 for the rest) and records every outcome it is told."""
    app = App(slug="shop", name="Shop", version="1.0.0", summary="Buy things", scopes=scopes)

    @app.command()
    def buy(amount: int, reference: str) -> PaymentRequest:
        """Ask for money."""
        return PaymentRequest(amount=amount, description="a thing", reference=reference)

    @app.command()
    def refund(payment: str, amount: int, key: str) -> Refund:
        """Give money back."""
        return Refund(payment_id=payment, amount=amount or None, reason="changed mind", key=key)

    @app.on_payment()
    def outcome(context: Context, event: PaymentEvent) -> Text | None:
        told.append(event)
        if event.outcome == "completed":
            return Text(f"receipt for {event.reference}")
        return None

    return app


@dataclass
class Till:
    """What the till app was told, and a hold on its first payment outcome: with
    ``hold_first``, that answer waits (``first_in`` set) until the test sets ``release``."""

    told: list[PaymentEvent] = field(default_factory=list)
    hold_first: bool = False
    first_in: asyncio.Event = field(default_factory=asyncio.Event)
    release: asyncio.Event = field(default_factory=asyncio.Event)


def till(record: Till) -> App:
    """Sells anything (``/till buy AMOUNT REF``) and counts the payments it was paid in the
    payer's state; each receipt says which payment of that person it is, so a receipt
    acted on twice would read "receipt 2"."""
    app = App(
        slug="till",
        name="Till",
        version="1.0.0",
        summary="Counts sales",
        scopes=["payments.request"],
    )

    @app.command()
    def buy(amount: int, reference: str) -> PaymentRequest:
        """Ask for money."""
        return PaymentRequest(amount=amount, description="a thing", reference=reference)

    @app.on_payment("completed")
    async def paid(context: Context, event: PaymentEvent) -> Text:
        record.told.append(event)
        count = context.person_state.get("paid", 0) + 1
        context.person_state.set("paid", count)
        if record.hold_first and len(record.told) == 1:
            record.first_in.set()
            await record.release.wait()
        return Text(f"receipt {count} for {event.reference}")

    return app
