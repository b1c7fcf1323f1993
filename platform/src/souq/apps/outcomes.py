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
from souq.payments.service import Payments, Settled
from souq.services.accounts import Account, account_of
from souq.services.messages import load_record

from .invocations import Invocations, Loaded
from .notices import HostNotifier, Notices
from .registry import LoadedApp
from .serving import Gate, Judged

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
    app: LoadedApp
    loaded: Loaded | None
    """The app's state and grants for the payer, if read with the lease (else the call
    reads them)."""


@dataclass(frozen=True)
class _Leased:
    """What one leasing transaction found: how apps are served, and the outcomes it
    leased to this process, in the order they were noted."""

    judged: Judged
    due: list[_Due]


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
        lease). An expiry found on the way is told too. The outcome is leased, and what
        telling it needs read, in the transaction that pays: one write, no read of its own."""
        leased: list[_Leased] = []

        def lease(session: Session, settled: Settled) -> None:
            leased.append(self._lease_settled(session, payment_id, settled, me))

        try:
            view = await self._payments.confirm(me, payment_id, key, also=lease)
        except BaseException:
            await self.deliver(payment_id)  # an expiry committed on the way, say
            raise
        await self._tell_all(leased[0])  # committed with the payment
        return view

    async def decline(self, me: Account, payment_id: int) -> PaymentView:
        """Decline a request (see :meth:`Payments.decline`), then tell the app at once."""
        try:
            return await self._payments.decline(me, payment_id)
        finally:
            await self.deliver(payment_id)

    async def deliver(self, payment_id: int | None = None) -> int:
        """Tell apps the outcomes not told yet and not leased by anyone else (of one
        payment, or a batch of all); returns how many were told. Only apps served right
        now are told, so notices waiting for a suspended app never hold up the others.

        Which apps are served is read in the transaction that leases; what telling needs
        in one read after it (outside the writer: a batch may be a hundred outcomes)."""
        judged, leased = await self._db.write(lambda session: self._lease_due(session, payment_id))
        due = (
            await self._db.read(lambda session: self._read_due(session, judged, leased))
            if leased
            else []
        )
        return await self._tell_all(_Leased(judged, due))

    async def _tell_all(self, leased: _Leased) -> int:
        """Tell the outcomes leased (committed) to this process; how many were told."""
        await self._gate.settle(leased.judged)
        if not leased.due:
            return 0
        self._faults.reached("after-claim")
        told = 0
        for due in leased.due:
            if await self._tell(due):
                self._faults.reached("after-reply-stored")
                told += 1
        return told

    def _lease_due(self, session: Session, payment_id: int | None) -> tuple[Judged, list[int]]:
        """Which apps are served now, and the notices due to them leased (see
        :meth:`_take_lease`)."""
        judged = self._gate.judge_in(session)
        return judged, self._take_lease(session, judged.served, payment_id)

    def _lease_settled(
        self, session: Session, payment_id: int, settled: Settled, payer: Account
    ) -> _Leased:
        """In the transaction that settled ``payment_id`` (``settled``, paid by ``payer``):
        lease its outcome, and read what telling it needs there, the app's state included
        (nothing of the payment is read again)."""
        judged, leased = self._lease_due(session, payment_id)
        if not leased or settled.card is None:  # a retry: its outcome was decided before
            return _Leased(judged, self._read_due(session, judged, leased))
        (notice,) = leased  # one outcome per payment, decided in this transaction
        payment, card = settled.payment, settled.card
        app = judged.served[payment.app_slug]
        loaded = self._invocations.load(session, app, payer, card.conversation_id)
        return _Leased(judged, [_Due(notice, payment.status, payment, payer, card, app, loaded)])

    @staticmethod
    def _read_due(session: Session, judged: Judged, leased: list[int]) -> list[_Due]:
        """What telling the ``leased`` notices needs: each payment with its payer and card
        (the app's state is read by the call)."""
        if not leased:
            return []
        query = (
            select(PaymentNotice.id, PaymentNotice.outcome, Payment, User)
            .join(Payment, Payment.id == PaymentNotice.payment_id)
            .join(User, User.id == Payment.payer_id)
            .where(PaymentNotice.id.in_(leased))
            .order_by(PaymentNotice.id)
        )
        return [
            _Due(
                notice,
                outcome,
                payment,
                account_of(payer),
                load_record(session, card),
                judged.served[payment.app_slug],
                None,
            )
            for notice, outcome, payment, payer in session.execute(query)
            if (card := payment.message_id) is not None
        ]

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

    async def _tell(self, due: _Due) -> bool:
        """Tell ``due.app`` one outcome; whether its answer was stored (``False``: the outcome
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
        notifier = HostNotifier(self._notices, due.app.slug, asyncio.get_running_loop())
        stored = await self._invocations.tell_payment(
            due.payer, due.card, due.app, event, telling, notifier, loaded=due.loaded
        )
        return stored is not None
