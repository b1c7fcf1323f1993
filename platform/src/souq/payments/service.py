"""Paying, declining, expiring and refunding payment requests, and topping up wallets.

Each operation is one database transaction: the request's status, the ledger entries,
the outcome notice for the app and the card's new status commit together or not at
all. The request row is locked first (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite has
one writer), so a request completes at most once however it is confirmed, retried or
raced; the wallet is debited by a statement that checks the balance, so no wallet goes
below zero.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from souq_sdk.money import MoneyError, check_amount, check_currency, format_amount
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from souq.db.database import Database
from souq.db.models import Clock, Payment, PaymentNotice, PaymentRefund, User, utcnow
from souq.errors import (
    AlreadyPaid,
    BadInput,
    DomainError,
    IdempotencyConflict,
    NotFound,
    PaymentDeclined,
    PaymentExpired,
    RefundTooLarge,
)
from souq.events.types import MessageRecord
from souq.observability import metrics
from souq.services import audit, text
from souq.services.accounts import Account, normalize_username
from souq.services.audit import Actor, AuditAction, reason_text
from souq.services.messages import Messages, Outbox, append

from .ledger import AccountKind, TransactionKind, account_id, post, wallet_owner
from .provider import Funding
from .requests import PaymentView, Status, show_status

MAX_KEY = 64
EXPIRY_BATCH = 200


@dataclass(frozen=True)
class Settled:
    """A request as a confirm left it, inside the transaction that settled it: its row,
    and its card as revised there (``None`` when this transaction did not decide it: a
    retry answered with the first result)."""

    payment: Payment
    card: MessageRecord | None


@dataclass(frozen=True)
class RefundAsk:
    """An app's refund, as the host received it."""

    app_slug: str
    app_name: str
    payment_id: str
    amount: int | None
    reason: str
    key: str


@dataclass(frozen=True)
class RefundDone:
    """A refund made (or found again by its key), and the message that told the payer."""

    payment: PaymentView
    amount: int
    message_id: int | None
    repeated: bool


def _key(value: str, field: str) -> str:
    text.key(value, field)
    if not 1 <= len(value) <= MAX_KEY:
        raise BadInput(f"{field} must be 1-{MAX_KEY} characters", field=field)
    return value


def _locked(session: Session, payment_id: int) -> Payment | None:
    return session.scalar(select(Payment).where(Payment.id == payment_id).with_for_update())


def _addressed_to(me: Account, row: Payment | None) -> Payment:
    """``row`` if it is a request to ``me``; anyone else may not know that it exists."""
    if row is None or row.payer_id != me.id:
        raise NotFound("no such payment request")
    return row


def _notice(session: Session, payment: Payment, outcome: Status, now: datetime) -> None:
    session.execute(
        insert(PaymentNotice.__table__).values(
            payment_id=payment.id, outcome=outcome.value, created_at=now
        )
    )


def _decide(
    session: Session, outbox: Outbox, payment: Payment, status: Status, now: datetime
) -> MessageRecord | None:
    """Move a pending request to ``status``, note the outcome for the app, show it;
    returns its card as revised."""
    payment.status = status.value
    payment.decided_at = now
    session.flush()
    _notice(session, payment, status, now)
    return show_status(session, outbox, PaymentView.of(payment))


class Payments:
    """Payment requests from the payer's side, refunds from the app's, and top-ups."""

    def __init__(
        self, db: Database, messages: Messages, funding: Funding, *, clock: Clock = utcnow
    ) -> None:
        self._db = db
        self._messages = messages
        self._funding = funding
        self.clock = clock
        """What time it is; tests replace it to control expiry."""

    # -- the payer ---------------------------------------------------------------------

    async def get(self, me: Account, payment_id: int) -> PaymentView:
        """A request addressed to ``me`` (``NotFound`` for anyone else's)."""

        def find(session: Session) -> PaymentView:
            return PaymentView.of(_addressed_to(me, session.get(Payment, payment_id)))

        return await self._db.read(find)

    async def confirm(
        self,
        me: Account,
        payment_id: int,
        key: str,
        *,
        also: Callable[[Session, Settled], None] | None = None,
    ) -> PaymentView:
        """Pay a request addressed to ``me`` from ``me``'s wallet.

        A retry with the same ``key`` returns the first result. An expired, declined or
        already paid request, or a wallet short of money, raises and moves nothing.
        ``also(session, settled)`` runs in the same transaction once the request is paid
        (or found paid with this key), before it commits.
        """
        _key(key, "idempotencyKey")
        expired = paid = False

        def settle(session: Session, outbox: Outbox) -> PaymentView:
            row, card = pay(session, outbox)
            if also is not None and not expired:
                also(session, Settled(row, card))
            return PaymentView.of(row)

        def pay(session: Session, outbox: Outbox) -> tuple[Payment, MessageRecord | None]:
            nonlocal expired, paid
            now = self.clock()
            row = _addressed_to(me, _locked(session, payment_id))
            if row.status == Status.COMPLETED:
                if row.confirm_key == key:
                    return row, None
                raise AlreadyPaid("this request is already paid")
            if row.status == Status.DECLINED:
                raise PaymentDeclined("this request was declined; ask the app for a new one")
            if row.status == Status.PENDING and row.expires_at <= now:
                expired = True
                return row, _decide(session, outbox, row, Status.EXPIRED, now)
            if row.status == Status.EXPIRED:
                raise PaymentExpired("this request expired; ask the app for a new one")
            wallet = account_id(
                session, AccountKind.WALLET, wallet_owner(me.id), row.currency, user_id=me.id
            )
            merchant = account_id(session, AccountKind.MERCHANT, row.app_slug, row.currency)
            row.transaction_id = post(
                session,
                TransactionKind.PAYMENT,
                row.currency,
                f"{row.app_slug}: {row.description}",
                {wallet: -row.amount, merchant: row.amount},
            )
            row.confirm_key = key
            paid = True
            return row, _decide(session, outbox, row, Status.COMPLETED, now)

        try:
            view = await self._messages.write(settle)
        except DomainError:
            metrics.payment("refused")
            raise
        if expired:  # the expiry is committed; the confirm still fails
            metrics.payment("refused")
            raise PaymentExpired("this request expired; ask the app for a new one")
        if paid:  # not a retry answered with the first result
            metrics.payment("confirmed")
        return view

    async def decline(self, me: Account, payment_id: int) -> PaymentView:
        """Decline a pending request addressed to ``me`` (declining twice is harmless)."""

        def refuse(session: Session, outbox: Outbox) -> PaymentView:
            now = self.clock()
            row = _addressed_to(me, _locked(session, payment_id))
            if row.status == Status.COMPLETED:
                raise AlreadyPaid("this request is already paid; the app can refund it")
            if row.status == Status.EXPIRED or row.expires_at <= now:
                if row.status == Status.PENDING:
                    _decide(session, outbox, row, Status.EXPIRED, now)
                return PaymentView.of(row)
            if row.status == Status.PENDING:
                _decide(session, outbox, row, Status.DECLINED, now)
            return PaymentView.of(row)

        return await self._messages.write(refuse)

    async def expire_due(self) -> list[int]:
        """Expire the pending requests whose time is up (a batch); returns their ids."""

        def expire(session: Session, outbox: Outbox) -> list[int]:
            now = self.clock()
            rows = session.scalars(
                select(Payment)
                .where(Payment.status == Status.PENDING, Payment.expires_at <= now)
                .order_by(Payment.id)
                .limit(EXPIRY_BATCH)
                .with_for_update(skip_locked=True)
            ).all()
            for row in rows:
                _decide(session, outbox, row, Status.EXPIRED, now)
            return [row.id for row in rows]

        return await self._messages.write(expire)

    # -- the app -----------------------------------------------------------------------

    def refund_in(self, session: Session, outbox: Outbox, ask: RefundAsk) -> RefundDone:
        """Give back (part of) a completed payment of ``ask.app_slug`` and tell the payer,
        inside the caller's transaction. A key the app used before returns that refund
        again; more than is left to refund raises :class:`RefundTooLarge`."""
        key = _key(ask.key, "key")
        earlier = session.scalar(
            select(PaymentRefund).where(
                PaymentRefund.app_slug == ask.app_slug, PaymentRefund.key == key
            )
        )
        if earlier is not None:
            if str(earlier.payment_id) != ask.payment_id:
                raise IdempotencyConflict("that refund key was used for another payment")
            payment = PaymentView.of(session.get_one(Payment, earlier.payment_id))
            return RefundDone(payment, earlier.amount, earlier.message_id, repeated=True)
        known = ask.payment_id.isdigit() and len(ask.payment_id) <= 18  # a database id
        row = _locked(session, int(ask.payment_id)) if known else None
        if row is None or row.app_slug != ask.app_slug:
            raise NotFound(f"no payment {ask.payment_id!r} of this app")
        if row.status != Status.COMPLETED:
            raise BadInput(f"payment {ask.payment_id} was not paid ({row.status})")
        left = row.amount - row.refunded
        amount = left if ask.amount is None else ask.amount
        if amount <= 0 or amount > left:
            raise RefundTooLarge(
                f"only {format_amount(left, row.currency)} of this payment is left to refund"
            )
        wallet = account_id(
            session,
            AccountKind.WALLET,
            wallet_owner(row.payer_id),
            row.currency,
            user_id=row.payer_id,
        )
        merchant = account_id(session, AccountKind.MERCHANT, row.app_slug, row.currency)
        transaction = post(
            session,
            TransactionKind.REFUND,
            row.currency,
            f"{row.app_slug} refund: {ask.reason}",
            {merchant: -amount, wallet: amount},
        )
        row.refunded += amount
        session.flush()
        message = append(
            session,
            row.conversation_id,
            invoker=None,
            app_slug=row.app_slug,
            body=(
                f"{ask.app_name} refunded {format_amount(amount, row.currency)} "
                f"for {row.description}: {ask.reason}"
            ),
            visible_to=row.payer_id,
            reply_to_id=row.message_id,
        )
        outbox.posted(session, message)
        session.execute(
            insert(PaymentRefund.__table__).values(
                payment_id=row.id,
                app_slug=ask.app_slug,
                key=key,
                amount=amount,
                reason=ask.reason,
                transaction_id=transaction,
                message_id=message.id,
                created_at=self.clock(),
            )
        )
        return RefundDone(PaymentView.of(row), amount, message.id, repeated=False)

    # -- the operator ------------------------------------------------------------------

    async def top_up(
        self, actor: Actor, username: str, amount: int, currency: str, *, reason: str | None
    ) -> int:
        """Move ``amount`` from the platform account into ``username``'s wallet (admins
        only; audited); returns the wallet's new balance. Top-ups are the only way money
        enters souq: here, through :class:`~souq.payments.provider.Funding`."""
        actor.require_admin()
        try:
            check_currency(currency)
            check_amount(amount)
        except MoneyError as error:
            raise BadInput(str(error), field="amount") from error
        why = reason_text(reason, required=False)

        def fund(session: Session) -> int:
            user = session.scalar(select(User).where(User.username == normalize_username(username)))
            if user is None:
                raise NotFound(f"no account named {normalize_username(username)!r}")
            new_balance = self._funding.fund(session, user.id, amount, currency)
            audit.record(
                session,
                actor,
                AuditAction.TOP_UP,
                subject=user.username,
                reason=why,
                detail={"amount": amount, "currency": currency},
            )
            return new_balance

        return await self._db.write(fund)
