"""The audit log: every admin decision and role change, who made it and why.

Entries are only ever added, in the same transaction as the change they record (so a
change is never made without its entry); the database refuses updates and deletes.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from souq.db.database import Database
from souq.db.models import AuditEntry, utcnow
from souq.errors import BadInput, Forbidden
from souq.services import text

if TYPE_CHECKING:  # accounts records role changes here: no import cycle at run time
    from .accounts import Account


MAX_REASON = 500


def reason_text(reason: str | None, *, required: bool = True) -> str | None:
    """A decision's reason, trimmed: 1-500 characters (or none, where not required)."""
    reason = text.text(reason or "", "reason", multiline=True).strip()
    if not reason and not required:
        return None
    if not 1 <= len(reason) <= MAX_REASON:
        raise BadInput(f"a reason of 1-{MAX_REASON} characters is required", field="reason")
    return reason


class AuditAction(StrEnum):
    """What an audit entry records."""

    VERSION_APPROVED = "version_approved"
    VERSION_REJECTED = "version_rejected"
    APP_SUSPENDED = "app_suspended"
    APP_UNSUSPENDED = "app_unsuspended"
    ROLE_CHANGED = "role_changed"
    TOP_UP = "top_up"
    DATA_EXPORTED = "data_exported"
    ACCOUNT_DELETED = "account_deleted"


@dataclass(frozen=True)
class Actor:
    """Who makes a decision: a signed-in account, the operator at the CLI, or the system.

    ``admin`` says whether the actor may make admin decisions: an admin account, or
    whoever runs the ``souq`` command (they hold the database itself).
    """

    label: str
    account_id: int | None
    admin: bool

    @classmethod
    def of(cls, account: Account) -> Actor:
        """A signed-in account (an admin only if its role says so)."""
        return cls(account.username, account.id, account.role == "admin")

    @classmethod
    def person(cls, account: Account) -> Actor:
        """A person acting on their own data, named by id only (the log outlives the
        name of a deleted account)."""
        return cls(f"user:{account.id}", account.id, False)

    @classmethod
    def operator(cls) -> Actor:
        """Whoever runs the ``souq`` command on the server, by operating-system user."""
        return cls(f"cli:{getpass.getuser()}", None, True)

    @classmethod
    def system(cls, name: str) -> Actor:
        """souq itself, for one named purpose (``demo seed``)."""
        return cls(name, None, True)

    def require_admin(self) -> None:
        """Refuse anyone but an admin."""
        if not self.admin:
            raise Forbidden("only an admin may do this")


@dataclass(frozen=True)
class AuditRecord:
    """One entry of the audit log."""

    id: int
    at: datetime
    actor: str
    action: AuditAction
    app_slug: str | None
    version: str | None
    subject: str | None
    reason: str | None
    detail: dict[str, Any] | None


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to list; every field given must match."""

    action: AuditAction | None = None
    app_slug: str | None = None
    actor: str | None = None
    subject: str | None = None


def record(
    session: Session,
    actor: Actor,
    action: AuditAction,
    *,
    app_slug: str | None = None,
    version: str | None = None,
    subject: str | None = None,
    reason: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Add an entry, in the transaction of the change it records."""
    session.add(
        AuditEntry(
            at=utcnow(),
            actor=actor.label,
            actor_id=actor.account_id,
            action=action.value,
            app_slug=app_slug,
            version=version,
            subject=subject,
            reason=reason,
            detail=detail,
        )
    )


class AuditLog:
    """Reads the audit log (admins only)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def page(
        self, viewer: Actor, where: AuditFilter, *, first: int, before: int | None = None
    ) -> tuple[list[AuditRecord], bool]:
        """Entries matching ``where``, newest first, older than entry id ``before``;
        with whether there are more."""
        viewer.require_admin()

        def read(session: Session) -> tuple[list[AuditRecord], bool]:
            query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(first + 1)
            if before is not None:
                query = query.where(AuditEntry.id < before)
            for column, value in (
                (AuditEntry.action, where.action),
                (AuditEntry.app_slug, where.app_slug),
                (AuditEntry.actor, where.actor),
                (AuditEntry.subject, where.subject),
            ):
                if value is not None:
                    query = query.where(column == value)
            rows = list(session.scalars(query))
            return [_record(row) for row in rows[:first]], len(rows) > first

        return await self._db.read(read)


def _record(row: AuditEntry) -> AuditRecord:
    return AuditRecord(
        id=row.id,
        at=row.at,
        actor=row.actor,
        action=AuditAction(row.action),
        app_slug=row.app_slug,
        version=row.version,
        subject=row.subject,
        reason=row.reason,
        detail=row.detail,
    )
