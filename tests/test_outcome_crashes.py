"""A real ``souq serve`` killed with SIGKILL while it tells apps their payment outcomes,
then started again on the same database: every completed payment ends with exactly one
receipt from the app.

The paying app is the bundled bill-pay app, found through the ``souq`` entry-point group
like any installed app; its receipt is a "Bill paid" card. The people and their payment
requests are made by this test's own services on the same database; the payments are
confirmed, all at once, against the real process, which kills itself
(``SOUQ_TEST_FAULT``, honoured with ``SOUQ_ENV=dev`` only) right after the named step of
telling the first outcome it reaches. The second process confirms again with the same
idempotency keys, as a client retrying would, and its sweep takes over the leases the
dead one left (``SOUQ_OUTCOME_LEASE_SECONDS=1`` there). The receipts are awaited as live
events, never polled for.
"""

from __future__ import annotations

import asyncio
import signal
from typing import Any

import pytest
from conftest import SETUP
from live_server import Api
from processes import RUNNING, TIMEOUT, assert_clean_exit, client, free_port
from processes import souq_process as start
from souq.db.models import Message, Payment, PaymentNotice
from souq.payments.ledger import verify
from souq.runtime import Services
from souq.settings import Settings
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

BILLS = {
    "ana": ("EN-1001", "EN-1002", "WA-2001", "TE-3001"),
    "bruno": ("EN-1003", "WA-2002", "TE-3002", "TE-3003"),
    "carla": ("EN-1004", "WA-2003", "TE-3004", "EN-1001"),
}
CONFIRM = """mutation($r: ID!, $k: String!) {
  confirmPayment(requestId: $r, idempotencyKey: $k) { id status } }"""
RECEIPTS = """subscription($after: [SeenInput!]) { events(after: $after) {
  ... on MessagePosted { message { app { slug } content {
    ... on Card { title fields { label value } } } } } } }"""


class Payer:
    """Someone with bills to pay: their token, conversation and payment request ids."""

    def __init__(self, name: str, token: str, chat: str) -> None:
        self.name, self.token, self.chat = name, token, chat
        self.requests: list[int] = []
        self.seen = 0  # the conversation's last seq before anything was confirmed

    def key(self, request: int) -> str:
        return f"pay-{request}"


async def ask_for_payments(api: Api, services: Services) -> list[Payer]:
    """Each payer asks bill-pay for their bills: one payment request each."""
    payers = []
    await api.register("pat")
    for name, bills in BILLS.items():
        token = await api.register(name)
        payer = Payer(name, token, await api.direct(token, "pat"))
        await services.payments.top_up(SETUP, name, 100_000, "EUR", reason="test")
        for n, bill in enumerate(bills):
            await api.send(token, payer.chat, f"/billpay pay {bill}", f"{name}-{n}")
        payers.append(payer)

    def requests(session: Session) -> None:
        for payer in payers:
            payer.requests = list(
                session.scalars(
                    select(Payment.id)
                    .where(
                        Payment.conversation_id == int(payer.chat), Payment.app_slug == "billpay"
                    )
                    .order_by(Payment.id)
                )
            )
            payer.seen = max(
                session.scalars(
                    select(Message.seq).where(Message.conversation_id == int(payer.chat))
                )
            )

    await services.db.read(requests)
    assert [len(p.requests) for p in payers] == [len(b) for b in BILLS.values()]
    return payers


async def confirm_all(port: int, payers: list[Payer]) -> list[Any]:
    """Confirm every request at once; what each confirm came to (an exception, when the
    server died under it)."""
    async with client(port) as api:
        confirms = [
            api.gql(CONFIRM, {"r": str(r), "k": payer.key(r)}, payer.token)
            for payer in payers
            for r in payer.requests
        ]
        return await asyncio.gather(*confirms, return_exceptions=True)


def serving(settings: Settings, port: int, **variables: str) -> Any:
    """``souq serve`` (dev mode) on the test's database, on ``port``."""
    env = {"SOUQ_ENV": "dev", "SOUQ_DATABASE_URL": settings.sqlalchemy_url} | variables
    return start("serve", "--port", str(port), "--no-migrate", data_dir=settings.data_dir, env=env)


async def untold(services: Services) -> int:
    """How many completed payments the app was not told of (no receipt stored)."""
    query = (
        select(func.count())
        .select_from(Payment)
        .join(PaymentNotice, PaymentNotice.payment_id == Payment.id)
        .where(Payment.status == "completed", PaymentNotice.delivered_at.is_(None))
    )
    return await services.db.read(lambda s: s.scalar(query) or 0)


async def receipts_of(port: int, payer: Payer) -> set[str]:
    """Wait for bill-pay's "Bill paid" receipt of each of ``payer``'s requests (live
    events, replaying from before the confirms); the payment ids they name."""
    paid: set[str] = set()
    wanted = {str(r) for r in payer.requests}
    async with client(port) as api:
        after = [{"conversationId": payer.chat, "seq": payer.seen}]
        async with api.subscribe(payer.token, RECEIPTS, {"after": after}) as events:
            while paid != wanted:
                payload = await events.next()
                message = payload["data"]["events"].get("message")
                if message and message["app"]["slug"] == "billpay":
                    card = message["content"] or {}
                    assert card.get("title") == "Bill paid", message
                    paid |= {f["value"] for f in card["fields"] if f["label"] == "Payment"}
    return paid


@pytest.mark.parametrize("step", ["after-claim", "after-app-answered", "after-reply-stored"])
async def test_every_completed_payment_gets_one_receipt_after_a_kill(
    api: Api, services: Services, settings: Settings, step: str
) -> None:
    payers = await ask_for_payments(api, services)

    port = free_port()
    async with serving(
        settings, port, SOUQ_TEST_FAULT=step, SOUQ_OUTCOME_LEASE_SECONDS="1"
    ) as server:
        await server.expect(RUNNING)
        await confirm_all(port, payers)
        await server.expect(f"SOUQ_TEST_FAULT: killed after {step}")
        assert await asyncio.wait_for(server.process.wait(), TIMEOUT) == -signal.SIGKILL
    if step != "after-reply-stored":  # the outcome being told when it died is not told yet
        assert await untold(services) >= 1

    port = free_port()
    async with serving(settings, port, SOUQ_PAYMENT_SWEEP_SECONDS="0.2") as server:
        await server.expect(RUNNING)
        for answer in await confirm_all(port, payers):  # a client retries what it sent
            assert answer["data"]["confirmPayment"]["status"] == "COMPLETED", answer
        for payer in payers:
            assert await receipts_of(port, payer) == {str(r) for r in payer.requests}
        assert_clean_exit(server, await server.stop())

    receipt = aliased(Message)
    replies = select(func.count()).where(Message.reply_to_id == Payment.message_id)
    query = (
        select(
            Payment.id,
            Payment.status,
            PaymentNotice.delivered_at.is_not(None),
            receipt.app_slug,
            receipt.body,
            receipt.reply_to_id == Payment.message_id,
            replies.scalar_subquery(),
        )
        .join(PaymentNotice, PaymentNotice.payment_id == Payment.id)
        .outerjoin(receipt, receipt.id == PaymentNotice.reply_message_id)
        .order_by(Payment.id)
    )
    found = await services.db.read(lambda s: [tuple(row) for row in s.execute(query)])
    everyone = sorted(r for payer in payers for r in payer.requests)
    # Each paid, its notice delivered, the receipt it names bill-pay's reply to the card,
    # and that reply the only one.
    assert found == [(r, "completed", True, "billpay", "Bill paid", True, 1) for r in everyone]
    assert await untold(services) == 0
    async with services.db.session() as session:
        assert (await session.run_sync(verify)).ok
