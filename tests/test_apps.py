"""The mini-app host over the real server: discovery, commands, privacy, faults, buttons.

Test apps (``sample_apps``) are registered directly and removed after each test; the
workspace's own apps (food) come from real entry-point discovery.

Commands and presses go through :class:`Chat`; tests marked ``@transports()`` run twice:
over GraphQL (``sendMessage`` and ``pressButton``, what clients do) and straight through
the host service (``services.invocations``). Everything is read back over GraphQL HTTP and
the ``events`` WebSocket subscription either way.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
from collections.abc import AsyncIterator, Awaitable
from contextlib import AbstractAsyncContextManager
from importlib.metadata import EntryPoint, entry_points
from typing import Any

import pytest
import souq.apps.registry as registry_module
from conftest import Install
from live_server import Api, Subscriber
from sample_apps import (
    Gate,
    Hold,
    InvalidManifestApp,
    RaisingManifestApp,
    Recorder,
    Steps,
    calc_app,
    race_app,
    shaky_app,
    simple_app,
    sleepy_app,
    slow_app,
    tally_app,
)
from souq.apps.health import health as app_health
from souq.apps.invocations import MAX_SUGGESTIONS
from souq.apps.registry import AppLoadError
from souq.db.models import AppCall, AppState
from souq.demo import BUNDLED
from souq.errors import DomainError
from souq.runtime import Services
from souq_sdk import UsageError
from souq_sdk.testing import AppHarness
from sqlalchemy import select

OVERRIDES: dict[str, object] = {"app_timeout_seconds": 5.0, "app_timeouts": {"sleepy": 0.3}}


def transports() -> pytest.MarkDecorator:
    """Run a test over GraphQL and through the host service (see :class:`Chat`)."""
    return pytest.mark.parametrize("chat", ["graphql", "service"], indirect=True)


MESSAGE = """fragment M on Message {
  id seq body private revision conversationId
  app { slug name } sender { username } invoker { username }
  content {
    __typename
    ... on Card { title body fields { label value } buttons { id label } }
    ... on ListContent { title items { title body buttons { id label } } }
  }
}"""

SEND = (
    """mutation($c: ID!, $b: String!, $k: String!) {
  sendMessage(conversationId: $c, body: $b, clientMessageId: $k) { ...M }
}"""
    + MESSAGE
)

HISTORY = (
    """query($id: ID!) { conversation(id: $id) { messages(last: 100) { nodes { ...M } } } }"""
    + MESSAGE
)

EVENTS = (
    """subscription($after: [SeenInput!]) { events(after: $after) {
  __typename
  ... on MessagePosted { message { ...M } }
  ... on MessageUpdated { message { ...M } }
} }"""
    + MESSAGE
)

Message = dict[str, Any]


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    """A short timeout for the app that hangs; generous ones for the rest."""
    return dict(OVERRIDES)


class Refused(Exception):
    """A command or press the server refused, with its error code."""

    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


class Chat:
    """Sends messages and presses buttons as a person; reads back over GraphQL."""

    def __init__(self, api: Api, services: Services, via: str) -> None:
        self.api = api
        self.services = services
        self.via = via

    async def _account(self, token: str) -> Any:
        account = await self.services.accounts.authenticate(token)
        assert account is not None
        return account

    async def send(self, token: str, conversation: str, body: str, client_id: str) -> Message:
        """Send a message (a command if it starts with /); return what sendMessage returns."""
        if self.via == "graphql":
            answer = await self.api.gql(SEND, {"c": conversation, "b": body, "k": client_id}, token)
            if answer.get("errors"):
                error = answer["errors"][0]
                raise Refused(error.get("extensions", {}).get("code", "?"), error["message"])
            return answer["data"]["sendMessage"]
        me = await self._account(token)
        try:
            record = await self.services.invocations.send(me, int(conversation), body, client_id)
        except DomainError as error:
            raise Refused(str(error.code), error.message) from None
        return await self.message(token, conversation, str(record.id))

    async def command(
        self, token: str, conversation: str, line: str, client_id: str | None = None
    ) -> Message:
        """Run a command; return the command line, which must be private to its sender."""
        sent = await self.send(token, conversation, line, client_id or f"cmd-{next_id()}")
        assert sent["private"], f"the command line {line!r} was not kept private: {sent}"
        return sent

    async def press(
        self, token: str, message_id: str, button_id: str, client_id: str | None = None
    ) -> Message:
        """Press a button; return the resulting message (a new reply, or the updated card)."""
        client_id = client_id if client_id is not None else f"press-{next_id()}"
        if self.via == "graphql":
            arguments = ", ".join(
                f"{name}: {json.dumps(value)}"
                for name, value in (
                    ("messageId", message_id),
                    ("buttonId", button_id),
                    ("clientId", client_id),
                )
            )
            answer = await self.api.gql(
                f"mutation {{ pressButton({arguments}) {{ ...M }} }}" + MESSAGE, token=token
            )
            if answer.get("errors"):
                error = answer["errors"][0]
                raise Refused(error.get("extensions", {}).get("code", "?"), error["message"])
            return answer["data"]["pressButton"]
        me = await self._account(token)
        try:
            record = await self.services.invocations.press(
                me, int(message_id), button_id, client_id
            )
        except DomainError as error:
            raise Refused(str(error.code), error.message) from None
        history = await self.history(token, str(record.conversation_id))
        return next(m for m in history if m["id"] == str(record.id))

    async def refused(self, action: Awaitable[Message]) -> str:
        """The error code of a send or press that must fail."""
        try:
            result = await action
        except Refused as refusal:
            return refusal.code
        raise AssertionError(f"expected a refusal, got {result}")

    async def history(self, token: str, conversation: str) -> list[Message]:
        """The newest 100 messages ``token``'s owner can see, in seq order."""
        data = await self.api.ok(HISTORY, {"id": conversation}, token)
        return data["conversation"]["messages"]["nodes"]

    async def message(self, token: str, conversation: str, message_id: str) -> Message:
        """One message, as its reader sees it now."""
        return next(m for m in await self.history(token, conversation) if m["id"] == message_id)

    async def after(self, token: str, conversation: str, message: Message) -> list[Message]:
        """What ``token``'s owner sees after ``message``."""
        history = await self.history(token, conversation)
        return [m for m in history if m["seq"] > message["seq"]]

    async def reply(self, token: str, conversation: str, line: Message) -> Message:
        """The answer to a command line (the next message its sender sees)."""
        later = await self.after(token, conversation, line)
        assert later, f"nothing answered {line['body']!r}"
        return later[0]

    async def run(self, token: str, conversation: str, line: str) -> Message:
        """Run a command and return its answer."""
        return await self.reply(token, conversation, await self.command(token, conversation, line))


_ids = iter(range(1, 1_000_000))


def next_id() -> int:
    """A fresh number for client ids."""
    return next(_ids)


@pytest.fixture
def chat(request: pytest.FixtureRequest, api: Api, services: Services) -> Chat:
    """Commands and presses over GraphQL, or straight through the host service."""
    return Chat(api, services, request.param)


@pytest.fixture
async def hold(services: Services) -> AsyncIterator[Hold]:
    """What the sleepy app blocks on; released at teardown, before the loop and the
    services close (an async fixture on ``services`` is torn down before both)."""
    control = Hold()
    yield control
    control.release.set()
    control.never.set()


@pytest.fixture
async def steps(services: Services) -> AsyncIterator[Steps]:
    """The test's hold on the slow app's streams; released at teardown."""
    control = Steps()
    yield control
    control.go.set()
    control.never.set()


async def people(api: Api, *names: str) -> list[str]:
    """Register people; return their tokens."""
    return [await api.register(name) for name in names]


async def next_event(live: Subscriber) -> tuple[str, Message]:
    """The next event of an ``events`` subscription: its type and its message."""
    payload = await live.next()
    assert not payload.get("errors"), payload
    event = payload["data"]["events"]
    return event["__typename"], event["message"]


async def live_from_now(api: Api, token: str) -> AbstractAsyncContextManager[Subscriber]:
    """``token``'s events from now on, with no gap whatever the timing (see ``from_now``)."""
    return api.subscribe(token, EVENTS, await api.from_now(token))


async def prime(api: Api, token: str, conversation: str, *subscribers: Subscriber) -> None:
    """Make sure the subscriptions are live: a public message reaches each of them."""
    await api.send(token, conversation, "prime", f"prime-{next_id()}")
    for live in subscribers:
        kind, message = await next_event(live)
        assert (kind, message["body"]) == ("MessagePosted", "prime")


async def app_calls(services: Services, slug: str) -> list[tuple[str, str, str]]:
    """The calls recorded against an app: (kind, name, outcome), oldest first."""
    query = (
        select(AppCall.kind, AppCall.name, AppCall.outcome)
        .where(AppCall.app_slug == slug)
        .order_by(AppCall.id)
    )
    rows = await services.db.read(lambda s: s.execute(query).all())
    return [(kind, name, outcome) for kind, name, outcome in rows]


async def app_call_errors(services: Services, slug: str) -> list[str | None]:
    """The error column of an app's recorded calls, oldest first."""
    query = select(AppCall.error).where(AppCall.app_slug == slug).order_by(AppCall.id)
    return list(await services.db.read(lambda s: s.scalars(query).all()))


async def streams_settled(services: Services) -> None:
    """Wait for the host's background streams to finish (and be recorded)."""
    running = list(services.invocations._streams)
    await asyncio.wait_for(asyncio.gather(*running), timeout=10)


def buttons(message: Message) -> dict[str, str]:
    """A card's or list's buttons: ``{label: id}`` (first of each label)."""
    content = message["content"]
    found: dict[str, str] = {}
    rows = [content] if content["__typename"] == "Card" else content["items"]
    for row in rows:
        for button in row["buttons"]:
            found.setdefault(button["label"], button["id"])
    return found


# -- discovery and registration -------------------------------------------------------


APPS = """{ apps { slug name version summary commands {
  name summary usage params { name type required help choices min max } } } }"""


async def test_workspace_apps_are_found_through_entry_points(api: Api, services: Services) -> None:
    assert "food" in {ep.name for ep in entry_points(group="souq")}
    food = services.apps.get("food")
    assert food is not None
    assert "souq-food" in food.source and "souq_food.app:app" in food.source
    assert [p for p in services.apps.problems if p.name in BUNDLED] == []

    ana = await api.register("ana")
    apps = {app["slug"]: app for app in (await api.ok(APPS, token=ana))["apps"]}
    assert apps["food"]["name"] == "Food" and apps["food"]["version"] == "1.3.0"
    commands = {c["name"]: c for c in apps["food"]["commands"]}
    assert set(commands) == {"restaurants", "menu", "cart", "clear", "checkout"}
    assert commands["menu"]["usage"] == "/food menu <restaurant...>"
    assert commands["menu"]["params"] == [
        {
            "name": "restaurant",
            "type": "text",
            "required": True,
            "help": "a restaurant as /food restaurants shows it (any case), its short name "
            "(da-enzo), or a city (roma)",
            "choices": None,
            "min": None,
            "max": None,
        }
    ]
    city = commands["restaurants"]["params"][0]
    assert (city["type"], city["choices"]) == ("choice", ["roma", "milano", "paris", "lisbon"])
    assert commands["cart"]["params"] == [] and commands["cart"]["usage"] == "/food cart"
    error = await api.error(APPS)
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_test_apps_registered_directly_appear_with_their_typed_commands(
    api: Api, install: Install
) -> None:
    loaded = await install(calc_app([]))
    assert (loaded.slug, loaded.source) == ("calc", "test")
    ana = await api.register("ana")
    apps = {app["slug"]: app for app in (await api.ok(APPS, token=ana))["apps"]}
    commands = {c["name"]: c for c in apps["calc"]["commands"]}
    assert commands["add"]["usage"] == "/calc add <a> <b>"
    assert commands["add"]["params"][1] == {
        "name": "b",
        "type": "int",
        "required": True,
        "help": "a small one",
        "choices": None,
        "min": "1",
        "max": "10",
    }
    assert commands["order"]["usage"] == "/calc order <size> [drink]"
    assert [p["choices"] for p in commands["order"]["params"]] == [
        ["small", "large"],
        ["tea", "coffee"],
    ]
    assert commands["pay"]["params"][0]["min"] == "0.01"
    assert commands["note"]["usage"] == "/calc note <text...>"


async def test_broken_apps_are_refused_with_a_reason_and_the_server_carries_on(
    api: Api, services: Services, install: Install
) -> None:
    ana = await api.register("ana")
    before = await api.ok(APPS, token=ana)
    plugins = len(services.apps.pm.get_plugins())
    cases: list[tuple[object, str]] = [
        (InvalidManifestApp(), "invalid manifest"),
        (RaisingManifestApp(), "its manifest hook failed: RuntimeError('manifest exploded')"),
        (simple_app("food", "Fake food"), "the slug 'food' is taken by souq_food.app:app"),
        (simple_app("help"), "the slug 'help' is reserved"),
        (simple_app("souq"), "the slug 'souq' is reserved"),
        (object(), "its manifest hook failed"),
    ]
    for plugin, reason in cases:
        with pytest.raises(AppLoadError) as refused:
            await services.apps.register(plugin, source="test")
        assert reason in str(refused.value), (plugin, str(refused.value))
        assert len(services.apps.pm.get_plugins()) == plugins, "a refused app stayed registered"
    invalid = str((await _refusal(services, InvalidManifestApp())).value)
    for problem in ("slug: 'Not A Slug!'", "version: 'one'", "commands[0].params[0].type"):
        assert problem in invalid, invalid

    hello = simple_app("hello")
    await install(hello)
    with pytest.raises(AppLoadError, match="already loaded"):
        await services.apps.register(hello, source="test")

    assert services.apps.get("food") is not None
    after = await api.ok(APPS, token=ana)
    assert [a["slug"] for a in after["apps"]] == sorted(
        [a["slug"] for a in before["apps"]] + ["hello"]
    )
    assert next(a for a in after["apps"] if a["slug"] == "food")["name"] == "Food"


async def _refusal(services: Services, plugin: object) -> pytest.ExceptionInfo[AppLoadError]:
    with pytest.raises(AppLoadError) as refused:
        await services.apps.register(plugin, source="test")
    return refused


async def test_broken_entry_points_are_reported_and_skipped(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed = [
        EntryPoint("missing", "souq_no_such_module:app", "souq"),
        EntryPoint("invalid", "sample_apps:invalid_manifest_app", "souq"),
        EntryPoint("again", "souq_food.app:app", "souq"),
        EntryPoint("copycat", "sample_apps:fake_food", "souq"),
        EntryPoint("hello", "sample_apps:hello_app", "souq"),
    ]
    monkeypatch.setattr(registry_module, "entry_points", lambda group: installed)
    try:
        await services.apps.discover()
        problems = {p.name: p for p in services.apps.problems}
        assert set(problems) == {"missing", "invalid", "again", "copycat"}
        assert problems["missing"].reason.startswith("import failed: ModuleNotFoundError")
        assert "souq_no_such_module" in problems["missing"].reason
        assert problems["missing"].source == "souq_no_such_module:app"
        assert problems["invalid"].reason.startswith("invalid manifest: slug:")
        assert "already loaded" in problems["again"].reason
        assert problems["copycat"].reason.startswith(
            "the slug 'food' is taken by souq_food.app:app"
        )
        hello = services.apps.get("hello")
        assert hello is not None and hello.source == "sample_apps:hello_app"
        food = services.apps.get("food")
        assert food is not None and "souq-food" in food.source
    finally:
        services.apps.remove("hello")


# -- commands: typed arguments, usage, help -------------------------------------------


USAGE_CASES: list[tuple[str, list[str]]] = [
    ("/food menu", ["Missing <restaurant>.", "Usage: /food menu <restaurant...>"]),
    ("/calc add 2", ["Missing <b>.", "Usage: /calc add <a> <b>"]),
    ("/calc add two 3", ["<a> must be a whole number, not 'two'.", "Usage: /calc add <a> <b>"]),
    ("/calc add 2.5 3", ["<a> must be a whole number, not '2.5'."]),
    ("/calc add 2 11", ["<b> must be a whole number from 1 to 10, not 11."]),
    ("/calc add 2 0", ["<b> must be a whole number from 1 to 10, not 0."]),
    ("/calc add 2 3 4", ["Unexpected extra argument '4'.", "Usage: /calc add <a> <b>"]),
    ("/calc order medium", ["<size> must be one of small, large, not 'medium'."]),
    ("/calc order small milk", ["<drink> must be one of tea, coffee, not 'milk'."]),
    ("/calc order", ["Missing <size>.", "Usage: /calc order <size> [drink]"]),
    ("/calc pay 0", ["<amount> must be a number such as 12.50 from 0.01 to 100, not 0."]),
    ("/calc pay 1e3", ["<amount> must be a number such as 12.50 from 0.01 to 100, not '1e3'."]),
    (
        "/calc pay 99999999999999999999",
        [
            "<amount> may have at most 18 digits before the point and 18 after it, "
            "not '99999999999999999999'.",
            "Usage: /calc pay <amount> [day]",
        ],
    ),
    ("/calc tip 10.005", ["<amount>: EUR has 2 decimal places; '10.005' has more.", "/calc tip"]),
    ("/calc add ١٢ 1", ["<a> must be written with the digits 0-9, not '١٢'.", "/calc add <a> <b>"]),
    ("/calc pay 5 2025-02-30", ["<day> must be a date such as 2025-03-14, not '2025-02-30'."]),
    ('/calc echo "two words', ["Unbalanced quotes: no closing quotation.", "/calc echo <word>"]),
    ("/calc echo hi maybe", ["<loud> must be yes or no, not 'maybe'."]),
    ("/calc note", ["Missing <text>.", "Usage: /calc note <text...>"]),
    ("/help", ["/food", "Order food", "/calc", "add, order, pay, tip, echo, note, span"]),
    ("/food", ["Food 1.3.0:", "/food menu <restaurant...>", "/food restaurants <city>"]),
    ("/food help", ["Food 1.3.0:", "/food menu <restaurant...>", "/food cart"]),
    ("/fod menu roma", ["There is no app /fod.", "Did you mean /food?", "/help"]),
    ("/zzzzzz", ["There is no app /zzzzzz. Type /help for the list."]),
    ("/food men da-enzo", ["Food has no command 'men'.", "Did you mean /food menu?"]),
    ("/food xyzzy", ["Food has no command 'xyzzy'.", "Type /food help to see its commands."]),
    ("/", ["A command starts with / followed by an app"]),
]


@transports()
async def test_usage_errors_and_help_are_private_answers_from_souq(
    api: Api, chat: Chat, install: Install
) -> None:
    calls: list[dict[str, Any]] = []
    await install(calc_app(calls))
    ana, bruno = await people(api, "ana", "bruno")
    conversation = await api.direct(ana, "bruno")
    for line, expected in USAGE_CASES:
        sent = await chat.command(ana, conversation, line)
        assert (sent["body"], sent["sender"]) == (line, {"username": "ana"})
        answers = await chat.after(ana, conversation, sent)
        assert len(answers) == 1, (line, answers)
        answer = answers[0]
        assert answer["app"] == {"slug": "souq", "name": "souq"}, line
        assert answer["private"] and answer["invoker"] == {"username": "ana"}, line
        assert answer["sender"] is None, line
        for text in expected:
            assert text in answer["body"], (line, answer["body"])
        assert "Traceback" not in answer["body"]
    assert calls == [], "the app was called for a line the host should have refused"
    assert await chat.history(bruno, conversation) == []


@transports()
async def test_a_usage_error_raised_by_a_handler_answers_like_the_harness_and_is_no_fault(
    api: Api, chat: Chat, install: Install, services: Services
) -> None:
    calls: list[dict[str, Any]] = []
    await install(calc_app(calls))
    ana, _bruno = await people(api, "ana", "bruno")
    conversation = await api.direct(ana, "bruno")
    line = "/calc span 2025-03-14 2025-03-01"
    with pytest.raises(UsageError) as raised:
        await AppHarness(calc_app([])).arun(line)
    expected = "<end> 2025-03-01 is before <start> 2025-03-14.\nUsage: /calc span <start> <end>"
    assert str(raised.value) == expected
    answer = await chat.run(ana, conversation, line)
    assert (answer["app"]["slug"], answer["private"]) == ("souq", True)
    assert answer["body"] == expected
    fine = await chat.run(ana, conversation, "/calc span 2025-03-01 2025-03-14")
    assert fine["body"] == "days=13"
    assert await app_calls(services, "calc") == [
        ("command", "span", "usage"),
        ("command", "span", "ok"),
    ]
    health = await services.db.read(lambda s: app_health(s, "calc"))
    assert (health.calls, health.errors, health.invalid) == (2, 0, 0)


OK_CASES: list[tuple[str, str]] = [
    ("/calc add -4 10", "a=-4 b=10"),
    ("/CALC ADD 1 1", "a=1 b=1"),
    ("/calc order LARGE", "size=<Size.LARGE: 'large'> drink='tea'"),
    ("/calc order small Coffee", "size=<Size.SMALL: 'small'> drink='coffee'"),
    ("/calc pay 12.50 2025-03-14", "amount=Decimal('12.50') day=datetime.date(2025, 3, 14)"),
    ("/calc pay 7", "amount=Decimal('7') day=None"),
    ("/calc tip 12.5", "amount=1250"),
    ('/calc echo "two words" yes', "word='two words' loud=True"),
    ("/calc echo 'it''s' off", "word='its' loud=False"),
    ("/calc note   spaced   out  text ", "text='spaced   out  text'"),
]


@transports()
async def test_typed_arguments_reach_the_app_converted(
    api: Api, chat: Chat, install: Install
) -> None:
    calls: list[dict[str, Any]] = []
    await install(calc_app(calls))
    ana, _bruno = await people(api, "ana", "bruno")
    conversation = await api.direct(ana, "bruno")
    for line, expected in OK_CASES:
        answer = await chat.run(ana, conversation, line)
        assert answer["app"] == {"slug": "calc", "name": "Calc"}, line
        assert (answer["body"], answer["private"]) == (expected, True), line
    assert len(calls) == len(OK_CASES)


# -- privacy ---------------------------------------------------------------------------


LAST = """{ conversations { nodes { id unreadCount lastMessage { id body private app { slug } } } } }"""


async def _overview(api: Api, token: str, conversation: str) -> dict[str, Any]:
    nodes = (await api.ok(LAST, token=token))["conversations"]["nodes"]
    return next(n for n in nodes if n["id"] == conversation)


@transports()
async def test_private_replies_never_reach_other_members(
    api: Api, chat: Chat, install: Install
) -> None:
    await install(Recorder("alpha"))
    ana, bruno, carla = await people(api, "ana", "bruno", "carla")
    group = await api.group(ana, "Lunch", ["bruno", "carla"])
    async with (
        await live_from_now(api, ana) as ana_live,
        await live_from_now(api, bruno) as bruno_live,
    ):
        await prime(api, carla, group, ana_live, bruno_live)
        secret = await chat.command(ana, group, "/alpha ping secret")
        menu_line = await chat.command(ana, group, "/food menu da-enzo")
        await api.send(carla, group, "after", "after")

        # ana sees her command lines and both replies; bruno only the public menu.
        seen = [await next_event(ana_live) for _ in range(5)]
        assert [(kind, m["body"], m["private"]) for kind, m in seen] == [
            ("MessagePosted", "/alpha ping secret", True),
            ("MessagePosted", "alpha pong secret", True),
            ("MessagePosted", "/food menu da-enzo", True),
            ("MessagePosted", "Da Enzo al 29: menu", False),
            ("MessagePosted", "after", False),
        ]
        kind, menu = await next_event(bruno_live)
        assert (kind, menu["app"]["slug"], menu["private"]) == ("MessagePosted", "food", False)
        assert (
            menu["invoker"] == {"username": "ana"}
            and menu["content"]["__typename"] == "ListContent"
        )
        kind, after = await next_event(bruno_live)
        assert after["body"] == "after", "bruno received something private to ana"

        # One more private exchange, then a public message: that is bruno's next event.
        await chat.command(ana, group, "/alpha ping again")
        await api.send(carla, group, "last", "last")
        kind, last = await next_event(bruno_live)
        assert (kind, last["body"]) == ("MessagePosted", "last")

    ana_bodies = [m["body"] for m in await chat.history(ana, group)]
    assert ana_bodies == [
        "prime",
        "/alpha ping secret",
        "alpha pong secret",
        "/food menu da-enzo",
        "Da Enzo al 29: menu",
        "after",
        "/alpha ping again",
        "alpha pong again",
        "last",
    ]
    for reader in (bruno, carla):
        history = await chat.history(reader, group)
        assert [m["body"] for m in history] == ["prime", "Da Enzo al 29: menu", "after", "last"]
        assert not any(m["private"] for m in history)
        overview = await _overview(api, reader, group)
        assert overview["lastMessage"]["body"] == "last"
    assert (await _overview(api, bruno, group))["unreadCount"] == 4
    assert (await _overview(api, carla, group))[
        "unreadCount"
    ] == 1  # the menu (carla wrote the rest)
    ana_view = await _overview(api, ana, group)
    assert ana_view["lastMessage"]["body"] == "last"
    await chat.command(ana, group, "/alpha ping final")
    assert (await _overview(api, bruno, group))["lastMessage"]["body"] == "last"
    assert (await _overview(api, ana, group))["lastMessage"]["body"] == "alpha pong final"
    assert secret["private"] and menu_line["private"]


@transports()
async def test_public_replies_reach_everyone_live_and_in_history(
    api: Api, chat: Chat, install: Install
) -> None:
    await install(Recorder("alpha"))
    ana, bruno = await people(api, "ana", "bruno")
    conversation = await api.direct(ana, "bruno")
    async with await live_from_now(api, bruno) as bruno_live:
        await prime(api, ana, conversation, bruno_live)
        line = await chat.command(ana, conversation, "/alpha shout hello all")
        kind, shout = await next_event(bruno_live)
        assert (kind, shout["body"], shout["private"]) == (
            "MessagePosted",
            "alpha says hello all",
            False,
        )
        assert shout["app"] == {"slug": "alpha", "name": "Alpha"} and shout["sender"] is None
        assert shout["seq"] > line["seq"]
    assert [m["body"] for m in await chat.history(bruno, conversation)] == [
        "prime",
        "alpha says hello all",
    ]


# -- isolation between apps ------------------------------------------------------------


@transports()
async def test_an_app_receives_only_its_own_commands_and_presses(
    api: Api, chat: Chat, install: Install
) -> None:
    alpha, beta = Recorder("alpha"), Recorder("beta")
    await install(alpha)
    await install(beta)
    ana, bruno = await people(api, "ana", "bruno")
    conversation = await api.direct(ana, "bruno")
    for body in ("hello alpha", "alpha ping", "beta card", " not /alpha ping"):
        await api.send(ana, conversation, body, f"plain-{next_id()}")
    await chat.run(ana, conversation, "/alpha ping one")
    await chat.run(bruno, conversation, "/beta shout two")
    beta_card = await chat.run(ana, conversation, "/beta card")
    alpha_card = await chat.run(bruno, conversation, "/alpha card")
    await chat.run(ana, conversation, "/food menu da-enzo")
    for refused in ("/alpha shout", "/alpha help", "/alpha", "/beta nope", "/help"):
        await chat.run(ana, conversation, refused)
    await chat.press(bruno, beta_card["id"], buttons(beta_card)["Poke"])
    await chat.press(ana, alpha_card["id"], buttons(alpha_card)["Swap"])
    await api.send(bruno, conversation, "bye", "bye")

    assert [(c.hook, c.name, c.data) for c in alpha.calls] == [
        ("command", "ping", {"words": "one"}),
        ("command", "card", {}),
        ("action", "swap", {"n": 2}),
    ]
    assert [(c.hook, c.name, c.data) for c in beta.calls] == [
        ("command", "shout", {"words": "two"}),
        ("command", "card", {}),
        ("action", "poke", {"n": 1}),
    ]


@transports()
async def test_apps_see_stable_pseudonymous_ids_that_differ_between_apps(
    api: Api, chat: Chat, install: Install
) -> None:
    alpha, beta = Recorder("alpha"), Recorder("beta")
    await install(alpha)
    await install(beta)
    ana, bruno = await people(api, "ana_lopes", "bruno_silva")
    await api.register("carla_reis")
    group = await api.group(ana, "Trip", ["bruno_silva", "carla_reis"])
    direct = await api.direct(ana, "bruno_silva")
    ana_id = (await api.ok("{ me { id } }", token=ana))["me"]["id"]

    await chat.run(ana, group, "/alpha ping")
    await chat.run(ana, group, "/beta ping")
    await chat.run(ana, group, "/alpha ping")
    await chat.run(ana, direct, "/alpha ping")
    await chat.run(bruno, group, "/alpha ping")
    a1, a2, a_direct, a_bruno = alpha.calls
    (b1,) = beta.calls

    assert a1.person == a2.person == a_direct.person, "an app's id for a person must be stable"
    assert a1.conversation == a2.conversation, "an app's id for a conversation must be stable"
    assert a1.person != b1.person, "two apps must not see the same id for the same person"
    assert a1.conversation != b1.conversation
    assert a1.person != a_bruno.person and a1.conversation == a_bruno.conversation
    assert a_direct.conversation != a1.conversation
    for call in (*alpha.calls, *beta.calls):
        assert re.fullmatch(r"p_[a-z2-7]{32}", call.person), call.person
        assert re.fullmatch(r"c_[a-z2-7]{32}", call.conversation), call.conversation
        # Five letters or more: a random id holds a given three-letter run (say "ana")
        # about once in a thousand, five letters about once in a million.
        for secret in ("lopes", "bruno", "silva"):
            assert secret not in call.person
        assert call.person not in (ana_id, f"p_{ana_id}")
        assert call.conversation not in (group, direct, f"c_{group}", f"c_{direct}")


# -- faults are contained --------------------------------------------------------------


FAULTS: list[tuple[str, str, str]] = [
    ("/shaky explode", "error", "Shaky ran into a problem, try again."),
    ("/sleepy stall", "timeout", "Sleepy did not answer, try again."),
    ("/sleepy await", "timeout", "Sleepy did not answer, try again."),
    ("/shaky none", "invalid", "Shaky answered with something souq cannot show, try again later."),
    ("/shaky number", "invalid", "Shaky answered with something souq cannot show"),
    ("/shaky huge", "invalid", "Shaky answered with something souq cannot show"),
    ("/shaky buttons", "invalid", "Shaky answered with something souq cannot show"),
    ("/shaky spoil", "error", "Shaky ran into a problem, try again."),
    ("/shaky stranger", "invalid", "Shaky answered with something souq cannot show"),
]


@transports()
async def test_raising_hanging_and_garbage_apps_are_contained(
    api: Api, chat: Chat, install: Install, services: Services, hold: Hold
) -> None:
    await install(shaky_app())
    await install(sleepy_app(hold))
    await install(Recorder("alpha"))
    ana, bruno = await people(api, "ana", "bruno")
    conversation = await api.direct(ana, "bruno")
    for n, (line, _outcome, text) in enumerate(FAULTS):
        answer = await chat.run(ana, conversation, line)
        assert answer["app"]["slug"] == "souq", (line, answer)
        assert answer["private"] and answer["invoker"] == {"username": "ana"}
        assert text in answer["body"], (line, answer["body"])
        assert "kaboom" not in answer["body"] and "Traceback" not in answer["body"]
        fine = await chat.run(ana, conversation, f"/alpha ping {n}")
        assert (fine["app"]["slug"], fine["body"]) == ("alpha", f"alpha pong {n}")
    assert hold.started == ["stall", "await"]
    for slug in ("shaky", "sleepy"):
        assert await app_calls(services, slug) == [
            ("command", line.split()[1], outcome)
            for line, outcome, _text in FAULTS
            if line.startswith(f"/{slug} ")
        ]
    assert await app_calls(services, "alpha") == [("command", "ping", "ok")] * len(FAULTS)
    errors = await app_call_errors(services, "shaky")
    assert "kaboom" in (errors[0] or "")
    assert "expected a reply" in (errors[1] or "") and "NoneType" in (errors[1] or "")
    assert "5000 characters; at most 4000" in (errors[3] or "")
    assert "9 entries; at most 5" in (errors[4] or "")
    assert "button action 'ghost' is not declared" in (errors[6] or "")
    assert await app_call_errors(services, "sleepy") == ["no answer within 0.3 s"] * 2
    kept = await services.db.read(
        lambda s: s.scalars(select(AppState).where(AppState.app_slug == "shaky")).all()
    )
    assert kept == [], "state changed by a failed call was saved"
    assert await chat.history(bruno, conversation) == []


@pytest.mark.parametrize(
    "settings_overrides", [{**OVERRIDES, "app_timeouts": {"sleepy": 0.3, "calc": 1.0}}]
)
async def test_hanging_sync_handlers_do_not_starve_other_apps(
    api: Api, install: Install, services: Services, hold: Hold
) -> None:
    chat = Chat(api, services, "service")
    await install(sleepy_app(hold))
    await install(calc_app([]))
    ana, _bruno = await people(api, "ana", "bruno")
    conversation = await api.direct(ana, "bruno")
    default_workers = min(32, (os.cpu_count() or 1) + 4)  # ThreadPoolExecutor's default
    await asyncio.gather(
        *(chat.command(ana, conversation, "/sleepy stall") for _ in range(default_workers + 2))
    )
    assert await app_calls(services, "sleepy") == [("command", "stall", "timeout")] * (
        default_workers + 2
    )
    answer = await chat.run(ana, conversation, "/calc add 1 2")
    assert (answer["app"]["slug"], answer["body"]) == ("calc", "a=1 b=2")


# -- button presses --------------------------------------------------------------------


@transports()
async def test_add_buttons_fill_a_cart_the_host_keeps_per_person(
    api: Api, chat: Chat, install: Install
) -> None:
    ana, bruno, carla = await people(api, "ana", "bruno", "carla")
    group = await api.group(ana, "Dinner", ["bruno", "carla"])
    menu = await chat.run(ana, group, "/food menu da-enzo")
    assert (menu["app"]["slug"], menu["private"]) == ("food", False)
    items = menu["content"]["items"]
    assert [b["id"] for b in items[0]["buttons"]] == ["0.0"]
    assert [b["label"] for b in items[1]["buttons"]] == ["Add"]

    added = await chat.press(ana, menu["id"], "0.0")
    assert (added["app"]["slug"], added["private"], added["invoker"]) == (
        "food",
        True,
        {"username": "ana"},
    )
    assert added["content"]["title"] == "Added Spaghetti alla carbonara"
    assert added["seq"] > menu["seq"]
    await chat.press(ana, menu["id"], "0.0")
    await chat.press(ana, menu["id"], "1.0")
    await chat.press(bruno, menu["id"], "3.0")

    ana_cart = await chat.run(ana, group, "/food cart")
    assert ana_cart["content"]["title"] == "Your cart at Da Enzo al 29: €38.00"
    assert [i["title"] for i in ana_cart["content"]["items"]] == [
        "2 x Spaghetti alla carbonara",
        "1 x Tonnarelli cacio e pepe",
    ]
    bruno_cart = await chat.run(bruno, group, "/food cart")
    assert [i["title"] for i in bruno_cart["content"]["items"]] == ["1 x Carciofi alla giudia"]

    # "Add one" on the cart answers with an update: the cart changes in place.
    async with await live_from_now(api, ana) as ana_live:
        await prime(api, bruno, group, ana_live)
        updated = await chat.press(ana, ana_cart["id"], "1.1")
        assert (updated["id"], updated["revision"]) == (ana_cart["id"], 1)
        assert [i["title"] for i in updated["content"]["items"]] == [
            "2 x Spaghetti alla carbonara",
            "2 x Tonnarelli cacio e pepe",
        ]
        kind, live = await next_event(ana_live)
        assert (kind, live["id"], live["revision"]) == ("MessageUpdated", ana_cart["id"], 1)
    assert [m["body"] for m in await chat.history(carla, group)] == [
        "Da Enzo al 29: menu",
        "prime",
    ]
    for message in await chat.history(bruno, group):
        mine = {"username": "bruno"} in (message["invoker"], message["sender"])
        assert not message["private"] or mine, message


@transports()
async def test_state_is_kept_per_person_and_per_conversation(
    api: Api, chat: Chat, install: Install
) -> None:
    await install(tally_app())
    ana, bruno = await people(api, "ana", "bruno")
    await api.register("carla")
    group = await api.group(ana, "Vote", ["bruno", "carla"])
    direct = await api.direct(ana, "carla")
    results = [
        (await chat.run(token, conversation, "/tally vote"))["body"]
        for token, conversation in ((ana, group), (ana, group), (bruno, group), (ana, direct))
    ]
    assert results == ["you 1, here 1", "you 2, here 2", "you 1, here 3", "you 3, here 1"]


@transports()
async def test_presses_are_refused_to_outsiders_hidden_cards_and_unknown_buttons(
    api: Api, chat: Chat, install: Install
) -> None:
    alpha = Recorder("alpha")
    await install(alpha)
    ana, bruno, eve = await people(api, "ana", "bruno", "eve")
    group = await api.group(ana, "Dinner", ["bruno"])
    menu = await chat.run(ana, group, "/food menu da-enzo")
    card = await chat.run(ana, group, "/alpha card")
    added = await chat.press(ana, menu["id"], "0.0")  # private to ana, with "View cart"
    assert buttons(added) == {"View cart": "0"}
    line = await chat.command(ana, group, "/alpha ping")
    host_note = await chat.run(ana, group, "/food")

    assert await chat.refused(chat.press(eve, menu["id"], "0.0")) == "NOT_FOUND"
    assert await chat.refused(chat.press(eve, card["id"], "0")) == "NOT_FOUND"
    assert await chat.refused(chat.press(bruno, added["id"], "0")) == "NOT_FOUND"
    assert await chat.refused(chat.press(bruno, line["id"], "0")) == "NOT_FOUND"
    assert await chat.refused(chat.press(ana, "99999999", "0")) == "NOT_FOUND"
    for button_id in ("9.0", "0.1", "0", "x", "", "0.0.0", "1.x"):
        assert await chat.refused(chat.press(ana, menu["id"], button_id)) == "BAD_USER_INPUT", (
            button_id
        )
    for button_id in ("2", "0.0", "x"):
        assert await chat.refused(chat.press(ana, card["id"], button_id)) == "BAD_USER_INPUT", (
            button_id
        )
    assert await chat.refused(chat.press(ana, line["id"], "0")) == "BAD_USER_INPUT"
    assert await chat.refused(chat.press(ana, host_note["id"], "0")) == "BAD_USER_INPUT"
    for client_id in ("", "k" * 65):
        refused = chat.press(ana, card["id"], "0", client_id)
        assert await chat.refused(refused) == "BAD_USER_INPUT", client_id
    await chat.press(ana, card["id"], "0", "once")
    assert await chat.refused(chat.press(ana, card["id"], "1", "once")) == "IDEMPOTENCY_CONFLICT"
    assert [c.name for c in alpha.calls] == ["card", "ping", "poke"]


async def test_malformed_button_ids_that_look_like_numbers_are_refused(
    api: Api, install: Install, services: Services
) -> None:
    chat = Chat(api, services, "service")
    alpha = Recorder("alpha")
    await install(alpha)
    ana, _bruno = await people(api, "ana", "bruno")
    conversation = await api.direct(ana, "bruno")
    card = await chat.run(ana, conversation, "/alpha card")
    menu = await chat.run(ana, conversation, "/food menu da-enzo")
    for message, button_id in (
        (card, "-1"),
        (card, "+0"),
        (card, "00"),
        (card, " 1"),
        (menu, "-1.0"),
        (menu, "0.-1"),
    ):
        assert await chat.refused(chat.press(ana, message["id"], button_id)) == "BAD_USER_INPUT", (
            button_id
        )
    assert [c.hook for c in alpha.calls] == ["command"]


@transports()
async def test_a_retried_press_runs_the_app_once(api: Api, chat: Chat, install: Install) -> None:
    alpha = Recorder("alpha")
    await install(alpha)
    ana, _bruno = await people(api, "ana", "bruno")
    conversation = await api.direct(ana, "bruno")
    card = await chat.run(ana, conversation, "/alpha card")
    first = await chat.press(ana, card["id"], "0", "poke-1")
    again = await chat.press(ana, card["id"], "0", "poke-1")
    assert again["id"] == first["id"] and first["body"] == "alpha poked"
    assert [c.name for c in alpha.calls] == ["card", "poke"]

    results = await asyncio.gather(*(chat.press(ana, card["id"], "0", "poke-2") for _ in range(10)))
    assert [c.name for c in alpha.calls] == ["card", "poke", "poke"]
    settled = await chat.press(ana, card["id"], "0", "poke-2")
    assert settled["body"] == "alpha poked" and settled["id"] != first["id"]
    assert all(r["id"] in (settled["id"], card["id"]) for r in results)
    replies = [m for m in await chat.after(ana, conversation, card) if m["body"] == "alpha poked"]
    assert len(replies) == 2


@transports()
async def test_an_update_replaces_a_public_card_in_place_for_everyone(
    api: Api, chat: Chat, install: Install, services: Services
) -> None:
    alpha = Recorder("alpha")
    await install(alpha)
    ana, bruno = await people(api, "ana", "bruno")
    conversation = await api.direct(ana, "bruno")
    card = await chat.run(ana, conversation, "/alpha card")
    assert (card["revision"], card["private"]) == (0, False)
    async with (
        await live_from_now(api, ana) as ana_live,
        await live_from_now(api, bruno) as bruno_live,
    ):
        await prime(api, ana, conversation, ana_live, bruno_live)
        updated = await chat.press(bruno, card["id"], "1", "swap")
        assert (updated["id"], updated["seq"], updated["revision"]) == (card["id"], card["seq"], 1)
        assert updated["content"]["title"] == "alpha card, swapped" and not updated["private"]
        for live in (ana_live, bruno_live):
            kind, message = await next_event(live)
            assert (kind, message["id"], message["revision"]) == ("MessageUpdated", card["id"], 1)
            assert message["content"]["title"] == "alpha card, swapped"
            assert message["content"]["buttons"] == []
    assert [c.name for c in alpha.calls] == ["card", "swap"]
    assert await app_calls(services, "alpha") == [
        ("command", "card", "ok"),
        ("action", "swap", "ok"),
    ]


async def test_a_retried_press_that_updated_its_card_returns_the_card(
    api: Api, install: Install, services: Services
) -> None:
    chat = Chat(api, services, "service")
    alpha = Recorder("alpha")
    await install(alpha)
    ana, _bruno = await people(api, "ana", "bruno")
    conversation = await api.direct(ana, "bruno")
    card = await chat.run(ana, conversation, "/alpha card")
    first = await chat.press(ana, card["id"], "1", "swap")
    assert (first["id"], first["revision"], first["content"]["buttons"]) == (card["id"], 1, [])
    again = await chat.press(ana, card["id"], "1", "swap")
    assert again == first
    assert [c.name for c in alpha.calls] == ["card", "swap"]


async def test_concurrent_presses_do_not_lose_state_updates(
    api: Api, install: Install, services: Services
) -> None:
    chat = Chat(api, services, "service")
    gate = Gate()
    await install(race_app(gate))
    ana, _bruno = await people(api, "ana", "bruno")
    conversation = await api.direct(ana, "bruno")
    card = await chat.run(ana, conversation, "/race start")
    first = asyncio.create_task(chat.press(ana, card["id"], "0"))
    try:
        await asyncio.wait_for(gate.first_in.wait(), timeout=10)
        second = asyncio.create_task(chat.press(ana, card["id"], "0"))
        # A host that serialises the two calls never lets the second in while the first
        # is held; the bounded wait only keeps such a host from deadlocking this test.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(gate.second_in.wait(), timeout=2)
    finally:
        gate.release.set()
    await asyncio.gather(first, second)
    assert (await chat.run(ana, conversation, "/race count"))["body"] == "count 2"


# -- idempotent invocation ---------------------------------------------------------------


@transports()
async def test_a_retried_command_runs_the_app_once(
    api: Api, chat: Chat, install: Install, services: Services
) -> None:
    alpha = Recorder("alpha")
    await install(alpha)
    ana, bruno = await people(api, "ana", "bruno")
    conversation = await api.direct(ana, "bruno")
    first = await chat.command(ana, conversation, "/alpha shout hi", "same")
    again = await chat.command(ana, conversation, "/alpha shout hi", "same")
    assert again == first
    assert len(alpha.calls) == 1
    code = await chat.refused(chat.send(ana, conversation, "/alpha shout other", "same"))
    assert code == "IDEMPOTENCY_CONFLICT"

    lines = await asyncio.gather(
        *(chat.command(ana, conversation, "/alpha shout race", "raced") for _ in range(20))
    )
    assert len({line["id"] for line in lines}) == 1
    assert len(alpha.calls) == 2
    assert [m["body"] for m in await chat.history(ana, conversation)] == [
        "/alpha shout hi",
        "alpha says hi",
        "/alpha shout race",
        "alpha says race",
    ]
    assert [m["body"] for m in await chat.history(bruno, conversation)] == [
        "alpha says hi",
        "alpha says race",
    ]
    assert await app_calls(services, "alpha") == [("command", "shout", "ok")] * 2


# -- slow work: progress, then the final reply -------------------------------------------


@transports()
async def test_a_stream_shows_progress_then_updates_to_the_final_reply(
    api: Api, chat: Chat, install: Install, services: Services, steps: Steps
) -> None:
    await install(slow_app(steps))
    ana, bruno = await people(api, "ana", "bruno")
    conversation = await api.direct(ana, "bruno")
    async with (
        await live_from_now(api, ana) as ana_live,
        await live_from_now(api, bruno) as bruno_live,
    ):
        await prime(api, ana, conversation, ana_live, bruno_live)
        line = await chat.command(ana, conversation, "/slow work report")
        # The progress reply is committed by the time sendMessage answers.
        (progress,) = await chat.after(bruno, conversation, line)
        assert (progress["body"], progress["revision"], progress["private"]) == (
            "Working on report…",
            0,
            False,
        )
        kind, posted = await next_event(bruno_live)
        assert (kind, posted["id"]) == ("MessagePosted", progress["id"])
        steps.go.set()
        kind, final = await next_event(bruno_live)
        assert (kind, final["id"], final["revision"]) == ("MessageUpdated", progress["id"], 1)
        assert final["content"]["title"] == "report is done" and final["body"] == "report is done"
        assert [(k, m["body"]) for k, m in [await next_event(ana_live) for _ in range(3)]] == [
            ("MessagePosted", "/slow work report"),
            ("MessagePosted", "Working on report…"),
            ("MessageUpdated", "report is done"),
        ]
    stored = await chat.message(ana, conversation, progress["id"])
    assert (stored["revision"], stored["content"]["title"]) == (1, "report is done")

    # A later step that is garbage: the progress message says so.
    garbled = await chat.run(ana, conversation, "/slow garble job")
    await streams_settled(services)
    note = await chat.message(ana, conversation, garbled["id"])
    assert note["body"] == (
        "Working on job…\n\nSlow answered with something souq cannot show, try again later."
    )
    assert await app_calls(services, "slow") == [
        ("command", "work", "ok"),
        ("stream", "stream", "ok"),
        ("command", "garble", "ok"),
        ("stream", "stream", "invalid"),
    ]


@transports()
@pytest.mark.parametrize("settings_overrides", [{**OVERRIDES, "app_stream_seconds": 0.3}])
async def test_a_stream_over_its_ceiling_ends_with_a_failure_note(
    api: Api, chat: Chat, install: Install, services: Services, steps: Steps
) -> None:
    await install(slow_app(steps))
    ana, _bruno = await people(api, "ana", "bruno")
    conversation = await api.direct(ana, "bruno")
    async with await live_from_now(api, ana) as ana_live:
        await prime(api, ana, conversation, ana_live)
        await chat.command(ana, conversation, "/slow forever job")
        kinds = [await next_event(ana_live) for _ in range(3)]
    assert [(k, m["body"]) for k, m in kinds] == [
        ("MessagePosted", "/slow forever job"),
        ("MessagePosted", "Working on job…"),
        ("MessageUpdated", "Working on job…\n\nSlow did not answer, try again."),
    ]
    assert kinds[2][1]["revision"] == 1 and kinds[2][1]["private"]
    await streams_settled(services)
    assert await app_calls(services, "slow") == [
        ("command", "forever", "ok"),
        ("stream", "stream", "timeout"),
    ]


# -- autocomplete ----------------------------------------------------------------------


SUGGEST = """query($c: ID!, $p: String!) { commandSuggestions(conversationId: $c, prefix: $p) {
  app { slug name } command { name summary usage params { name type required help } } } }"""


async def test_command_suggestions_follow_what_is_typed(
    api: Api, services: Services, install: Install
) -> None:
    await install(Recorder("alpha"))
    ana, eve = await people(api, "ana", "eve")
    await api.register("bruno")
    conversation = await api.direct(ana, "bruno")

    async def suggest(prefix: str, token: str = ana) -> list[str]:
        data = await api.ok(SUGGEST, {"c": conversation, "p": prefix}, token)
        return [f"{s['app']['slug']} {s['command']['name']}" for s in data["commandSuggestions"]]

    served = sorted(await services.gate.served(), key=lambda app: app.slug)
    everything = [f"{app.slug} {c.name}" for app in served for c in app.manifest.commands]
    assert everything[:3] == ["alpha ping", "alpha shout", "alpha card"]
    assert {"billpay pay", "food menu"} <= set(everything)
    assert len(everything) > MAX_SUGGESTIONS  # the bundled apps have more commands than that
    # by app, each app's in the order it declares, the first MAX_SUGGESTIONS
    assert await suggest("/") == everything[:MAX_SUGGESTIONS]
    assert await suggest("/fo") == [
        "food restaurants",
        "food menu",
        "food cart",
        "food clear",
        "food checkout",
    ]
    assert await suggest("/food m") == ["food menu"]
    assert await suggest("/FOOD  Me") == ["food menu"]
    assert await suggest("/food menu da-en") == ["food menu"]
    assert await suggest("/food c") == ["food cart", "food clear", "food checkout"]
    assert await suggest("/nothing") == []
    assert await suggest("food") == []
    data = await api.ok(SUGGEST, {"c": conversation, "p": "/food m"}, ana)
    (menu,) = data["commandSuggestions"]
    assert menu["app"] == {"slug": "food", "name": "Food"}
    assert menu["command"]["usage"] == "/food menu <restaurant...>"
    assert menu["command"]["params"] == [
        {
            "name": "restaurant",
            "type": "text",
            "required": True,
            "help": "a restaurant as /food restaurants shows it (any case), its short name "
            "(da-enzo), or a city (roma)",
        }
    ]
    error = await api.error(SUGGEST, {"c": conversation, "p": "/"}, eve)
    assert error["extensions"]["code"] == "NOT_FOUND"
    error = await api.error(SUGGEST, {"c": "nonsense", "p": "/"}, ana)
    assert error["extensions"]["code"] == "NOT_FOUND"
