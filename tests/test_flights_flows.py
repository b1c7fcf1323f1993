"""The flights app in a real chat over GraphQL, with live subscriptions: a flight booked
and paid, a check-in to a boarding pass, and a delay sent through the signed event
endpoint reaching exactly the passengers who allowed it. The app is the installed one,
found through its entry point; the clock is the test's."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from conftest import SETUP, approve
from live_server import Api, Subscriber
from souq.runtime import Services
from souq.services.accounts import Role
from souq_sdk.signing import signature

_ids = itertools.count(1)

LIVE = """subscription($after: [SeenInput!]) { events(after: $after) { __typename
  ... on MessagePosted { message { ...shown } }
  ... on MessageUpdated { message { ...shown } } } }
fragment shown on Message {
  id seq conversationId body private app { slug }
  why { category basis scope text }
  content { __typename
    ... on Card { title body fields { label value } buttons { id label } }
    ... on PaymentCard { paymentRequestId status amount { amount } } } }"""
PRESS = """mutation($m: ID!, $b: String!, $k: String!) {
  pressButton(messageId: $m, buttonId: $b, clientId: $k) { id } }"""
CONFIRM = """mutation($r: ID!, $k: String!) {
  confirmPayment(requestId: $r, idempotencyKey: $k) { status } }"""
CHATS = """query { conversations(first: 20) { nodes { kind app
  messages(last: 10) { nodes { body app { slug } } } } } }"""


class Clock:
    """A clock the test moves, starting at the real now."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def clock(services: Services) -> AsyncIterator[Clock]:
    """The flights app approved, on a clock the test moves."""
    clock = Clock()
    services.notices.clock = clock
    await approve(services, services.apps.get("flights"))
    yield clock


class Passenger:
    """Someone with money in their wallet, in a group of their own, watching live."""

    def __init__(self, api: Api, token: str, chat: str, live: Subscriber) -> None:
        self.api, self.token, self.chat, self.live = api, token, chat, live

    async def say(self, line: str) -> None:
        """Send a line; pass over its echo."""
        await self.api.send(self.token, self.chat, line, f"k{next(_ids)}")
        echo = await self.live.message()
        assert echo["body"] == line

    async def next(self) -> dict[str, Any]:
        """The next message posted or updated, live."""
        payload = await self.live.next()
        assert not payload.get("errors"), payload
        return payload["data"]["events"]["message"]

    async def press(self, message: dict[str, Any], label: str) -> dict[str, Any]:
        """Press the button labelled ``label``; return the next message seen live."""
        [button] = [b for b in message["content"]["buttons"] if b["label"] == label]
        variables = {"m": message["id"], "b": button["id"], "k": f"p{next(_ids)}"}
        await self.api.ok(PRESS, variables, self.token)
        return await self.next()

    async def book(self, day: str, name: str) -> dict[str, Any]:
        """Book and pay KL1234 on ``day``; return the booking card."""
        await self.say(f"/flights book KL1234 {day} {name}")
        card = await self.next()
        assert card["content"]["__typename"] == "PaymentCard" and card["private"], card
        assert card["content"]["amount"] == {"amount": 12900}
        request = card["content"]["paymentRequestId"]
        paid = await self.api.ok(CONFIRM, {"r": request, "k": f"c{next(_ids)}"}, self.token)
        assert paid["confirmPayment"]["status"] == "COMPLETED"
        while (message := await self.next())["id"] == card["id"]:
            pass  # the payment card, updated to paid
        return message


async def passenger(api: Api, services: Services, name: str) -> AsyncIterator[Passenger]:
    token = await api.register(name)
    await services.accounts.set_role(SETUP, "root", Role.ADMIN, reason="test setup")
    chat = await api.group(token, f"{name}'s trip", [])
    async with api.subscribe(token, LIVE, await api.from_now(token)) as live:
        yield Passenger(api, token, chat, live)


async def test_a_flight_is_booked_and_paid_in_chat(
    api: Api, services: Services, clock: Clock
) -> None:
    ...
