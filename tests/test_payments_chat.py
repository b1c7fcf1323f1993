"""The bundled paying apps in a real chat over HTTP: food from browsing to a paid order,
and a bill paid once. The apps are the installed ones, found through entry points."""

from __future__ import annotations

import itertools
from typing import Any

from conftest import SETUP
from live_server import Api
from souq.payments.ledger import verify
from souq.runtime import Services
from souq.services.accounts import Role

_ids = itertools.count(1)

HISTORY = """query($id: ID!) { conversation(id: $id) { messages(last: 100) { nodes {
  id seq body private app { slug }
  content {
    ... on Card { title body fields { label value } buttons { id label } }
    ... on ListContent { title items { title buttons { id label } } }
    ... on PaymentCard { paymentRequestId status description amount { amount formatted } }
  } } } } }"""
PRESS = """mutation($m: ID!, $b: String!, $k: String!) {
  pressButton(messageId: $m, buttonId: $b, clientId: $k) { id body } }"""
CONFIRM = """mutation($r: ID!, $k: String!) {
  confirmPayment(requestId: $r, idempotencyKey: $k) { status amount { amount } } }"""
BALANCE = "{ wallet { balances { amount currency } } }"


class Chat:
    """ana and bruno in a group, with money in ana's wallet."""

    def __init__(self, api: Api, services: Services) -> None:
        self.api, self.services = api, services

    async def open(self) -> Chat:
        self.ana = await self.api.register("ana")
        self.bruno = await self.api.register("bruno")
        root = await self.api.register("root")
        await self.services.accounts.set_role(SETUP, "root", Role.ADMIN, reason="test setup")
        await self.api.ok(
            'mutation { topUp(username: "ana", amount: 10000, reason: "test") { amount } }',
            token=root,
        )
        self.id = await self.api.group(self.ana, "dinner", ["bruno"])
        return self

    async def messages(self, token: str) -> list[dict[str, Any]]:
        data = await self.api.ok(HISTORY, {"id": self.id}, token)
        return data["conversation"]["messages"]["nodes"]

    async def run(self, line: str, token: str | None = None) -> list[dict[str, Any]]:
        """Send a line as ana; return what she sees after it."""
        sent = await self.api.send(token or self.ana, self.id, line, f"k{next(_ids)}")
        return [m for m in await self.messages(token or self.ana) if m["seq"] > sent["seq"]]

    async def press(self, message: dict[str, Any], button: str) -> None:
        variables = {"m": message["id"], "b": button, "k": f"p{next(_ids)}"}
        await self.api.ok(PRESS, variables, self.ana)

    async def pay(self, card: dict[str, Any]) -> list[dict[str, Any]]:
        """Confirm the payment card as ana; return what she sees after the card."""
        request = card["content"]["paymentRequestId"]
        paid = await self.api.ok(CONFIRM, {"r": request, "k": f"c{next(_ids)}"}, self.ana)
        assert paid["confirmPayment"]["status"] == "COMPLETED"
        return [m for m in await self.messages(self.ana) if m["seq"] > card["seq"]]

    async def balance(self) -> int:
        balances = (await self.api.ok(BALANCE, token=self.ana))["wallet"]["balances"]
        return sum(b["amount"] for b in balances)


async def test_food_from_browsing_to_a_paid_order(api: Api, services: Services) -> None:
    chat = await Chat(api, services).open()
    [restaurants] = await chat.run("/food restaurants roma")
    await chat.press(restaurants, "0.0")  # Menu of the first restaurant
    menu = (await chat.messages(chat.ana))[-1]
    assert menu["content"]["title"].endswith(": menu")
    await chat.press(menu, "0.0")  # Add the first dish
    await chat.press(menu, "1.0")  # and the second
    [card] = await chat.run("/food checkout")
    assert card["private"] and card["content"]["status"] == "PENDING"
    total = card["content"]["amount"]["amount"]
    assert not [m for m in await chat.messages(chat.bruno) if m["id"] == card["id"]]

    [receipt] = await chat.pay(card)
    assert receipt["app"]["slug"] == "food" and not receipt["private"]  # the app posts it
    assert receipt["content"]["title"].endswith("confirmed")
    assert any(m["id"] == receipt["id"] for m in await chat.messages(chat.bruno))
    paid_card = next(m for m in await chat.messages(chat.ana) if m["id"] == card["id"])
    assert paid_card["content"]["status"] == "COMPLETED"
    assert await chat.balance() == 10000 - total
    [empty] = await chat.run("/food cart")
    assert "empty" in empty["body"]
    async with services.db.session() as session:
        assert (await session.run_sync(verify)).ok


async def test_a_declined_food_order_keeps_the_cart(api: Api, services: Services) -> None:
    chat = await Chat(api, services).open()
    [menu] = await chat.run("/food menu da-enzo")
    await chat.press(menu, "0.0")
    [card] = await chat.run("/food checkout")
    request = card["content"]["paymentRequestId"]
    await api.ok(
        "mutation($r: ID!) { declinePayment(requestId: $r) { status } }", {"r": request}, chat.ana
    )
    [cart] = await chat.run("/food cart")
    assert cart["content"]["items"], cart
    assert await chat.balance() == 10000


async def test_a_bill_is_paid_once(api: Api, services: Services) -> None:
    chat = await Chat(api, services).open()
    [card] = await chat.run("/billpay pay EN-1001")
    assert card["content"]["amount"] == {"amount": 8450, "formatted": "€84.50"}
    [receipt] = await chat.pay(card)
    assert receipt["app"]["slug"] == "billpay" and "EN-1001" in str(receipt)
    [again] = await chat.run("/billpay pay EN-1001")
    assert "already paid" in again["body"] and again["content"] is None
    assert await chat.balance() == 10000 - 8450
