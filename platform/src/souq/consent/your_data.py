"""Your data: everything souq holds about a person as one JSON document, and deleting an
account.

The export holds the person's profile, every conversation they belong to with the
messages they can see, the apps they used with their grants, settings and what each app
keeps about them (its person state), their grant history, the business messages they
received with the reasons, their payment requests, and their wallets with every entry.
It holds nothing of anyone else beyond what the person sees in their chats (names on
messages and member lists).

Deleting an account keeps the row of the account, emptied (``deleted_at`` set, a random
name no one can sign in with or find), so that conversations, payments and the ledger that
name it still hold together: the person's messages become tombstones, their chats with apps
and everything apps keep about them go, tokens, grants and settings go, and their wallets
stay in the ledger, balanced, under an owner that no longer points to them. A group they
owned passes to the member who joined it first.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from souq.db.database import Database
from souq.db.models import (
    AccessToken,
    AppRelation,
    AppState,
    ButtonPress,
    Clock,
    Conversation,
    Delivery,
    Grant,
    GrantEvent,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    Member,
    Message,
    Payment,
    User,
    utcnow,
)
from souq.services.accounts import Account, Accounts
from souq.services.audit import Actor, AuditAction, record

FORMAT = "souq-export/1"
DELETED_NAME = "Deleted account"


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def export(session: Session, user_id: int, now: datetime) -> dict[str, Any]:
    """Everything souq holds about ``user_id``, as JSON-ready data."""
    user = session.get(User, user_id)
    assert user is not None
    return {
        "format": FORMAT,
        "exported_at": now.isoformat(),
        "profile": {
            "username": user.username,
            "display_name": user.display_name,
            "phone": user.phone,
            "role": user.role,
            "created_at": _when(user.created_at),
        },
        "sessions": [
            {"label": label, "created_at": _when(at)}
            for label, at in session.execute(
                select(AccessToken.label, AccessToken.created_at).where(
                    AccessToken.user_id == user_id
                )
            )
        ],
        "conversations": _conversations(session, user_id),
        "apps": _apps(session, user_id),
        "grant_history": [
            {
                "app": e.app_slug,
                "scope": e.scope,
                "action": e.action,
                "via": e.via,
                "at": _when(e.at),
            }
            for e in session.scalars(
                select(GrantEvent).where(GrantEvent.user_id == user_id).order_by(GrantEvent.id)
            )
        ],
        "business_messages": [
            {
                "message_id": d.message_id,
                "app": d.app_slug,
                "category": d.category,
                "basis": d.basis,
                "since": _when(d.since),
                "delivered_at": _when(d.created_at),
                "reported_at": _when(d.reported_at),
            }
            for d in session.scalars(
                select(Delivery).where(Delivery.user_id == user_id).order_by(Delivery.id)
            )
        ],
        "payments": [
            {
                "id": p.id,
                "app": p.app_slug,
                "amount": p.amount,
                "currency": p.currency,
                "description": p.description,
                "reference": p.reference,
                "status": p.status,
                "created_at": _when(p.created_at),
                "decided_at": _when(p.decided_at),
                "refunded": p.refunded,
            }
            for p in session.scalars(
                select(Payment).where(Payment.payer_id == user_id).order_by(Payment.id)
            )
        ],
        "wallets": _wallets(session, user_id),
    }


def _conversations(session: Session, user_id: int) -> list[dict[str, Any]]:
    mine = list(
        session.scalars(
            select(Conversation)
            .join(Member, Member.conversation_id == Conversation.id)
            .where(Member.user_id == user_id)
            .order_by(Conversation.id)
        )
    )
    found = []
    for conversation in mine:
        members = list(
            session.scalars(select(Member.user_id).where(Member.conversation_id == conversation.id))
        )
        messages = list(
            session.scalars(
                select(Message)
                .where(
                    Message.conversation_id == conversation.id,
                    or_(Message.visible_to.is_(None), Message.visible_to == user_id),
                )
                .order_by(Message.seq)
            )
        )
        ids = set(members) | {m.sender_id for m in messages if m.sender_id is not None}
        rows = session.execute(select(User.id, User.username).where(User.id.in_(ids)))
        names = {uid: name for uid, name in rows}
        found.append(
            {
                "id": conversation.id,
                "kind": conversation.kind,
                "title": conversation.title,
                "app": conversation.app_slug,
                "members": sorted(names[m] for m in members),
                "messages": [
                    {
                        "id": m.id,
                        "seq": m.seq,
                        "at": _when(m.created_at),
                        "sender": names.get(m.sender_id) if m.sender_id else None,
                        "app": m.app_slug,
                        "body": m.body,
                        "content": m.content,
                        "private": m.visible_to is not None,
                        "deleted": m.deleted_at is not None,
                    }
                    for m in messages
                ],
            }
        )
    return found


def _apps(session: Session, user_id: int) -> list[dict[str, Any]]:
    found = []
    relations = session.scalars(
        select(AppRelation).where(AppRelation.user_id == user_id).order_by(AppRelation.app_slug)
    )
    for relation in relations:
        state = session.get(AppState, (relation.app_slug, "person", relation.alias))
        given = session.scalars(
            select(Grant).where(Grant.user_id == user_id, Grant.app_slug == relation.app_slug)
        )
        found.append(
            {
                "app": relation.app_slug,
                "first_used_at": _when(relation.first_used_at),
                "last_command_at": _when(relation.last_command_at),
                "muted_at": _when(relation.muted_at),
                "blocked_at": _when(relation.blocked_at),
                "grants": [
                    {"scope": g.scope, "granted_at": _when(g.granted_at), "via": g.via}
                    for g in given
                ],
                "state_kept_about_you": state.data if state is not None else {},
            }
        )
    return found


def _wallets(session: Session, user_id: int) -> list[dict[str, Any]]:
    found = []
    for account in session.scalars(
        select(LedgerAccount).where(LedgerAccount.user_id == user_id).order_by(LedgerAccount.id)
    ):
        entries = session.execute(
            select(LedgerEntry.amount, LedgerTransaction)
            .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
            .where(LedgerEntry.account_id == account.id)
            .order_by(LedgerEntry.id)
        )
        found.append(
            {
                "currency": account.currency,
                "balance": account.balance,
                "entries": [
                    {
                        "transaction": t.id,
                        "kind": t.kind,
                        "memo": t.memo,
                        "amount": amount,
                        "at": _when(t.created_at),
                    }
                    for amount, t in entries
                ],
            }
        )
    return found


def delete_account(session: Session, user_id: int, now: datetime) -> None:
    """Delete ``user_id``'s account as the module says, in the caller's transaction."""
    user = session.get(User, user_id, with_for_update=True)
    assert user is not None
    gone = {"body": "", "content": None, "deleted_at": now}
    session.execute(
        update(Message)
        .where(or_(Message.sender_id == user_id, Message.visible_to == user_id))
        .values(**gone, client_message_id=None)
    )
    app_chats = select(Member.conversation_id).join(
        Conversation, Conversation.id == Member.conversation_id
    )
    session.execute(
        delete(Conversation).where(
            Conversation.kind == "app",
            Conversation.id.in_(app_chats.where(Member.user_id == user_id)),
        )
    )
    for group in session.scalars(select(Conversation).where(Conversation.owner_id == user_id)):
        group.owner_id = session.scalar(  # the member who joined first takes over
            select(Member.user_id)
            .where(Member.conversation_id == group.id, Member.user_id != user_id)
            .order_by(Member.joined_at, Member.user_id)
            .limit(1)
        )
    aliases = list(
        session.execute(
            select(AppRelation.app_slug, AppRelation.alias).where(AppRelation.user_id == user_id)
        )
    )
    for app, alias in aliases:
        session.execute(
            delete(AppState).where(
                AppState.app_slug == app, AppState.scope == "person", AppState.subject == alias
            )
        )
    for model in (Member, AccessToken, AppRelation, Grant, GrantEvent, Delivery, ButtonPress):
        session.execute(delete(model).where(model.user_id == user_id))
    for account in session.scalars(select(LedgerAccount).where(LedgerAccount.user_id == user_id)):
        account.user_id = None
        account.owner = f"deleted:{secrets.token_hex(8)}"
    user.username = f"deleted-{secrets.token_hex(8)}"
    user.display_name = DELETED_NAME
    user.password_hash = "!"
    user.phone = None
    user.role = "person"
    user.deleted_at = now


class YourData:
    """Export and account deletion for the person asking, each in the audit log."""

    def __init__(self, db: Database, accounts: Accounts, *, clock: Clock = utcnow) -> None:
        self._db = db
        self._accounts = accounts
        self._clock = clock

    async def export(self, me: Account) -> dict[str, Any]:
        """Everything souq holds about ``me`` (audited as ``data_exported``)."""

        def write(session: Session) -> dict[str, Any]:
            record(session, Actor.person(me), AuditAction.DATA_EXPORTED, subject=f"user:{me.id}")
            return export(session, me.id, self._clock())

        return await self._db.write(write)

    async def delete(self, me: Account, password: str, *, address: str) -> None:
        """Delete ``me``'s account once they confirm with their password (audited as
        ``account_deleted``); their open sockets close."""
        await self._accounts.confirm_password(me, password, address=address)

        def write(session: Session) -> None:
            record(session, Actor.person(me), AuditAction.ACCOUNT_DELETED, subject=f"user:{me.id}")
            delete_account(session, me.id, self._clock())

        await self._db.write(write)
        await self._accounts.access_changed(me.id)
