"""The database schema as typed SQLAlchemy models. Change it only with a migration."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

IdType = BigInteger().with_variant(Integer(), "sqlite")


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


Clock = Callable[[], datetime]
"""Where a service reads the time (``utcnow``; tests pass a clock they move)."""


class Base(DeclarativeBase):
    """Base of every model, with stable constraint names for migrations."""

    metadata = MetaData(naming_convention=NAMING)


class User(Base):
    """A person (or developer, or admin) who can sign in."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="person")
    phone: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    """Set when the person deleted their account: the row stays, emptied, so that the
    conversations, payments and ledger that name it still hold together."""


class AccessToken(Base):
    """A bearer token; only the SHA-256 of the token is stored."""

    __tablename__ = "access_tokens"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(64), default="login")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class Conversation(Base):
    """A direct conversation (two people), a group, or a person's chat with an app."""

    __tablename__ = "conversations"
    __table_args__ = (Index("ix_conversations_activity", "last_activity_at", "id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(8))
    title: Mapped[str | None] = mapped_column(String(120))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    direct_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    app_slug: Mapped[str | None] = mapped_column(String(32))
    """For a person's chat with an app (kind ``app``): the app."""
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class Member(Base):
    """A person's membership of a conversation, with how far they have read."""

    __tablename__ = "members"

    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    last_read_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    joined_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class Message(Base):
    """A message, numbered by a gapless ``seq`` within its conversation.

    A person's message has a ``sender_id``; an app's reply has an ``app_slug`` (and the
    ``invoker_id`` of the person whose command or press it answers). ``visible_to`` makes
    a message private to one member; ``content`` holds a card or list reply as JSON.
    """

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("conversation_id", "seq"),
        UniqueConstraint("sender_id", "client_message_id"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(BigInteger)
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    app_slug: Mapped[str | None] = mapped_column(String(32))
    invoker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    visible_to: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    content: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    client_message_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    """Set when its sender deleted their account: the body and content are gone."""


class AppState(Base):
    """A mini-app's JSON state for one person or one conversation (by pseudonymous id)."""

    __tablename__ = "app_state"

    app_slug: Mapped[str] = mapped_column(String(32), primary_key=True)
    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    subject: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    """How many times the state was saved: a save that read an older version is refused."""


class AppCall(Base):
    """One call of a mini-app, recorded against it: what, by whom, how it went, how long."""

    __tablename__ = "app_calls"
    __table_args__ = (Index("ix_app_calls_app_time", "app_slug", "created_at"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    app_slug: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    outcome: Mapped[str] = mapped_column(String(16))
    latency_ms: Mapped[float] = mapped_column(Float)
    error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class ButtonPress(Base):
    """A press of a button on an app's message, kept so a retried press runs once."""

    __tablename__ = "button_presses"
    __table_args__ = (UniqueConstraint("user_id", "client_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(String(64))
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    button_id: Mapped[str] = mapped_column(String(16))
    result_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


# -- app review: the registry of apps, their versions, and the audit log --------------


class RegisteredApp(Base):
    """An app slug claimed by a developer, and whether an admin has suspended it."""

    __tablename__ = "apps"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    slug: Mapped[str] = mapped_column(String(32), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    suspended_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    suspended_by: Mapped[str | None] = mapped_column(String(64))
    suspension_reason: Mapped[str | None] = mapped_column(String(500))
    secret_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Which of the app's event secrets is current (rotating starts a new one)."""


class AppVersion(Base):
    """One submitted version of an app: its manifest as submitted, the code it pins and the
    review verdict. A version whose installed code changed after approval comes back for
    review as a new revision of the same version (``revision`` 2, 3, ...)."""

    __tablename__ = "app_versions"
    __table_args__ = (UniqueConstraint("app_id", "version", "revision"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"), index=True)
    version: Mapped[str] = mapped_column(String(64))
    manifest: Mapped[dict[str, Any]] = mapped_column(JSON)
    manifest_hash: Mapped[str] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    code_digest: Mapped[str | None] = mapped_column(String(64))
    distribution: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), index=True)
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(String(500))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class AuditEntry(Base):
    """One admin decision or role change. Rows are only ever added (triggers refuse the rest)."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_app_slug_id", "app_slug", "id"),
        Index("ix_audit_log_action_id", "action", "id"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(32))
    app_slug: Mapped[str | None] = mapped_column(String(32))
    version: Mapped[str | None] = mapped_column(String(64))
    subject: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(String(500))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)


# -- money: a double-entry ledger, payment requests, their outcomes and refunds ---------


class LedgerAccount(Base):
    """A wallet (a person's), a merchant account (an app's) or the platform's account, in
    one currency. ``balance`` is kept with every entry; ``souq ledger verify`` proves it
    equals the sum of the account's entries. Only the platform account (where top-ups
    come from) may go below zero."""

    __tablename__ = "ledger_accounts"
    __table_args__ = (
        UniqueConstraint("kind", "owner", "currency"),
        CheckConstraint("kind = 'platform' OR balance >= 0", name="not_negative"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    owner: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    currency: Mapped[str] = mapped_column(String(3))
    balance: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class LedgerTransaction(Base):
    """One movement of money: entries that sum to zero, in one currency."""

    __tablename__ = "ledger_transactions"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    currency: Mapped[str] = mapped_column(String(3))
    memo: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class LedgerEntry(Base):
    """A signed amount on one account, as part of one transaction."""

    __tablename__ = "ledger_entries"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    transaction_id: Mapped[int] = mapped_column(ForeignKey("ledger_transactions.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("ledger_accounts.id"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger)


class Payment(Base):
    """A payment request of an app to one person, and what became of it."""

    __tablename__ = "payments"
    __table_args__ = (
        Index("ix_payments_payer_id", "payer_id", "id"),
        Index("ix_payments_app_slug_id", "app_slug", "id"),
        Index("ix_payments_status_expires_at", "status", "expires_at"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    app_slug: Mapped[str] = mapped_column(String(32))
    payer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    description: Mapped[str] = mapped_column(String(200))
    reference: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    confirm_key: Mapped[str | None] = mapped_column(String(64))
    transaction_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_transactions.id"))
    refunded: Mapped[int] = mapped_column(BigInteger, default=0)


class PaymentNotice(Base):
    """An outcome of a payment request the app must be told of: written with the outcome.

    Whoever tells the app first leases the notice (``claimed_by`` until
    ``claimed_until``; an expired lease may be taken again). ``delivered_at`` is set in
    the transaction that stores the app's answer, together with ``reply_message_id``
    (the receipt: the app's reply, souq's note if the app failed, or none if it said
    nothing), so an outcome is acted on once however often the app is told.
    """

    __tablename__ = "payment_notices"
    __table_args__ = (
        UniqueConstraint("payment_id", "outcome"),
        Index("ix_payment_notices_delivered_at", "delivered_at"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"))
    outcome: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(32))
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    reply_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL")
    )


class PaymentRefund(Base):
    """Money an app gave back on a payment; ``key`` (per app) makes it idempotent."""

    __tablename__ = "payment_refunds"
    __table_args__ = (UniqueConstraint("app_slug", "key"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), index=True)
    app_slug: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(64))
    amount: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(String(200))
    transaction_id: Mapped[int] = mapped_column(ForeignKey("ledger_transactions.id"))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


# -- consent: what people allow each app, and what the apps know of them -----------------


class AppRelation(Base):
    """One person and one app that person has used: the app's id for them (``alias``,
    derived from ``alias_epoch``: forget-me starts a new epoch so the app cannot recognise
    them again), when they last ran its commands, and whether they muted or blocked it."""

    __tablename__ = "app_relations"
    __table_args__ = (UniqueConstraint("app_slug", "alias"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    app_slug: Mapped[str] = mapped_column(String(32), primary_key=True)
    alias: Mapped[str] = mapped_column(String(64))
    alias_epoch: Mapped[int] = mapped_column(Integer, default=0)
    first_used_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    last_command_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    muted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    blocked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class Grant(Base):
    """A scope a person has granted an app, in force until revoked (the row is deleted)."""

    __tablename__ = "grants"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    app_slug: Mapped[str] = mapped_column(String(32), primary_key=True)
    scope: Mapped[str] = mapped_column(String(32), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    via: Mapped[str] = mapped_column(String(16))


class GrantEvent(Base):
    """One change of a grant, kept for the person: granted or revoked, when, and how."""

    __tablename__ = "grant_events"
    __table_args__ = (Index("ix_grant_events_user_id_id", "user_id", "id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    app_slug: Mapped[str] = mapped_column(String(32))
    scope: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(16))
    via: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class Delivery(Base):
    """A business message delivered to a person: why it was allowed (``basis`` since
    ``since``), its category, and whether the person reported it as spam."""

    __tablename__ = "deliveries"
    __table_args__ = (
        Index("ix_deliveries_user_id_app_slug_id", "user_id", "app_slug", "id"),
        Index("ix_deliveries_app_slug_day", "app_slug", "day"),
        Index("ux_deliveries_app_slug_user_id_key", "app_slug", "user_id", "key", unique=True),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), unique=True
    )
    app_slug: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(16))
    basis: Mapped[str] = mapped_column(String(16))
    since: Mapped[datetime] = mapped_column(UtcDateTime())
    day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    reported_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    key: Mapped[str | None] = mapped_column(String(100))
    """The app's idempotency key for the message, if it gave one: one delivery per key."""


class AppDay(Base):
    """One app's business messages on one UTC day: delivered, distinct people reached
    (its tier caps these), and reported as spam (its quality rating counts these)."""

    __tablename__ = "app_days"

    app_slug: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    delivered: Mapped[int] = mapped_column(Integer, default=0)
    people: Mapped[int] = mapped_column(Integer, default=0)
    reported: Mapped[int] = mapped_column(Integer, default=0)


class AppJob(Base):
    """One scheduled job of one app: when it is next due, and the lease of whoever runs it.

    Taking the lease moves ``next_at`` on by the job's interval in one conditional update,
    so each due time is taken by one process only."""

    __tablename__ = "app_jobs"

    app_slug: Mapped[str] = mapped_column(String(32), primary_key=True)
    job: Mapped[str] = mapped_column(String(32), primary_key=True)
    next_at: Mapped[datetime] = mapped_column(UtcDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(32))
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_outcome: Mapped[str | None] = mapped_column(String(16))
