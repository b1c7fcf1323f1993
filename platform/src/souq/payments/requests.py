"""Payment requests as people and apps see them, and how one is kept and shown in chat."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from souq_sdk.money import format_amount
from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from souq.db.models import Message, Payment
from souq.events.types import MessageRecord
from souq.services.accounts import Account
from souq.services.messages import Outbox, append, revise

from .ledger import AccountKind, account_id


class Status(StrEnum):
    """Where a payment request stands. Only ``pending`` can change, and only once."""

    PENDING = "pending"
    COMPLETED = "completed"
    DECLINED = "declined"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Ask:
    """An app's request for money from one person, as the host received it."""

    app_slug: str
    app_name: str
    amount: int
    currency: str
    description: str
    reference: str
    expires_in: int
    public: bool


@dataclass(frozen=True)
class PaymentView:
    """A payment request and what became of it."""

    id: int
    app_slug: str
    payer_id: int
    conversation_id: int
    message_id: int | None
    amount: int
    currency: str
    description: str
    reference: str
    status: Status
    created_at: datetime
    expires_at: datetime
    decided_at: datetime | None
    refunded: int

    @classmethod
    def of(cls, row: Payment) -> PaymentView:
        """The view of a stored request."""
        return cls(
            id=row.id,
            app_slug=row.app_slug,
            payer_id=row.payer_id,
            conversation_id=row.conversation_id,
            message_id=row.message_id,
            amount=row.amount,
            currency=row.currency,
            description=row.description,
            reference=row.reference,
            status=Status(row.status),
            created_at=row.created_at,
            expires_at=row.expires_at,
            decided_at=row.decided_at,
            refunded=row.refunded,
        )

    @property
    def price(self) -> str:
        """The amount as people read it (``€12.50``)."""
        return format_amount(self.amount, self.currency)


STATUS_LINES = {
    Status.PENDING: "Waiting for you to pay",
    Status.COMPLETED: "Paid",
    Status.DECLINED: "Declined",
    Status.EXPIRED: "Expired",
}


def card(payment: PaymentView, app_name: str, payer: str | None) -> tuple[str, dict[str, Any]]:
    """The body and content of the message that shows a request (Pay and Decline are
    offered by clients while its status is ``pending``). ``payer`` names who is asked,
    for a request the whole conversation sees; a private one says "you"."""
    whom = payer or "you"
    body = f"{app_name} asks {whom} to pay {payment.price}: {payment.description}"
    content = {
        "type": "payment",
        "payment_id": payment.id,
        "amount": payment.amount,
        "currency": payment.currency,
        "description": payment.description,
        "status": payment.status.value,
        "expires_at": payment.expires_at.isoformat(),
    }
    return body, content


def open_request(
    session: Session,
    outbox: Outbox,
    ask: Ask,
    payer: Account,
    source: MessageRecord,
    now: datetime,
) -> MessageRecord:
    """Keep a new request and show it to ``payer`` as a reply to ``source`` (inside the
    caller's transaction). The app's merchant account is opened here if it is new."""
    account_id(session, AccountKind.MERCHANT, ask.app_slug, ask.currency)
    table = Payment.__table__
    values = {
        "app_slug": ask.app_slug,
        "payer_id": payer.id,
        "conversation_id": source.conversation_id,
        "amount": ask.amount,
        "currency": ask.currency,
        "description": ask.description,
        "reference": ask.reference,
        "status": Status.PENDING,
        "created_at": now,
        "expires_at": now + timedelta(seconds=ask.expires_in),
        "refunded": 0,
    }
    payment_id = session.scalar(insert(table).values(values).returning(table.c.id))
    view = PaymentView(id=int(payment_id), message_id=None, decided_at=None, **values)
    body, content = card(view, ask.app_name, payer.display_name if ask.public else None)
    message = append(
        session,
        source.conversation_id,
        invoker=payer,
        app_slug=ask.app_slug,
        body=body,
        content=content,
        visible_to=None if ask.public else payer.id,
        reply_to_id=source.id,
    )
    session.execute(update(table).where(table.c.id == payment_id).values(message_id=message.id))
    outbox.posted(session, message)
    return message


def show_status(session: Session, outbox: Outbox, payment: PaymentView) -> MessageRecord | None:
    """Bring the request's message up to date with its status (clients see it live);
    returns the message as revised (``None`` if the request has none)."""
    message = session.get(Message, payment.message_id) if payment.message_id else None
    if message is None:
        return None
    content = {**(message.content or {}), "status": payment.status.value}
    return revise(session, outbox, message.id, body=message.body, content=content)
