"""Telling apps what became of their payment requests: each outcome once.

An outcome is written as a notice in the transaction that decides it, so it is never
lost. Telling the app starts by claiming the notice (a conditional update), so two
processes, or a confirm and the sweeper, never tell it twice. An app that is not served
right now (suspended, or awaiting review) is not told: its notices wait until it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from souq_sdk.money import PaymentEvent, PaymentOutcome
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from souq.db.database import Database
from souq.db.models import Payment, PaymentNotice, User, utcnow
from souq.events.types import MessageRecord
from souq.payments.requests import PaymentView
from souq.payments.service import Payments
from souq.services.accounts import Account, account_of
from souq.services.messages import load_record

from .invocations import Invocations
from .registry import LoadedApp
from .serving import Gate

BATCH = 100


@dataclass(frozen=True)
class _Due:
    """An outcome to tell, with everything telling it needs (read in one go)."""

    notice_id: int
    outcome: str
    payment: Payment
    payer: Account
    card: MessageRecord


class Outcomes:
    """Delivers payment outcomes to the apps that asked for the money."""

    def __init__(
        self,
        db: Database,
        gate: Gate,
        payments: Payments,
        invocations: Invocations,
    ) -> None:
        self._db = db
        self._gate = gate
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
        served = {app.slug: app for app in await self._gate.served()}
        query = (
            select(PaymentNotice.id, PaymentNotice.outcome, Payment, User)
            .join(Payment, Payment.id == PaymentNotice.payment_id)
            .join(User, User.id == Payment.payer_id)
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

        def read(session: Session) -> list[_Due]:
            return [
                _Due(notice, outcome, payment, account_of(payer), load_record(session, card))
                for notice, outcome, payment, payer in session.execute(query)
                if (card := payment.message_id) is not None
            ]

        told = 0
        for due in await self._db.read(read):
            if await self._claim(due.notice_id):
                await self._tell(served[due.payment.app_slug], due)
                told += 1
        return told

    async def _tell(self, app: LoadedApp, due: _Due) -> None:
        payment = due.payment
        event = PaymentEvent(
            outcome=PaymentOutcome(due.outcome),
            payment_id=str(payment.id),
            reference=payment.reference,
            amount=payment.amount,
            currency=payment.currency,
            description=payment.description,
        )
        await self._invocations.tell_payment(due.payer, due.card, app, event)

    async def _claim(self, notice_id: int) -> bool:
        def claim(session: Session) -> bool:
            claimed = session.execute(
                update(PaymentNotice)
                .where(PaymentNotice.id == notice_id, PaymentNotice.delivered_at.is_(None))
                .values(delivered_at=utcnow())
            )
            return claimed.rowcount == 1

        return await self._db.write(claim)
