"""Buttons and replies real apps need, host and harness side by side: help per command in
chat, an update with follow-up messages and a payment request, streams that update the
pressed card, typed button payloads that never leave the server.

The app is ``pharmacy_app`` (written with ``from __future__ import annotations``); the
host runs it over real HTTP on SQLite and PostgreSQL, the harness in memory.
"""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

import pharmacy_app
import pytest
import souq.apps.invocations as invocations_module
from conftest import SETUP, Install
from live_server import Api
from souq.db.models import AppCall, Message
from souq.runtime import Services
from souq.services.accounts import Role
from souq_sdk import InvalidReply, PaymentRequest, Text, Update, UsageError, hookimpl
from souq_sdk.testing import AppHarness
from sqlalchemy import select

_ids = itertools.count(1)

SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"])
"""For tests of logic that storage does not change (the rest run on both backends)."""

HISTORY = """query($id: ID!) { conversation(id: $id) { messages(last: 100) { nodes {
  id seq body private revision app { slug } invoker { username }
  content {
    __typename
    ... on Card { title body fields { label value } buttons { id label } }
    ... on PaymentCard { paymentRequestId status description amount { amount } }
  } } } } }"""
PRESS = """mutation($m: ID!, $b: String!, $k: String!) {
  pressButton(messageId: $m, buttonId: $b, clientId: $k) { id body revision } }"""
CONFIRM = """mutation($r: ID!, $k: String!) {
  confirmPayment(requestId: $r, idempotencyKey: $k) { status } }"""


class Pharmacy:
    """ana (with money) and bruno in a group where the pharmacy app is installed."""

    def __init__(self, api: Api, services: Services) -> None:
        self.api, self.services = api, services

    async def open(self, install: Install) -> Pharmacy:
        await install(pharmacy_app.app)
        self.ana = await self.api.register("ana")
        self.bruno = await self.api.register("bruno")
        root = await self.api.register("root")
        await self.services.accounts.set_role(SETUP, "root", Role.ADMIN, reason="test setup")
        await self.api.ok(
            'mutation { topUp(username: "ana", amount: 10000, reason: "test") { amount } }',
            token=root,
        )
        self.id = await self.api.group(self.ana, "meds", ["bruno"])
        return self

    async def messages(self, token: str | None = None) -> list[dict[str, Any]]:
        data = await self.api.ok(HISTORY, {"id": self.id}, token or self.ana)
        return data["conversation"]["messages"]["nodes"]

    async def run(self, line: str) -> list[dict[str, Any]]:
        """Send a line as ana; return what she sees after it."""
        sent = await self.api.send(self.ana, self.id, line, f"k{next(_ids)}")
        return [m for m in await self.messages() if m["seq"] > sent["seq"]]

    async def press(self, card: dict[str, Any], label: str) -> dict[str, Any]:
        """Press a button of ``card`` by its label, as ana; returns what pressButton does."""
        (button,) = [b for b in card["content"]["buttons"] if b["label"] == label]
        variables = {"m": card["id"], "b": button["id"], "k": f"p{next(_ids)}"}
        pressed: dict[str, Any] = (await self.api.ok(PRESS, variables, self.ana))["pressButton"]
        return pressed

    async def after(self, message: dict[str, Any], token: str | None = None) -> list[Any]:
        return [m for m in await self.messages(token) if m["seq"] > message["seq"]]


@pytest.fixture
async def pharmacy(api: Api, services: Services, install: Install) -> Pharmacy:
    return await Pharmacy(api, services).open(install)


async def harness_answer(harness: AppHarness, line: str) -> str:
    """What the harness answers a help line: its text, or the UsageError it raises."""
    try:
        reply = await harness.arun(line)
    except UsageError as error:
        return str(error)
    assert isinstance(reply, Text)
    return reply.text


HELP_LINES = [
    "/pharmacy help order",
    "/PHARMACY HELP ORDER",
    "/help pharmacy order",
    "/help pharmacy",
    "/pharmacy help",
    "/pharmacy",
    "/pharmacy help nope",
    "/help pharmacy ordr",
]


@SQLITE_ONLY
async def test_help_per_command_and_per_app_answers_in_chat_as_in_the_harness(
    pharmacy: Pharmacy,
) -> None:
    harness = AppHarness(pharmacy_app.app)
    for line in HELP_LINES:
        (answer,) = await pharmacy.run(line)
        assert answer["app"] == {"slug": "souq"} and answer["private"], line
        assert answer["body"] == await harness_answer(harness, line), line
    (order_help,) = await pharmacy.run("/pharmacy help order")
    assert order_help["body"].splitlines() == [
        "/pharmacy order <medicine> <form> <packs> [dose] [note...]",
        "Order a medicine.",
        "",
        "The pharmacist on duty prepares it once you confirm and pay.",
        "",
        "  medicine  what to order (a word (quote several words))",
        "  form      tablets or syrup (one of tablet, syrup)",
        "  packs     how many packs (a whole number from 1 to 10)",
        "  dose      tablets or spoons a day (a number such as 12.50 from 0.1 to 20), optional",
        "  note      anything the pharmacist should know (text, to the end of the line), optional",
    ]
    (app_help,) = await pharmacy.run("/help pharmacy")
    assert (
        "/pharmacy order <medicine> <form> <packs> [dose] [note...]  Order a medicine."
        in (app_help["body"])
    )
    (unknown,) = await pharmacy.run("/pharmacy help nope")
    assert (
        unknown["body"]
        == "Pharmacy has no command 'nope'. Type /pharmacy help to see its commands."
    )
    (close,) = await pharmacy.run("/help pharmacy ordr")
    assert close["body"] == "Pharmacy has no command 'ordr'. Did you mean /pharmacy order?"
    (no_app,) = await pharmacy.run("/help pharmacie")
    assert (
        no_app["body"]
        == "There is no app /pharmacie. Did you mean /pharmacy? Type /help for the list."
    )
    (everything,) = await pharmacy.run("/help")
    assert "/pharmacy  Order medicines (order, mislabel)" in everything["body"]


COMMANDS = """{ apps { slug commands { name summary description usage
  params { name type required help accepts choices min max currency } } } }"""


@SQLITE_ONLY
async def test_graphql_commands_carry_their_description_and_each_parameter(
    pharmacy: Pharmacy,
) -> None:
    apps = (await pharmacy.api.ok(COMMANDS, token=pharmacy.ana))["apps"]
    (app,) = [a for a in apps if a["slug"] == "pharmacy"]
    order = app["commands"][0]
    assert (order["name"], order["summary"], order["description"]) == (
        "order",
        "Order a medicine.",
        "The pharmacist on duty prepares it once you confirm and pay.",
    )
    assert [(p["name"], p["type"], p["required"], p["help"]) for p in order["params"]] == [
        ("medicine", "str", True, "what to order"),
        ("form", "choice", True, "tablets or syrup"),
        ("packs", "int", True, "how many packs"),
        ("dose", "decimal", False, "tablets or spoons a day"),
        ("note", "text", False, "anything the pharmacist should know"),
    ]
    assert order["params"][2]["accepts"] == "a whole number from 1 to 10"
    assert (order["params"][3]["min"], order["params"][3]["max"]) == ("0.1", "20")


@SQLITE_ONLY
async def test_an_optional_rest_of_line_parameter_may_be_left_out(pharmacy: Pharmacy) -> None:
    harness = AppHarness(pharmacy_app.app)
    for line, note in [
        ("/pharmacy order aspirin tablet 2", None),
        ("/pharmacy order aspirin tablet 2 1.5 after lunch, please", "after lunch, please"),
    ]:
        (card,) = await pharmacy.run(line)
        fields = {f["label"]: f["value"] for f in card["content"]["fields"]}
        assert fields.get("Note") == note, line
        shown = await harness.arun(line)
        assert {f.label: f.value for f in shown.fields}.get("Note") == note  # type: ignore[union-attr]


async def test_confirm_updates_its_card_then_thanks_and_asks_for_payment(
    pharmacy: Pharmacy, services: Services
) -> None:
    (card,) = await pharmacy.run("/pharmacy order aspirin syrup 2")
    pressed = await pharmacy.press(card, "Confirm")
    assert (pressed["id"], pressed["revision"]) == (card["id"], 1)
    updated, thanks, payment = [m for m in await pharmacy.messages() if m["seq"] >= card["seq"]]
    assert updated["content"] == {
        "__typename": "Card",
        "title": "Order A-1",
        "body": "Confirmed: 2 packs of syrup",
        "fields": [],
        "buttons": [],
    }
    assert thanks["body"] == "Thank you, A-1 is confirmed."
    assert payment["content"]["__typename"] == "PaymentCard"
    assert (payment["content"]["amount"]["amount"], payment["content"]["status"]) == (
        900,
        "PENDING",
    )
    for follow_up in (thanks, payment):
        assert follow_up["private"] and follow_up["invoker"] == {"username": "ana"}
        answers = select(Message.reply_to_id).where(Message.id == int(follow_up["id"]))
        assert await services.db.read(lambda s, q=answers: s.scalar(q)) == int(card["id"])
    assert await pharmacy.after(card, pharmacy.bruno) == []

    # The payment hook's reply may be public: bruno sees the receipt, nothing else.
    request = payment["content"]["paymentRequestId"]
    paid = await pharmacy.api.ok(CONFIRM, {"r": request, "k": "pay-1"}, pharmacy.ana)
    assert paid["confirmPayment"]["status"] == "COMPLETED"
    (receipt,) = await pharmacy.after(payment)  # told before confirmPayment answers
    assert (receipt["body"], receipt["private"], receipt["app"]) == (
        "A-1 is paid.",
        False,
        {"slug": "pharmacy"},
    )
    assert [m["body"] for m in await pharmacy.messages(pharmacy.bruno)] == ["A-1 is paid."]
    calls = select(AppCall.kind, AppCall.name, AppCall.outcome).where(
        AppCall.app_slug == "pharmacy"
    )
    assert (await services.db.read(lambda s: s.execute(calls).all()))[:2] == [
        ("command", "order", "ok"),
        ("action", "confirm", "ok"),
    ]

    # The harness answers the same press the same way.
    harness = AppHarness(pharmacy_app.app)
    shown = await harness.arun("/pharmacy order aspirin syrup 2")
    answer = await harness.apress(shown.buttons[0])  # type: ignore[union-attr]
    assert isinstance(answer, Update)
    assert (answer.reply.title, answer.reply.body) == ("Order A-1", "Confirmed: 2 packs of syrup")  # type: ignore[union-attr]
    thank_you, request_reply = answer.then
    assert thank_you == Text("Thank you, A-1 is confirmed.")
    assert isinstance(request_reply, PaymentRequest) and request_reply.amount == 900
    assert await harness.apay(request_reply) == Text("A-1 is paid.", visibility="public")  # type: ignore[arg-type]


async def test_an_update_and_its_follow_ups_are_stored_together_or_not_at_all(
    pharmacy: Pharmacy, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    (card,) = await pharmacy.run("/pharmacy order aspirin tablet 1")

    def broken_request(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("storage failed while opening the payment request")

    monkeypatch.setattr(invocations_module, "open_request", broken_request)
    error = await pharmacy.api.error(
        PRESS, {"m": card["id"], "b": "0", "k": "broken"}, pharmacy.ana
    )
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    stored = select(Message.revision).where(Message.id == int(card["id"]))
    assert await services.db.read(lambda s: s.scalar(stored)) == 0
    assert await pharmacy.after(card) == []
    calls = select(AppCall.name).where(AppCall.app_slug == "pharmacy")
    assert await services.db.read(lambda s: list(s.scalars(calls))) == ["order"]


async def test_a_stream_answering_a_press_updates_the_pressed_card(
    pharmacy: Pharmacy, services: Services
) -> None:
    (card,) = await pharmacy.run("/pharmacy order aspirin tablet 1")
    pressed = await pharmacy.press(card, "Cancel")
    assert pressed["body"] == "Cancelling A-1…"
    await asyncio.wait_for(asyncio.gather(*services.invocations._streams), timeout=10)
    updated, progress = [m for m in await pharmacy.messages() if m["seq"] >= card["seq"]]
    assert (updated["id"], updated["revision"]) == (card["id"], 1)
    assert (updated["content"]["title"], updated["content"]["body"]) == ("Order A-1", "Cancelled")
    assert (progress["id"], progress["body"], progress["revision"]) == (
        pressed["id"],
        "Cancelling A-1…",
        0,
    )
    calls = select(AppCall.kind, AppCall.outcome).where(AppCall.app_slug == "pharmacy")
    assert await services.db.read(lambda s: s.execute(calls).all()) == [
        ("command", "ok"),
        ("action", "ok"),
        ("stream", "ok"),
    ]

    harness = AppHarness(pharmacy_app.app)
    shown = await harness.arun("/pharmacy order aspirin tablet 1")
    final = await harness.apress(shown.buttons[1])  # type: ignore[union-attr]
    assert harness.last.progress == (Text("Cancelling A-1…"),)
    assert isinstance(final, Update) and final.reply.body == "Cancelled"  # type: ignore[union-attr]


async def test_a_press_stream_may_begin_with_an_update_and_post_later_replies(
    pharmacy: Pharmacy, services: Services
) -> None:
    (card,) = await pharmacy.run("/pharmacy order aspirin tablet 1")
    pressed = await pharmacy.press(card, "Check stock")
    assert (pressed["id"], pressed["body"]) == (card["id"], "Order A-1")
    await asyncio.wait_for(asyncio.gather(*services.invocations._streams), timeout=10)
    updated, note, collect = [m for m in await pharmacy.messages() if m["seq"] >= card["seq"]]
    assert (updated["id"], updated["revision"], updated["content"]["body"]) == (
        card["id"],
        2,
        "Ready",
    )
    assert [note["body"], collect["body"]] == ["A-1: in stock.", "Come and collect it."]

    harness = AppHarness(pharmacy_app.app)
    shown = await harness.arun("/pharmacy order aspirin tablet 1")
    final = await harness.apress(shown.buttons[2])  # type: ignore[union-attr]
    assert isinstance(final, Update) and final.then == (Text("Come and collect it."),)
    assert [type(r).__name__ for r in harness.last.progress] == ["Update", "Text"]


@SQLITE_ONLY
async def test_a_press_stream_that_fails_after_updating_the_card_says_so_beside_it(
    pharmacy: Pharmacy, services: Services
) -> None:
    (card,) = await pharmacy.run("/pharmacy order aspirin tablet 1")
    await pharmacy.press(card, "Recall")
    await asyncio.wait_for(asyncio.gather(*services.invocations._streams), timeout=10)
    updated, note = [m for m in await pharmacy.messages() if m["seq"] >= card["seq"]]
    assert (updated["id"], updated["content"]["body"]) == (card["id"], "Recalling…")
    assert (note["app"], note["private"]) == ({"slug": "souq"}, True)
    assert note["body"] == "Pharmacy answered with something souq cannot show, try again later."
    calls = select(AppCall.kind, AppCall.outcome).where(AppCall.app_slug == "pharmacy")
    assert (await services.db.read(lambda s: s.execute(calls).all()))[-1] == ("stream", "invalid")

    harness = AppHarness(pharmacy_app.app)
    shown = await harness.arun("/pharmacy order aspirin tablet 1")
    with pytest.raises(InvalidReply, match="got int"):
        await harness.apress(shown.buttons[3])  # type: ignore[union-attr]


BUTTON_TYPE = '{ __type(name: "Button") { fields { name } } }'


async def test_button_payloads_stay_on_the_server_and_reach_the_action_typed(
    pharmacy: Pharmacy, services: Services
) -> None:
    fields = (await pharmacy.api.ok(BUTTON_TYPE, token=pharmacy.ana))["__type"]["fields"]
    assert [f["name"] for f in fields] == ["id", "label"]
    (card,) = await pharmacy.run("/pharmacy order aspirin syrup 3")
    stored = select(Message.content).where(Message.id == int(card["id"]))
    content = await services.db.read(lambda s: s.scalar(stored))
    assert content["buttons"][0]["payload"] == {"order": "A-1", "packs": 3, "form": "syrup"}
    await pharmacy.press(card, "Confirm")  # packs arrived as an int, form as the enum
    assert (await pharmacy.messages())[-3]["content"]["body"] == "Confirmed: 3 packs of syrup"


@SQLITE_ONLY
async def test_a_payload_that_does_not_fit_its_action_is_refused_when_shown(
    pharmacy: Pharmacy, services: Services
) -> None:
    (answer,) = await pharmacy.run("/pharmacy mislabel")
    assert answer["app"] == {"slug": "souq"}
    assert answer["body"] == "Pharmacy answered with something souq cannot show, try again later."
    error = select(AppCall.error).where(AppCall.name == "mislabel")
    recorded = await services.db.read(lambda s: s.scalar(error))
    assert "button 'Confirm': payload for 'confirm': 'order': expected str, got int" in recorded
    with pytest.raises(InvalidReply, match="'order': expected str, got int"):
        await AppHarness(pharmacy_app.app).arun("/pharmacy mislabel")


class OversizePayloads:
    """An app without the SDK's classes, whose card's button carries 2 KiB."""

    @hookimpl
    def souq_manifest(self) -> dict[str, Any]:
        return {
            "slug": "bulky",
            "name": "Bulky",
            "version": "1.0.0",
            "summary": "Too much in a button",
            "commands": [{"name": "show", "summary": "Show it."}],
            "actions": [{"name": "go", "summary": "Go."}],
        }

    @hookimpl
    def souq_command(self) -> dict[str, Any]:
        button = {"label": "Go", "action": "go", "payload": {"x": "y" * 2048}}
        return {"type": "card", "title": "Bulky", "buttons": [button]}


@SQLITE_ONLY
async def test_an_oversized_payload_is_refused_by_the_host_and_the_harness(
    api: Api, services: Services, install: Install
) -> None:
    await install(OversizePayloads())
    ana = await api.register("ana")
    await api.register("bruno")
    conversation = await api.direct(ana, "bruno")
    sent = await api.send(ana, conversation, "/bulky show", "bulky-1")
    data = await api.ok(HISTORY, {"id": conversation}, ana)
    (answer,) = [m for m in data["conversation"]["messages"]["nodes"] if m["seq"] > sent["seq"]]
    assert answer["body"] == "Bulky answered with something souq cannot show, try again later."
    error = select(AppCall.error).where(AppCall.app_slug == "bulky")
    assert "reply.buttons[0].payload: 2056 bytes of JSON; at most 1024" in await services.db.read(
        lambda s: s.scalar(error)
    )
    with pytest.raises(InvalidReply, match="2056 bytes of JSON; at most 1024"):
        await AppHarness(OversizePayloads()).arun("/bulky show")
