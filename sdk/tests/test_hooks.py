"""Each hook, called through the dispatcher: one app at a time, sync or async."""

import threading
from collections.abc import AsyncIterator
from types import ModuleType
from typing import Any

import pytest
from souq_sdk import (
    App,
    Context,
    PaymentEvent,
    PaymentOutcome,
    PaymentRequest,
    State,
    Text,
    Update,
    hookimpl,
)
from souq_sdk.dispatch import HookNotImplemented, call_app, implements, plugin_manager
from souq_sdk.manifest import validate_manifest


def context(app: str = "rec") -> Context:
    return Context(
        app=app,
        person_id="p1",
        conversation_id="c1",
        person_state=State(app=app, scope="person"),
        conversation_state=State(app=app, scope="conversation"),
    )


class Recorder:
    """An app (a plain plugin object) that records every call it receives."""

    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.calls: list[tuple[str, Any]] = []

    @hookimpl
    def souq_manifest(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name": self.slug.title(),
            "version": "1.0.0",
            "summary": "Records calls",
            "commands": [{"name": "go", "summary": "Go."}],
            "actions": [{"name": "press", "summary": "Press."}],
        }

    @hookimpl
    def souq_command(self, command: str, args: dict[str, Any], context: Context) -> Text:
        self.calls.append(("command", (command, args, context.person_id)))
        return Text(f"{self.slug} {command}")

    @hookimpl
    def souq_action(self, action: str, payload: dict[str, Any]) -> Update:
        self.calls.append(("action", (action, payload)))
        return Update(Text(f"{self.slug} {action}"))


@pytest.fixture
def two_apps() -> tuple[Any, Recorder, Recorder]:
    pm = plugin_manager()
    food, cinema = Recorder("food"), Recorder("cinema")
    pm.register(food)
    pm.register(cinema)
    return pm, food, cinema


async def test_souq_manifest_of_a_plain_module_and_of_an_app(echo_module: ModuleType) -> None:
    app = App(slug="shop", name="Shop", version="1.0.0", summary="Buy things")
    app.command("go")(lambda: Text("x"))
    pm = plugin_manager()
    pm.register(echo_module)
    pm.register(app)
    echo = validate_manifest(await call_app(pm, echo_module, "souq_manifest"))
    shop = validate_manifest(await call_app(pm, app, "souq_manifest"))
    assert (echo.slug, [c.name for c in echo.commands]) == ("echo", ["say", "count"])
    assert (shop.slug, [c.name for c in shop.commands]) == ("shop", ["go"])


async def test_souq_command_reaches_only_the_addressed_app(two_apps) -> None:
    pm, food, cinema = two_apps
    reply = await call_app(
        pm, food, "souq_command", command="go", args={"n": 1}, context=context("food")
    )
    assert reply == Text("food go")
    assert food.calls == [("command", ("go", {"n": 1}, "p1"))]
    assert cinema.calls == []


async def test_souq_action_reaches_only_the_addressed_app_with_the_arguments_it_declares(
    two_apps,
) -> None:
    pm, food, cinema = two_apps
    reply = await call_app(
        pm, cinema, "souq_action", action="press", payload={"seat": "A1"}, context=context()
    )
    assert reply == Update(Text("cinema press"))
    assert cinema.calls == [("action", ("press", {"seat": "A1"}))]
    assert food.calls == []


async def test_souq_payment_reaches_only_the_app_that_asked_with_its_event(two_apps) -> None:
    class Till:
        """A paying app: a plain plugin object that records the events it receives."""

        def __init__(self, slug: str) -> None:
            self.slug = slug
            self.events: list[tuple[PaymentEvent, str]] = []

        @hookimpl
        def souq_command(self) -> PaymentRequest:
            return PaymentRequest(amount=950, description="1 seat", reference="o-1")

        @hookimpl
        async def souq_payment(self, event: PaymentEvent, context: Context) -> Text | None:
            self.events.append((event, context.person_id))
            if event.outcome is not PaymentOutcome.COMPLETED:
                return None
            return Text(f"{self.slug}: paid {event.reference}")

    pm, food, _ = two_apps
    cinema, shop = Till("cinema"), Till("shop")
    pm.register(cinema)
    pm.register(shop)
    paid = PaymentEvent(PaymentOutcome.COMPLETED, "pay-1", "o-1", 950, "EUR", "1 seat")
    expired = PaymentEvent(PaymentOutcome.EXPIRED, "pay-2", "o-2", 950, "EUR", "1 seat")
    assert await call_app(
        pm, cinema, "souq_payment", event=paid, context=context("cinema"), notifier=None
    ) == Text("cinema: paid o-1")
    assert (
        await call_app(pm, cinema, "souq_payment", event=expired, context=context(), notifier=None)
        is None
    )
    assert cinema.events == [(paid, "p1"), (expired, "p1")]
    assert shop.events == []
    assert food.calls == []
    with pytest.raises(HookNotImplemented, match="does not implement souq_payment"):
        await call_app(pm, food, "souq_payment", event=paid, context=context("food"), notifier=None)


async def test_sync_implementations_run_in_a_worker_thread_and_async_ones_on_the_loop() -> None:
    threads: dict[str, int] = {}

    class Sync:
        @hookimpl
        def souq_manifest(self) -> dict[str, Any]:
            threads["sync"] = threading.get_ident()
            return {}

    class Async:
        @hookimpl
        async def souq_manifest(self) -> dict[str, Any]:
            threads["async"] = threading.get_ident()
            return {}

    pm = plugin_manager()
    sync, async_ = Sync(), Async()
    pm.register(sync)
    pm.register(async_)
    await call_app(pm, sync, "souq_manifest")
    await call_app(pm, async_, "souq_manifest")
    assert threads["async"] == threading.get_ident()
    assert threads["sync"] != threading.get_ident()


async def test_awaitables_are_awaited_and_async_generators_passed_through() -> None:
    class Streaming:
        @hookimpl
        def souq_command(self) -> Any:
            async def steps() -> AsyncIterator[Text]:
                yield Text("working")
                yield Text("done")

            return steps()

        @hookimpl
        def souq_action(self) -> Any:
            async def later() -> Text:
                return Text("later")

            return later()

    pm = plugin_manager()
    app = Streaming()
    pm.register(app)
    stream = await call_app(pm, app, "souq_command", command="c", args={}, context=context())
    assert [step async for step in stream] == [Text("working"), Text("done")]
    assert await call_app(
        pm, app, "souq_action", action="a", payload={}, context=context()
    ) == Text("later")


async def test_dispatch_refuses_mistakes_of_the_caller(two_apps) -> None:
    pm, food, _ = two_apps
    with pytest.raises(TypeError, match="souq_command takes keyword arguments"):
        await call_app(pm, food, "souq_command", command="go", args={})
    with pytest.raises(ValueError, match="'souq_nothing' is not a souq hook"):
        await call_app(pm, food, "souq_nothing")
    with pytest.raises(ValueError, match="is not registered"):
        await call_app(pm, Recorder("other"), "souq_manifest")


async def test_an_app_may_leave_hooks_out() -> None:
    class OnlyManifest:
        @hookimpl
        def souq_manifest(self) -> dict[str, Any]:
            return {}

    pm = plugin_manager()
    app = OnlyManifest()
    pm.register(app)
    assert implements(pm, app, "souq_manifest")
    assert not implements(pm, app, "souq_action")
    with pytest.raises(HookNotImplemented, match="does not implement souq_action"):
        await call_app(pm, app, "souq_action", action="a", payload={}, context=context())
