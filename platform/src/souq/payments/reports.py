"""What people, developers and admins may read about money: each read checks who asks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from souq.db.database import Database
from souq.db.models import (
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    Payment,
    PaymentRefund,
    RegisteredApp,
)
from souq.errors import NotFound
from souq.services.accounts import Account
from souq.services.audit import Actor

from .ledger import AccountKind, TransactionKind, Verification, verify, wallet_owner
from .requests import PaymentView, Status


@dataclass(frozen=True)
class Balance:
    """An amount in one currency."""

    amount: int
    currency: str


@dataclass(frozen=True)
class WalletLine:
    """One movement of a person's wallet: a top-up, a payment or a refund."""

    id: int
    at: datetime
    kind: TransactionKind
    amount: int
    """Signed: negative when money left the wallet."""
    currency: str
    memo: str


@dataclass(frozen=True)
class CurrencyTotals:
    """The platform's figures in one currency (admins only)."""

    currency: str
    topped_up: int
    paid: int
    payments: int
    refunded: int
    in_wallets: int
    in_merchant_accounts: int


class MoneyReports:
    """Balances, histories and totals."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def balances(self, me: Account) -> list[Balance]:
        """``me``'s wallet balance in each currency it holds."""
        accounts = LedgerAccount.__table__.c
        query = (
            select(accounts.balance, accounts.currency)
            .where(accounts.kind == AccountKind.WALLET, accounts.owner == wallet_owner(me.id))
            .order_by(accounts.currency)
        )
        rows = await self._db.read(lambda s: s.execute(query).all())
        return [Balance(int(amount), currency) for amount, currency in rows]

    async def history(
        self, me: Account, *, first: int, before: int | None = None
    ) -> tuple[list[WalletLine], bool]:
        """``me``'s wallet movements, newest first (``before``: an entry id)."""
        entries, accounts, transactions = LedgerEntry, LedgerAccount, LedgerTransaction
        query = (
            select(
                entries.id,
                transactions.created_at,
                transactions.kind,
                entries.amount,
                accounts.currency,
                transactions.memo,
            )
            .join(accounts, accounts.id == entries.account_id)
            .join(transactions, transactions.id == entries.transaction_id)
            .where(accounts.kind == AccountKind.WALLET, accounts.owner == wallet_owner(me.id))
            .order_by(entries.id.desc())
            .limit(first + 1)
        )
        if before is not None:
            query = query.where(entries.id < before)
        rows = await self._db.read(lambda s: s.execute(query).all())
        lines = [
            WalletLine(row[0], row[1], TransactionKind(row[2]), int(row[3]), row[4], row[5])
            for row in rows[:first]
        ]
        return lines, len(rows) > first

    async def payments(
        self, me: Account, *, first: int, before: int | None = None
    ) -> tuple[list[PaymentView], bool]:
        """Payment requests addressed to ``me``, newest first."""
        return await self._page(Payment.payer_id == me.id, first, before)

    async def app_payments(
        self, viewer: Actor, slug: str, *, first: int, before: int | None = None
    ) -> tuple[list[PaymentView], bool]:
        """Payment requests of app ``slug``: for its developer and for admins only."""

        def owner(session: Session) -> int | None:
            return session.scalar(select(RegisteredApp.owner_id).where(RegisteredApp.slug == slug))

        owner_id = await self._db.read(owner)
        if not viewer.admin and (owner_id is None or owner_id != viewer.account_id):
            raise NotFound(f"no app {slug!r} of yours")
        return await self._page(Payment.app_slug == slug, first, before)

    async def _page(
        self, where: ColumnElement[bool], first: int, before: int | None
    ) -> tuple[list[PaymentView], bool]:
        query = select(Payment).where(where).order_by(Payment.id.desc()).limit(first + 1)
        if before is not None:
            query = query.where(Payment.id < before)
        rows = await self._db.read(lambda s: [PaymentView.of(p) for p in s.scalars(query)])
        return rows[:first], len(rows) > first

    async def totals(self, viewer: Actor) -> list[CurrencyTotals]:
        """Per currency: money put in, paid, refunded, and where it is now (admins only)."""
        viewer.require_admin()

        def read(session: Session) -> list[CurrencyTotals]:
            check = verify(session)
            paid = {
                currency: (int(total or 0), int(count))
                for currency, total, count in session.execute(
                    select(Payment.currency, func.sum(Payment.amount), func.count())
                    .where(Payment.status == Status.COMPLETED)
                    .group_by(Payment.currency)
                )
            }
            refunded = {
                currency: int(total or 0)
                for currency, total in session.execute(
                    select(Payment.currency, func.sum(PaymentRefund.amount))
                    .join(Payment, Payment.id == PaymentRefund.payment_id)
                    .group_by(Payment.currency)
                )
            }
            currencies = sorted(set(check.totals) | set(paid))
            return [
                CurrencyTotals(
                    currency=c,
                    topped_up=-check.totals.get(c, {}).get(AccountKind.PLATFORM, 0),
                    paid=paid.get(c, (0, 0))[0],
                    payments=paid.get(c, (0, 0))[1],
                    refunded=refunded.get(c, 0),
                    in_wallets=check.totals.get(c, {}).get(AccountKind.WALLET, 0),
                    in_merchant_accounts=check.totals.get(c, {}).get(AccountKind.MERCHANT, 0),
                )
                for c in currencies
            ]

        return await self._db.read(read)

    async def verify(self) -> Verification:
        """Prove the ledger consistent (see :func:`~souq.payments.ledger.verify`)."""
        return await self._db.read(verify)
