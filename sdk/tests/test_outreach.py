"""Events, scheduled jobs and the notifier: the hooks, the declarative layer and the
harness's business messages (the host's rule on the harness's clock)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from souq_sdk import (
    App,
    Button,
    Card,
    Context,
    PaymentEvent,
    PaymentOutcome,
    PaymentRequest,
    Shared,
    Text,
)
from souq_sdk.dispatch import call_app, plugin_manager
from souq_sdk.errors import InvalidManifest
from souq_sdk.hookspecs import hookimpl
from souq_sdk.manifest import validate_manifest
from souq_sdk.notices import Allowed, Basis, Category, Notifier, Refusal, Refused
from souq_sdk.params import ParameterError
from souq_sdk.testing import AppHarness, HarnessError

SCOPES = ("messages.notify", "messages.promote")
DOCS = Path(__file__).parents[2] / "docs" / "writing-apps.md"
CODE_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def flights() -> App:
    app = App(slug="flights", name="Flights", version="1.0.0", summary="Flies", scopes=SCOPES)

    @app.command()
    def book(context: Context) -> Text:
        """Book a seat."""
        return Text("booked")

    @app.event("delayed")
    def delayed(notifier: Notifier, data: dict[str, Any]) -> dict[str, Any]:
        refused: dict[str, str] = {}
        for person in data["people"]:
            result = notifier.notify(person, Text(f"{data['flight']} is delayed"))
            if isinstance(result, Refused):
                refused[person] = result.code
        return {"refused": refused}

    @app.job("offers", every=timedelta(hours=1))
    async def offers(notifier: Notifier) -> None:
        for person in list(people):
            await notifier.anotify(person, Text("50% off"), category=Category.PROMOTION)

    people: list[str] = []
    app.people = people  # type: ignore[attr-defined]
    return app


def test_events_and_jobs_are_in_the_manifest() -> None:
    manifest = flights().manifest()
    assert manifest.events == ("delayed",)
    assert manifest.job("offers") is not None and manifest.job("offers").every == 3600
    assert manifest.to_dict()["jobs"] == [{"name": "offers", "every": 3600}]
    assert "events" not in validate_manifest({**manifest.to_dict(), "events": []}).to_dict()


def test_a_job_runs_at_most_once_a_minute_and_names_are_checked() -> None:
    app = flights()
    with pytest.raises(InvalidManifest, match="between 60"):

        @app.job(every=timedelta(seconds=30))
        def often(notifier: Notifier) -> None: ...

    with pytest.raises(InvalidManifest, match="must be a-z"):

        @app.event("Bad Name")
        def bad(notifier: Notifier, data: dict[str, Any]) -> None: ...

    with pytest.raises(ParameterError, match="notifier and the data"):

        @app.event()
        def lonely() -> None: ...

    assert flights().manifest().job("often") is None


async def test_souq_event_calls_only_the_named_event_with_its_data_and_notifier() -> None:
    seen: list[tuple[str, dict[str, Any], object]] = []

    class Plain:
        @hookimpl
        def souq_event(self, event: str, data: dict[str, Any], notifier: Notifier) -> dict:
            # an implementation declares only the arguments it uses (not ``shared`` here)
            seen.append((event, data, notifier))
            return {"ok": True}

    pm = plugin_manager()
    plain, other = Plain(), Plain()
    pm.register(plain)
    pm.register(other)
    answer = await call_app(
        pm, plain, "souq_event", event="x", data={"a": 1}, notifier="n", shared=Shared()
    )
    assert answer == {"ok": True} and seen == [("x", {"a": 1}, "n")]


async def test_souq_job_runs_the_declared_job_with_the_notifier_and_shared_documents() -> None:
    ran: list[object] = []
    app = App(slug="jobs", name="Jobs", version="1.0.0", summary="Runs")

    @app.command()
    def noop() -> Text:
        """Nothing."""
        return Text("ok")

    @app.job("tick", every=timedelta(minutes=1))
    def tick(notifier: Notifier) -> None:
        ran.append(notifier)

    @app.job("tack", every=timedelta(minutes=1))
    def tack(notifier: Notifier, shared: Shared) -> None:
        ran.append(shared)

    pm = plugin_manager()
    pm.register(app)
    shared = Shared()
    assert await call_app(pm, app, "souq_job", job="tick", notifier="n", shared=shared) is None
    assert await call_app(pm, app, "souq_job", job="tack", notifier="n", shared=shared) is None
    assert ran == ["n", shared]
    with pytest.raises(LookupError, match="no job 'tock'"):
        await call_app(pm, app, "souq_job", job="tock", notifier="n", shared=shared)


def test_the_harness_applies_the_hosts_rule_with_reasons() -> None:
    h = AppHarness(flights())
    ana, bruno, carla = (h.person_id(p) for p in ("ana", "bruno", "carla"))
    h.run("/flights book", as_person="ana")
    h.run("/flights book", as_person="bruno")
    h.advance(timedelta(hours=25))  # both windows closed
    h.grant("ana", "messages.notify")
    summary = h.event("delayed", {"flight": "KL1234", "people": [ana, bruno, carla]})
    assert summary == {"refused": {bruno: "not_opted_in", carla: "unknown_person"}}
    assert [(d.person, d.reply, d.delivered.basis) for d in h.delivered] == [
        ("ana", Text("KL1234 is delayed"), Basis.GRANTED)
    ]
    assert [(r.person, r.refused.code) for r in h.refused] == [
        ("bruno", Refusal.NOT_OPTED_IN),
        (carla, Refusal.UNKNOWN_PERSON),
    ]
    h.run("/flights book", as_person="bruno")  # a command opens bruno's window
    assert isinstance(h.notifier.can_notify(bruno), Allowed)
    h.block("bruno")
    assert h.notifier.can_notify(bruno).code is Refusal.BLOCKED  # type: ignore[union-attr]
    h.revoke("ana", "messages.notify")
    assert h.notifier.can_notify(ana).code is Refusal.NOT_OPTED_IN  # type: ignore[union-attr]


def test_the_harness_caps_promotions_per_week_on_its_clock() -> None:
    app = flights()
    h = AppHarness(app)
    h.run("/flights book", as_person="ana")
    app.people.append(h.person_id("ana"))  # type: ignore[attr-defined]
    h.run_job("offers")
    assert h.refused[-1].refused.code is Refusal.PROMOTIONS_OFF
    h.grant("ana", "messages.promote")
    for _ in range(3):
        h.run_job("offers")
    assert len(h.delivered) == 2 and h.refused[-1].refused.code is Refusal.RATE_LIMITED
    h.advance(timedelta(days=7, seconds=1))
    h.run_job("offers")
    assert len(h.delivered) == 3
    with pytest.raises(HarnessError, match="no job 'nope'"):
        h.run_job("nope")
    with pytest.raises(HarnessError, match=r"does not ask for 'profile\.phone'"):
        h.grant("ana", "profile.phone")


def test_the_messaging_example_in_the_docs_works(install_demo: Callable[..., None]) -> None:
    """The app and the harness test of "Messaging people outside a command" run as shown."""
    install_demo("0.1.0")
    blocks = CODE_BLOCK.findall(DOCS.read_text())
    (app_block,) = [b for b in blocks if '@app.event("delayed")' in b]
    (test_block,) = [b for b in blocks if "def test_a_delay_reaches_who_allowed_it" in b]
    module = ModuleType("souq_demo.docs_flights")
    exec(compile(app_block + test_block, str(DOCS), "exec"), module.__dict__)
    module.test_a_delay_reaches_who_allowed_it()
    h = AppHarness(module.app)
    h.run("/flights who", as_person="ana")
    h.grant("ana", "messages.promote")
    module.subscribers.append(h.person_id("ana"))
    h.run_job("deals")
    assert [(d.person, d.category) for d in h.delivered] == [("ana", Category.PROMOTION)]


def test_a_payment_handler_may_take_the_notifier_and_sync_calls_refuse_the_loop() -> None:
    app = App(
        slug="shop", name="Shop", version="1.0.0", summary="Sells", scopes=("payments.request",)
    )

    @app.command()
    def buy() -> PaymentRequest:
        """Buy."""
        return PaymentRequest(amount=500, description="a mug", reference="o-1")

    @app.on_payment(PaymentOutcome.COMPLETED)
    async def paid(context: Context, event: PaymentEvent, notifier: Notifier) -> Text:
        with pytest.raises(RuntimeError, match="await anotify"):
            notifier.notify(context.person_id, Text("on the loop"))
        await notifier.anotify(context.person_id, Text("Your mug ships tomorrow"))
        return Text("paid")

    h = AppHarness(app)
    request = h.run("/shop buy")
    assert isinstance(request, PaymentRequest)
    assert h.pay(request) == Text("paid")
    assert [(d.person, d.reply) for d in h.delivered] == [("ana", Text("Your mug ships tomorrow"))]


def test_the_recipient_presses_a_business_messages_buttons_in_their_chat_with_the_app() -> None:
    app = App(slug="bank", name="Bank", version="1.0.0", summary="Asks", scopes=SCOPES)

    @app.command()
    def link(context: Context) -> Text:
        """Link your account."""
        return Text("linked")

    @app.event("transfer")
    def transfer(notifier: Notifier, data: dict[str, Any]) -> None:
        question = Card(title="Was this you?", buttons=(Button("Yes", "yes"),))
        notifier.notify(data["person"], question)

    @app.action()
    def yes(context: Context) -> Text:
        """It was me."""
        return Text(f"thanks, in {context.conversation_id}")

    h = AppHarness(app)
    h.run("/bank link", as_person="ana")
    h.grant("ana", "messages.notify")
    h.event("transfer", {"person": h.person_id("ana")})
    (button,) = h.delivered[0].reply.buttons
    with pytest.raises(HarnessError, match="private to ana"):
        h.press(button, as_person="bruno")
    chat = h.conversation_id(h.app_chat)
    assert h.press(button, as_person="ana") == Text(f"thanks, in {chat}")
