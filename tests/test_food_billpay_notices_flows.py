"""The bundled food and bill-pay apps messaging people outside commands, over the real
GraphQL API with live subscriptions: an order's owner who allowed it hears it is on its
way when the restaurant's signed event comes, someone who did not hears nothing (and the
event's answer says why); a bill reminder reaches a person who allowed it when the host
runs the app's job, on a controlled clock, once."""

from __future__ import annotations

import itertools
import json
import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from clock import Clock
from conftest import SETUP
from live_server import Api
from souq.runtime import Services
from souq.services.accounts import Role
from souq_sdk.signing import signature

_ids = itertools.count(1)

HISTORY = """query($id: ID!) { conversation(id: $id) { messages(last: 50) { nodes {
  id seq body private app { slug }
  content { ... on Card { title body buttons { id label } } ... on PaymentCard { paymentRequestId } }
} } } }"""
PRESS = """mutation($m: ID!, $b: String!, $k: String!) {
  pressButton(messageId: $m, buttonId: $b, clientId: $k) { id body app { slug } } }"""
CONFIRM = """mutation($r: ID!, $k: String!) {
  confirmPayment(requestId: $r, idempotencyKey: $k) { status } }"""
LIVE = """subscription($after: [SeenInput!]) { events(after: $after) { __typename
  ... on MessagePosted { message { id body app { slug }
    content { ... on Card { title body buttons { id label } } }
    why { category basis scope text } } } } }"""
APP_CHATS = """query { conversations(first: 20) { nodes { kind app
  messages(last: 10) { nodes { body } } } } }"""


class People:
    """ana and bruno in a group, each with money in their wallet."""

    def __init__(self, api: Api, services: Services) -> None:
        self.api, self.services = api, services

    async def open(self) -> People:
        self.ana = await self.api.register("ana")
        self.bruno = await self.api.register("bruno")
        root = await self.api.register("root")
        await self.services.accounts.set_role(SETUP, "root", Role.ADMIN, reason="test setup")
        for name in ("ana", "bruno"):
            await self.api.ok(
                'mutation($u: String!) { topUp(username: $u, amount: 10000, reason: "test") '
                "{ amount } }",
                {"u": name},
                root,
            )
        self.group = await self.api.group(self.ana, "dinner", ["bruno"])
        return self

    async def messages(self, token: str) -> list[dict[str, Any]]:
        data = await self.api.ok(HISTORY, {"id": self.group}, token)
        return data["conversation"]["messages"]["nodes"]

    async def run(self, token: str, line: str) -> list[dict[str, Any]]:
        """Send ``line``; what its sender sees after it."""
        sent = await self.api.send(token, self.group, line, f"k{next(_ids)}")
        return [m for m in await self.messages(token) if m["seq"] > sent["seq"]]

    async def press(self, token: str, message: dict[str, Any], button: str) -> dict[str, Any]:
        variables = {"m": message["id"], "b": button, "k": f"p{next(_ids)}"}
        return (await self.api.ok(PRESS, variables, token))["pressButton"]

    async def app_chats(self, token: str) -> list[dict[str, Any]]:
        chats = (await self.api.ok(APP_CHATS, token=token))["conversations"]["nodes"]
        return [c for c in chats if c["kind"] == "APP"]

    async def paid_order(self, token: str) -> tuple[str, dict[str, Any]]:
        """Order a carbonara at Da Enzo and pay for it: the order id and the receipt."""
        [menu] = await self.run(token, "/food menu da-enzo")
        await self.press(token, menu, "0.0")
        [card] = await self.run(token, "/food checkout")
        variables = {"r": card["content"]["paymentRequestId"], "k": f"c{next(_ids)}"}
        await self.api.ok(CONFIRM, variables, token)
        [receipt] = [m for m in await self.messages(token) if m["seq"] > card["seq"]]
        found = re.fullmatch(r"Order (F-[0-9A-F]{6}) confirmed", receipt["content"]["title"])
        assert found is not None, receipt
        return found.group(1), receipt


async def signed_event(api: Api, services: Services, slug: str, event: str, data: object) -> Any:
    """Send ``event`` to the app as its backend does (a signed POST); the app's answer."""
    secret = await services.event_secrets.current(slug)
    assert secret is not None
    body = json.dumps(data).encode()
    answer = await api.http.post(
        f"/apps/{slug}/events/{event}",
        content=body,
        headers={
            "Souq-Signature": signature(secret, body, time.time()),
            "Content-Type": "application/json",
        },
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["summary"]


async def test_the_owner_who_allowed_it_hears_live_that_the_order_is_on_its_way(
    api: Api, services: Services
) -> None:
    people = await People(api, services).open()
    order, receipt = await people.paid_order(people.ana)
    assert receipt["content"]["buttons"] == [{"id": "0", "label": "Tell me when it's on its way"}]
    asked = await people.press(people.ana, receipt, "0")
    [card] = [m for m in await people.messages(people.ana) if m["id"] == asked["id"]]
    assert card["app"]["slug"] == "souq" and card["private"]
    assert card["content"]["title"] == "Food asks for your permission"
    await people.press(people.ana, card, "0")  # Allow

    async with api.subscribe(people.ana, LIVE, await api.from_now(people.ana)) as live:
        summary = await signed_event(
            api, services, "food", "order-status", {"order": order, "status": "on_its_way"}
        )
        event = (await live.next())["data"]["events"]
    assert summary == {"order": order, "status": "on_its_way", "delivered": True}
    message = event["message"]
    assert message["body"] == f"Your order {order} from Da Enzo al 29 is on its way."
    assert message["app"] == {"slug": "food"}
    why = message["why"]
    assert (why["category"], why["basis"], why["scope"]) == (
        "SERVICE",
        "GRANTED",
        "messages.notify",
    )
    assert why["text"].startswith("You allowed Food to send you service messages on ")


async def test_someone_who_did_not_allow_it_hears_nothing_and_the_answer_says_why(
    api: Api, services: Services
) -> None:
    people = await People(api, services).open()
    order, _ = await people.paid_order(people.bruno)  # bruno never presses "Tell me"
    async with api.subscribe(people.bruno, LIVE, await api.from_now(people.bruno)) as live:
        summary = await signed_event(
            api, services, "food", "order-status", {"order": order, "status": "on_its_way"}
        )
        unknown = await signed_event(
            api, services, "food", "order-status", {"order": "F-000000", "status": "delivered"}
        )
        await people.run(people.bruno, "/food cart")  # something live, to see nothing came before
        first = (await live.next())["data"]["events"]
    assert summary == {
        "order": order,
        "status": "on_its_way",
        "delivered": False,
        "refused": "not_opted_in",
        "why": "the person has not allowed Food to message them",
    }
    assert unknown == {"error": "no order 'F-000000'"}
    assert first["message"]["body"] == "/food cart"
    assert await people.app_chats(people.bruno) == []


async def test_a_bill_reminder_reaches_who_allowed_it_when_the_host_runs_the_job_once(
    api: Api, services: Services
) -> None:
    clock = Clock(datetime(2026, 12, 12, 8, 0, tzinfo=UTC))  # EN-1001 is due on 15 Dec
    services.use_clock(clock)
    people = await People(api, services).open()
    asked = {}
    for token in (people.ana, people.bruno):
        await people.run(token, "/billpay save EN-1001")
        [asked[token]] = await people.run(token, "/billpay remind")
        assert (asked[token]["app"]["slug"], asked[token]["content"]["title"]) == (
            "souq",
            "Bill Pay asks for your permission",
        )
    allowed = await people.press(people.ana, asked[people.ana], "0")  # bruno leaves his card
    assert allowed["body"].startswith("Bill Pay will remind you of each of these bills")

    async with api.subscribe(people.ana, LIVE, await api.from_now(people.ana)) as live:
        await services.sweep()  # as the host's background sweep runs the due jobs
        event = (await live.next())["data"]["events"]
    message = event["message"]
    assert message["app"] == {"slug": "billpay"}
    assert message["content"] == {
        "title": "Lumen Energy bill EN-1001 is due in 3 days",
        "body": "€84.50 for Ana Costa, due 15 Dec 2026.",
        "buttons": [{"id": "0", "label": "Pay €84.50"}],
    }
    assert (message["why"]["basis"], message["why"]["scope"]) == ("GRANTED", "messages.notify")

    for step in (timedelta(hours=1), timedelta(days=1), timedelta(days=3)):
        clock.now += step
        await services.sweep()
    [chat] = await people.app_chats(people.ana)
    assert [m["body"] for m in chat["messages"]["nodes"]] == [message["body"]]  # once
    assert await people.app_chats(people.bruno) == []
    paying = await people.press(people.ana, message, "0")  # the reminder's Pay button
    assert paying["app"] == {"slug": "billpay"}
