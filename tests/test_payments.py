"""Payments in chat over real HTTP: a request shown as a card, confirmed by the person it
is addressed to, the app told each outcome once, refunds, and every refusal moving nothing.

A throwaway shop app asks for money with ``/shop buy AMOUNT REFERENCE`` and gives it back
with ``/shop refund PAYMENT AMOUNT KEY``; it records every outcome it is told.
"""

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta
from typing import Any

import pytest
from conftest import SETUP, Install, approve
from live_server import Api
from sample_apps import shop
from souq.apps import outcomes
from souq.db.models import LedgerTransaction, Payment, utcnow
from souq.payments.ledger import verify
from souq.runtime import Services
from souq.services.accounts import Role
from souq_sdk import App, PaymentEvent, PaymentRequest, Text
from sqlalchemy import func, select

_ids = itertools.count(1)

HISTORY = """query($id: ID!) { conversation(id: $id) { messages(last: 100) { nodes {
  id seq body private app { slug }
  content { ... on PaymentCard { paymentRequestId status description
                                 amount { amount currency formatted } } } } } } }"""
CONFIRM = """mutation($r: ID!, $k: String!) { confirmPayment(requestId: $r, idempotencyKey: $k) {
  id status amount { amount currency } refunded { amount } app reference decidedAt } }"""
DECLINE = "mutation($r: ID!) { declinePayment(requestId: $r) { id status } }"
TOP_UP = """mutation($u: String!, $a: Long!, $c: String) {
  topUp(username: $u, amount: $a, currency: $c, reason: "test") { amount currency formatted } }"""
WALLET = """{ wallet { balances { amount currency }
  history(first: 50) { nodes { kind memo amount { amount currency } } }
  payments(first: 50) { nodes { id status } } } }"""
REQUEST = "query($id: ID!) { paymentRequest(id: $id) { id status refunded { amount } } }"
APP_PAYMENTS = """query($a: String!) { appPayments(app: $a) { nodes {
  id status amount { amount } conversationId messageId } } }"""
TOTALS = """{ paymentTotals { currency payments topped_up: toppedUp { amount } paid { amount }
  refunded { amount } inWallets { amount } inMerchantAccounts { amount } } }"""


class Shop:
    """ana in a conversation with bruno, the shop installed, an admin to top up."""

    def __init__(self, api: Api, services: Services, told: list[PaymentEvent]) -> None:
        self.api, self.services, self.told = api, services, told

    async def setup(self) -> Shop:
        self.ana = await self.api.register("ana")
        self.bruno = await self.api.register("bruno")
        self.root = await self.api.register("root")
        await self.services.accounts.set_role(SETUP, "root", Role.ADMIN, reason="test setup")
        self.chat = await self.api.group(self.ana, "flat", ["bruno"])
        return self

    async def top_up(self, username: str, amount: int) -> dict[str, Any]:
        return (await self.api.ok(TOP_UP, {"u": username, "a": amount, "c": "EUR"}, self.root))[
            "topUp"
        ]

    async def messages(self, token: str) -> list[dict[str, Any]]:
        data = await self.api.ok(HISTORY, {"id": self.chat}, token)
        return data["conversation"]["messages"]["nodes"]

    async def ask(self, amount: int, reference: str = "order-1", token: str | None = None) -> str:
        """Run ``/shop buy``; return the request id from the card ana now sees."""
        sent = await self.api.send(
            token or self.ana, self.chat, f"/shop buy {amount} {reference}", f"k{next(_ids)}"
        )
        after = [m for m in await self.messages(token or self.ana) if m["seq"] > sent["seq"]]
        card = after[0]
        assert card["content"] is not None, card
        return card["content"]["paymentRequestId"]

    async def confirm(self, request: str, key: str | None = None, token: str | None = None):
        variables = {"r": request, "k": key or f"c{next(_ids)}"}
        return await self.api.gql(CONFIRM, variables, token or self.ana)

    async def balance(self, token: str) -> int:
        balances = (await self.api.ok(WALLET, token=token))["wallet"]["balances"]
        return sum(b["amount"] for b in balances if b["currency"] == "EUR")

    async def debits(self) -> int:
        """How many payments moved money out of a wallet."""
        async with self.services.db.session() as session:
            query = select(func.count()).where(LedgerTransaction.kind == "payment")
            return await session.scalar(query) or 0

    async def ledger_ok(self) -> None:
        async with self.services.db.session() as session:
            result = await session.run_sync(verify)
        assert result.ok, result.problems


@pytest.fixture
async def store(api: Api, services: Services, install: Install) -> Shop:
    told: list[PaymentEvent] = []
    await install(shop(told))
    return await Shop(api, services, told).setup()


async def test_a_request_is_a_private_card_that_its_person_pays_once(store: Shop) -> None:
    await store.top_up("ana", 5000)
    request = await store.ask(1250, "order-7")
    card = next(m for m in await store.messages(store.ana) if m["content"])
    assert card["private"] and card["app"]["slug"] == "shop"
    assert card["content"]["amount"] == {"amount": 1250, "currency": "EUR", "formatted": "€12.50"}
    assert card["content"]["status"] == "PENDING"
    assert not [m for m in await store.messages(store.bruno) if m["content"]]  # bruno sees nothing

    paid = (await store.confirm(request, "key-1"))["data"]["confirmPayment"]
    assert paid["status"] == "COMPLETED" and paid["reference"] == "order-7"
    assert [(e.outcome, e.reference, e.amount) for e in store.told] == [
        ("completed", "order-7", 1250)
    ]
    assert store.told[0].payment_id == request
    after = await store.messages(store.ana)
    assert next(m for m in after if m["content"])["content"]["status"] == "COMPLETED"
    assert after[-1]["body"] == "receipt for order-7" and after[-1]["private"]
    assert await store.balance(store.ana) == 5000 - 1250

    again = (await store.confirm(request, "key-1"))["data"]["confirmPayment"]
    assert again == paid  # a retry with the same key returns the first result
    other = await store.confirm(request, "key-2")
    assert other["errors"][0]["extensions"]["code"] == "ALREADY_PAID"
    assert len(store.told) == 1 and await store.debits() == 1
    history = (await store.api.ok(WALLET, token=store.ana))["wallet"]["history"]["nodes"]
    assert [(h["kind"], h["amount"]["amount"]) for h in history] == [
        ("PAYMENT", -1250),
        ("TOP_UP", 5000),
    ]
    await store.ledger_ok()


async def test_only_the_addressed_person_can_see_or_pay_a_request(store: Shop) -> None:
    await store.top_up("bruno", 5000)
    request = await store.ask(700)
    for query, variables in ((CONFIRM, {"r": request, "k": "x"}), (DECLINE, {"r": request})):
        error = await store.api.error(query, variables, store.bruno)
        assert error["extensions"]["code"] == "NOT_FOUND"
    error = await store.api.error(REQUEST, {"id": request}, store.bruno)
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert await store.balance(store.bruno) == 5000 and store.told == []


async def test_refusals_move_nothing(store: Shop) -> None:
    request = await store.ask(2000)
    short = await store.confirm(request)
    assert short["errors"][0]["extensions"]["code"] == "INSUFFICIENT_FUNDS"
    state = await store.api.ok(REQUEST, {"id": request}, store.ana)
    assert state["paymentRequest"]["status"] == "PENDING" and store.told == []
    await store.top_up("ana", 2000)
    assert (await store.confirm(request))["data"]["confirmPayment"]["status"] == "COMPLETED"

    for key in ("", "k" * 65):
        bad = (
            await store.confirm(request, key)
            if key
            else await store.api.gql(CONFIRM, {"r": request, "k": ""}, store.ana)
        )
        assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    for unknown in ("999999", "nope"):
        bad = await store.confirm(unknown)
        assert bad["errors"][0]["extensions"]["code"] in ("NOT_FOUND", "BAD_USER_INPUT")
    assert await store.balance(store.ana) == 0
    await store.ledger_ok()


async def test_a_declined_request_cannot_be_paid_and_the_app_is_told_once(store: Shop) -> None:
    await store.top_up("ana", 5000)
    request = await store.ask(900, "order-d")
    declined = await store.api.ok(DECLINE, {"r": request}, store.ana)
    assert declined["declinePayment"]["status"] == "DECLINED"
    await store.api.ok(DECLINE, {"r": request}, store.ana)  # declining again is harmless
    refused = await store.confirm(request)
    assert refused["errors"][0]["extensions"]["code"] == "PAYMENT_DECLINED"
    await store.services.sweep()
    assert [(e.outcome, e.reference) for e in store.told] == [("declined", "order-d")]
    assert await store.balance(store.ana) == 5000


async def test_expiry_with_controlled_time(store: Shop) -> None:
    await store.top_up("ana", 5000)
    late, swept = await store.ask(100, "late"), await store.ask(100, "swept")
    payments = store.services.payments
    payments.clock = lambda: utcnow() + timedelta(minutes=15, seconds=1)
    expired = await store.confirm(late)
    assert expired["errors"][0]["extensions"]["code"] == "PAYMENT_EXPIRED"
    await store.services.sweep()  # expires the other one and tells the app
    await store.services.sweep()  # nothing is told twice
    assert sorted((e.outcome, e.reference) for e in store.told) == [
        ("expired", "late"),
        ("expired", "swept"),
    ]
    again = await store.confirm(swept)
    assert again["errors"][0]["extensions"]["code"] == "PAYMENT_EXPIRED"
    assert await store.balance(store.ana) == 5000 and await store.debits() == 0


async def test_refunds_partial_full_idempotent_and_never_beyond_what_was_paid(
    store: Shop,
) -> None:
    await store.top_up("ana", 5000)
    request = await store.ask(1000)
    await store.confirm(request)

    async def refund(amount: int, key: str) -> str:
        sent = await store.api.send(
            store.ana, store.chat, f"/shop refund {request} {amount} {key}", f"k{next(_ids)}"
        )
        return next(m for m in await store.messages(store.ana) if m["seq"] > sent["seq"])["body"]

    assert await refund(300, "r1") == "Shop refunded €3.00 for a thing: changed mind"
    assert await refund(300, "r1") == "€3.00 of a thing was already refunded."
    assert "only €7.00 of this payment is left" in await refund(800, "r2")
    assert await refund(0, "r3") == "Shop refunded €7.00 for a thing: changed mind"  # the rest
    assert "only €0.00" in await refund(1, "r4")
    state = await store.api.ok(REQUEST, {"id": request}, store.ana)
    assert state["paymentRequest"]["refunded"]["amount"] == 1000
    assert await store.balance(store.ana) == 5000
    await store.ledger_ok()


async def test_an_app_without_the_payments_scope_cannot_ask_for_money(
    api: Api, services: Services, install: Install
) -> None:
    await install(shop([], scopes=()))
    people = await Shop(api, services, []).setup()
    sent = await api.send(people.ana, people.chat, "/shop buy 100 x", "k1")
    answer = next(m for m in await people.messages(people.ana) if m["seq"] > sent["seq"])
    assert answer["body"] == "Shop answered with something souq cannot show, try again later."


async def test_a_suspended_app_is_told_its_outcomes_once_it_is_served_again(
    store: Shop,
) -> None:
    await store.top_up("ana", 5000)
    request = await store.ask(500, "held")
    await store.services.review.suspend(SETUP, "shop", reason="investigation")
    assert (await store.confirm(request))["data"]["confirmPayment"]["status"] == "COMPLETED"
    await store.services.sweep()
    assert store.told == []  # kept, not lost
    await store.services.review.unsuspend(SETUP, "shop", reason="cleared")
    await store.services.sweep()
    assert [(e.outcome, e.reference) for e in store.told] == [("completed", "held")]


async def test_top_ups_are_for_admins_and_checked(store: Shop) -> None:
    forbidden = await store.api.error(TOP_UP, {"u": "ana", "a": 100, "c": "EUR"}, store.ana)
    assert forbidden["extensions"]["code"] == "FORBIDDEN"
    for amount, currency in ((0, "EUR"), (-5, "EUR"), (100, "XXX"), (10**12, "EUR")):
        error = await store.api.error(TOP_UP, {"u": "ana", "a": amount, "c": currency}, store.root)
        assert error["extensions"]["code"] == "BAD_USER_INPUT", (amount, currency)
    floats = await store.api.gql(TOP_UP, {"u": "ana", "a": 1.5, "c": "EUR"}, store.root)
    assert floats["errors"]
    missing = await store.api.error(TOP_UP, {"u": "nobody", "a": 100, "c": "EUR"}, store.root)
    assert missing["extensions"]["code"] == "NOT_FOUND"
    assert await store.balance(store.ana) == 0
    assert (await store.top_up("ana", 100))["formatted"] == "€1.00"


async def test_payments_of_an_app_are_for_its_developer_and_admins(store: Shop) -> None:
    await store.top_up("ana", 5000)
    await store.confirm(await store.ask(1500))
    appdev = await store.services.accounts.issue_token(
        (await store.services.accounts.by_username("appdev")).id, label="test"
    )
    owner = await store.api.ok(APP_PAYMENTS, {"a": "shop"}, appdev)
    assert [p["amount"]["amount"] for p in owner["appPayments"]["nodes"]] == [1500]
    (node,) = owner["appPayments"]["nodes"]
    assert (node["conversationId"], node["messageId"]) == (None, None)  # not where it was used
    admin = await store.api.ok(APP_PAYMENTS, {"a": "shop"}, store.root)
    assert admin == owner
    for token in (store.ana, store.bruno):
        error = await store.api.error(APP_PAYMENTS, {"a": "shop"}, token)
        assert error["extensions"]["code"] == "NOT_FOUND"
    totals = (await store.api.ok(TOTALS, token=store.root))["paymentTotals"]
    assert totals == [
        {
            "currency": "EUR",
            "payments": 1,
            "topped_up": {"amount": 5000},
            "paid": {"amount": 1500},
            "refunded": {"amount": 0},
            "inWallets": {"amount": 3500},
            "inMerchantAccounts": {"amount": 1500},
        }
    ]
    forbidden = await store.api.error(TOTALS, token=store.ana)
    assert forbidden["extensions"]["code"] == "FORBIDDEN"


# -- races ------------------------------------------------------------------------------


async def test_a_hundred_concurrent_confirms_complete_one_payment(store: Shop) -> None:
    await store.top_up("ana", 100_000)
    request = await store.ask(1000)
    answers = await asyncio.gather(*(store.confirm(request, f"race-{n}") for n in range(100)))
    completed = [a for a in answers if "data" in a and a["data"] and a["data"]["confirmPayment"]]
    refused = [a["errors"][0]["extensions"]["code"] for a in answers if a.get("errors")]
    assert len(completed) == 1 and refused == ["ALREADY_PAID"] * 99
    assert await store.debits() == 1 and len(store.told) == 1
    assert await store.balance(store.ana) == 99_000
    await store.ledger_ok()


async def test_fifty_concurrent_payments_never_overdraw_a_wallet(store: Shop) -> None:
    await store.top_up("ana", 20 * 300)
    requests = [await store.ask(300, f"o{n}") for n in range(50)]
    answers = await asyncio.gather(*(store.confirm(r) for r in requests))
    codes = [a["errors"][0]["extensions"]["code"] if a.get("errors") else "OK" for a in answers]
    assert codes.count("OK") == 20 and codes.count("INSUFFICIENT_FUNDS") == 30
    assert await store.balance(store.ana) == 0
    await store.ledger_ok()


async def test_concurrent_refunds_never_exceed_what_was_paid(store: Shop) -> None:
    await store.top_up("ana", 1000)
    request = await store.ask(1000)
    await store.confirm(request)
    sends = [
        store.api.send(store.ana, store.chat, f"/shop refund {request} 300 r{n}", f"rk{n}")
        for n in range(12)
    ]
    await asyncio.gather(*sends)
    async with store.services.db.session() as session:
        refunded = await session.scalar(select(Payment.refunded).where(Payment.id == int(request)))
    assert refunded == 900  # three of 300 fit into 1000; the rest were refused
    assert await store.balance(store.ana) == 900
    await store.ledger_ok()


async def test_outcomes_waiting_for_a_suspended_app_never_hold_up_the_others(
    store: Shop, install: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outcomes, "BATCH", 1)  # one notice per sweep: the oldest due
    other_told: list[PaymentEvent] = []
    other = shop(other_told)
    other.slug, other.name = "other", "Other"
    await install(other)
    await store.ask(100, "held-1")
    await store.ask(100, "held-2")
    sent = await store.api.send(store.ana, store.chat, "/other buy 100 free", "k-other")
    assert sent["body"] == "/other buy 100 free"
    await store.services.review.suspend(SETUP, "shop", reason="investigation")
    store.services.payments.clock = lambda: utcnow() + timedelta(hours=1)
    await store.services.sweep()
    assert [e.reference for e in other_told] == ["free"] and store.told == []


LIVE = """subscription($after: [SeenInput!]) { events(after: $after) {
  __typename
  ... on MessagePosted { message { id body content { ... on PaymentCard { status } } } }
  ... on MessageUpdated { message { id revision content { ... on PaymentCard { status } } } }
} }"""


async def test_the_card_follows_its_payment_live(store: Shop) -> None:
    await store.top_up("ana", 5000)
    async with store.api.subscribe(store.ana, LIVE, await store.api.from_now(store.ana)) as live:
        request = await store.ask(400, "live")
        seen = [(await live.next())["data"]["events"] for _ in range(2)]  # command line, card
        card = seen[1]["message"]
        assert card["content"] == {"status": "PENDING"}
        await store.confirm(request)
        updated, receipt = [(await live.next())["data"]["events"] for _ in range(2)]
    assert updated["__typename"] == "MessageUpdated"
    assert updated["message"] == {
        "id": card["id"],
        "revision": 1,
        "content": {"status": "COMPLETED"},
    }
    assert (receipt["__typename"], receipt["message"]["body"]) == (
        "MessagePosted",
        "receipt for live",
    )


async def test_a_public_request_is_seen_by_all_but_paid_by_its_person_alone(
    api: Api, services: Services, install: Install
) -> None:
    told: list[PaymentEvent] = []
    app = App(
        slug="kitty", name="Kitty", version="1.0.0", summary="Chip in", scopes=("payments.request",)
    )

    @app.command()
    def chip(amount: int) -> PaymentRequest:
        """Ask to chip in, where everyone sees it."""
        return PaymentRequest(
            amount=amount, description="the gift", reference="gift", visibility="public"
        )

    @app.on_payment()
    def outcome(event: PaymentEvent) -> Text:
        told.append(event)
        return Text("Someone chipped in.", visibility="public")

    await install(app)
    group = await Shop(api, services, told).setup()
    await group.top_up("ana", 1000)
    await group.top_up("bruno", 1000)
    sent = await api.send(group.ana, group.chat, "/kitty chip 250", "k-chip")
    [card] = [m for m in await group.messages(group.bruno) if m["seq"] > sent["seq"]]
    assert not card["private"] and card["content"]["status"] == "PENDING"
    assert card["body"] == "Kitty asks ana to pay €2.50: the gift"
    request = card["content"]["paymentRequestId"]
    stranger = await group.confirm(request, token=group.bruno)
    assert stranger["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert (await group.confirm(request))["data"]["confirmPayment"]["status"] == "COMPLETED"
    bruno_sees = await group.messages(group.bruno)
    assert bruno_sees[-1]["body"] == "Someone chipped in."
    assert next(m for m in bruno_sees if m["id"] == card["id"])["content"]["status"] == "COMPLETED"
    assert await group.balance(group.bruno) == 1000 and await group.balance(group.ana) == 750


async def test_an_app_cannot_refund_another_apps_payment(store: Shop, install: Install) -> None:
    other = shop([])
    other.slug, other.name = "other", "Other"
    await install(other)
    await store.top_up("ana", 1000)
    request = await store.ask(1000)
    await store.confirm(request)
    sent = await store.api.send(store.ana, store.chat, f"/other refund {request} 0 steal", "k-r")
    answer = next(m for m in await store.messages(store.ana) if m["seq"] > sent["seq"])
    assert answer["body"] == f"Other could not make that refund: no payment '{request}' of this app"
    assert await store.balance(store.ana) == 0
    await store.ledger_ok()


async def test_money_needs_the_scope_in_the_approved_version(
    api: Api, services: Services, install: Install
) -> None:
    await install(shop([], scopes=()))  # 1.0.0 approved without payments.request
    people = await Shop(api, services, []).setup()
    services.apps.remove("shop")
    newer = shop([])
    newer.version = "1.1.0"  # the same commands, now asking for the scope: not yet approved
    await install(newer, approved=False)

    async def buy(key: str) -> str:
        sent = await api.send(people.ana, people.chat, "/shop buy 100 x", key)
        return next(m for m in await people.messages(people.ana) if m["seq"] > sent["seq"])["body"]

    assert await buy("b1") == "Shop is not available right now.", "its new code is not approved"
    await approve(services, services.apps.get("shop"))
    assert await buy("b2") == "Shop asks you to pay €1.00: a thing"
