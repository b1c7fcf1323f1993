"""Telling apps what became of their payment requests: each outcome once.

An outcome is written as a notice in the transaction that decides it, so it is never
lost. Telling the app starts by claiming the notice (a conditional update), so two
processes, or a confirm and the sweeper, never tell it twice. An app that is not served
right now (suspended, or awaiting review) is not told: its notices wait until it is.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from souq_sdk.money import PaymentEvent, PaymentOutcome
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from souq.db.database import Database
from souq.db.models import Payment, PaymentNotice, utcnow
from souq.payments.requests import PaymentView
from souq.payments.service import Payments
from souq.services.accounts import Account, Accounts
from souq.services.messages import load_record

from .invocations import Invocations
from .serving import Gate

log = logging.getLogger("souq.apps")

BATCH = 100


@dataclass(frozen=True)
class _Due:
    notice_id: int
    outcome: str
    payment: Payment


class Outcomes:
    """Delivers payment outcomes to the apps that asked for the money."""

    def __init__(
        self,
        db: Database,
        gate: Gate,
        accounts: Accounts,
        payments: Payments,
        invocations: Invocations,
    ) -> None:
        self._db = db
        self._gate = gate
        self._accounts = accounts
        self._payments = payments
        self._invocations = invocations

    async def confirm(self, me: Account, payment_id: int, key: str) -> PaymentView:
        """Pay a request (see :meth:`Payments.confirm`), then tell the app at once: its
        receipt is posted before this returns. An expiry found on the way is told too."""
        try:
            return await self._payments.confirm(me, payment_id, key)
        finally:
            await self.deliver(payment_id)

    async def decline(self, me: Account, payment_id: int) -> PaymentView:
        """Decline a request (see :meth:`Payments.decline`), then tell the app at once."""
        try:
            return await self._payments.decline(me, payment_id)
        finally:
            await self.deliver(payment_id)

    async def deliver(self, payment_id: int | None = None) -> int:
        """Tell apps the outcomes not told yet (of one payment, or a batch of all);
        returns how many were told. Only apps served right now are told, so notices
        waiting for a suspended app never hold up the others."""
        served = [app.slug for app in await self._gate.served()]
        query = (
            select(PaymentNotice.id, PaymentNotice.outcome, Payment)
            .join(Payment, Payment.id == PaymentNotice.payment_id)
            .where(
                PaymentNotice.delivered_at.is_(None),
                Payment.app_slug.in_(served),
                Payment.message_id.is_not(None),
            )
            .order_by(PaymentNotice.id)
            .limit(BATCH)
        )
        if payment_id is not None:
            query = query.where(PaymentNotice.payment_id == payment_id)
        due = await self._db.read(lambda s: [_Due(*row) for row in s.execute(query)])
        told = 0
        for notice in due:
            told += await self._tell(notice)
        return told

    async def _tell(self, notice: _Due) -> int:
        payment = notice.payment
        serving = await self._gate.check(payment.app_slug)
        app = serving.app if serving else None
        if app is None or payment.message_id is None:
            return 0
        if not await self._claim(notice.notice_id):
            return 0
        payers = await self._accounts.by_ids([payment.payer_id])
        message_id = payment.message_id
        card = await self._db.read(lambda s: load_record(s, message_id))
        event = PaymentEvent(
            outcome=PaymentOutcome(notice.outcome),
            payment_id=str(payment.id),
            reference=payment.reference,
            amount=payment.amount,
            currency=payment.currency,
            description=payment.description,
        )
        await self._invocations.tell_payment(payers[payment.payer_id], card, app, event)
        return 1

    async def _claim(self, notice_id: int) -> bool:
        def claim(session: Session) -> bool:
            claimed = session.execute(
                update(PaymentNotice)
                .where(PaymentNotice.id == notice_id, PaymentNotice.delivered_at.is_(None))
                .values(delivered_at=utcnow())
            )
            return claimed.rowcount == 1

        return await self._db.write(claim)
