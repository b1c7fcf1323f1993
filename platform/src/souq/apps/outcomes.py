"""Telling apps what became of their payment requests: at least once, acted on once.

An outcome is written as a notice in the transaction that decides it, so it is never
lost. Telling the app starts with a lease on the notice: one conditional update gives it
to a fresh token until ``SOUQ_OUTCOME_LEASE_SECONDS`` from now, and only a notice
nobody holds (or whose lease ran out) can be leased (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL; SQLite has one writer). So processes sharing a database, and the sweep and a
confirm within one, do not tell an app the same outcome side by side.

The app's answer (its receipt) is stored in the transaction that marks the notice
delivered, with the app's state; that transaction first checks that the notice is not
delivered yet, and stores nothing if it is. If the process dies after leasing, while
the app is called, or before its answer is stored, nothing of the answer is kept and the
sweep tells the app again once the lease has run out: an app may hear an outcome more
than once, but exactly one receipt is posted and its state changes once.

An app that is not served right now (suspended, or awaiting review) is not told: its
notices wait until it is.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from datetime import timedelta

from souq_sdk.money import PaymentEvent, PaymentOutcome
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from souq.db.database import Database
from souq.db.models import Clock, Payment, PaymentNotice, User
from souq.events.types import MessageRecord
from souq.faults import Faults
from souq.payments.requests import PaymentView
from souq.payments.service import Payments
from souq.services.accounts import Account, account_of
from souq.services.messages import load_record

from .invocations import Invocations
from .notices import HostNotifier, Notices
from .registry import LoadedApp
from .serving import Gate

BATCH = 100

_notices = PaymentNotice.__table__.c


@dataclass(frozen=True)
class _Due:
    """An outcome to tell, with everything telling it needs (read in one go)."""

    notice_id: int
    outcome: str
    payment: Payment
    payer: Account
    card: MessageRecord


@dataclass(frozen=True)
class _Telling:
    """One leased notice being told (an :class:`~souq.apps.invocations.Telling`)."""

    notice_id: int
    clock: Clock
    faults: Faults

    def answered(self) -> None:
        self.faults.reached("after-app-answered")

    def take(self, session: Session) -> bool:
        taken = session.execute(
            update(PaymentNotice.__table__)
            .where(_notices.id == self.notice_id, _notices.delivered_at.is_(None))
            .values(delivered_at=self.clock())
        )
        return taken.rowcount == 1

    def keep(self, session: Session, receipt_id: int | None) -> None:
        session.execute(
            update(PaymentNotice.__table__)
            .where(_notices.id == self.notice_id)
            .values(reply_message_id=receipt_id)
        )


class Outcomes:
    """Delivers payment outcomes to the apps that asked for the money."""

    def __init__(
        self,
        db: Database,
        gate: Gate,
        payments: Payments,
        invocations: Invocations,
        notices: Notices,
        *,
        lease: timedelta,
        faults: Faults,
    ) -> None:
        self._notices = notices
        self._db = db
        self._gate = gate
        self._payments = payments
        self._invocations = invocations
        self._lease = lease
        self._faults = faults

    async def confirm(self, me: Account, payment_id: int, key: str) -> PaymentView:
        """Pay a request (see :meth:`Payments.confirm`), then tell the app at once: its
        receipt is posted before this returns (unless another process holds the outcome's
        lease). An expiry found on the way is told too."""
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
        """Tell apps the outcomes not told yet and not leased by anyone else (of one
        payment, or a batch of all); returns how many were told. Only apps served right
        now are told, so notices waiting for a suspended app never hold up the others."""
        served = {app.slug: app for app in await self._gate.served()}
        leased = await self._db.write(lambda session: self._take_lease(session, served, payment_id))
        if not leased:
            return 0
        self._faults.reached("after-claim")

        def read(session: Session) -> list[_Due]:
            query = (
                select(PaymentNotice.id, PaymentNotice.outcome, Payment, User)
                .join(Payment, Payment.id == PaymentNotice.payment_id)
                .join(User, User.id == Payment.payer_id)
                .where(PaymentNotice.id.in_(leased))
                .order_by(PaymentNotice.id)
            )
            return [
                _Due(notice, outcome, payment, account_of(payer), load_record(session, card))
                for notice, outcome, payment, payer in session.execute(query)
                if (card := payment.message_id) is not None
            ]

        told = 0
        for due in await self._db.read(read):
            if await self._tell(served[due.payment.app_slug], due):
                self._faults.reached("after-reply-stored")
                told += 1
        return told

    def _take_lease(
        self, session: Session, served: dict[str, LoadedApp], payment_id: int | None
    ) -> list[int]:
        """Lease the notices due (of ``payment_id``, or the oldest batch) to a fresh
        token; returns their ids."""
        now = self._payments.clock()
        free = or_(_notices.claimed_until.is_(None), _notices.claimed_until <= now)
        due = (
            select(_notices.id)
            .join(Payment, Payment.id == _notices.payment_id)
            .where(
                _notices.delivered_at.is_(None),
                free,
                Payment.app_slug.in_(served),
                Payment.message_id.is_not(None),
            )
            .order_by(_notices.id)
            .limit(BATCH)
            .with_for_update(of=PaymentNotice.__table__, skip_locked=True)
        )
        if payment_id is not None:
            due = due.where(_notices.payment_id == payment_id)
        lease = (
            update(PaymentNotice.__table__)
            .where(_notices.id.in_(due), _notices.delivered_at.is_(None), free)
            .values(claimed_by=secrets.token_hex(16), claimed_until=now + self._lease)
            .returning(_notices.id)
        )
        return list(session.scalars(lease))

    async def _tell(self, app: LoadedApp, due: _Due) -> bool:
        """Tell ``app`` one outcome; whether its answer was stored (``False``: the outcome
        had been told already, by a process whose lease ran out)."""
        payment = due.payment
        event = PaymentEvent(
            outcome=PaymentOutcome(due.outcome),
            payment_id=str(payment.id),
            reference=payment.reference,
            amount=payment.amount,
            currency=payment.currency,
            description=payment.description,
        )
        telling = _Telling(due.notice_id, self._payments.clock, self._faults)
        notifier = HostNotifier(self._notices, app.slug, asyncio.get_running_loop())
        stored = await self._invocations.tell_payment(
            due.payer, due.card, app, event, telling, notifier
        )
        return stored is not None
