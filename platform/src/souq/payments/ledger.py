"""The double-entry ledger: accounts, balanced transactions, balances and their proof.

Every movement of money is one transaction whose entries sum to zero. Each account keeps
its balance, changed in the same statement that checks it (a wallet or merchant account
never goes below zero; the database refuses it too). Balances can always be derived from
the entries: :func:`verify` proves that they agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from souq.db.dialects import dialect_insert
from souq.db.models import LedgerAccount, LedgerEntry, LedgerTransaction, utcnow
from souq.errors import InsufficientFunds

PLATFORM = "platform"
"""The owner of the platform account, where top-ups come from."""


class AccountKind(StrEnum):
    """What a ledger account belongs to."""

    WALLET = "wallet"
    MERCHANT = "merchant"
    PLATFORM = "platform"


class TransactionKind(StrEnum):
    """Why money moved."""

    TOP_UP = "top_up"
    PAYMENT = "payment"
    REFUND = "refund"


def wallet_owner(user_id: int) -> str:
    """The owner key of a person's wallet."""
    return f"user:{user_id}"


def account_id(
    session: Session, kind: AccountKind, owner: str, currency: str, *, user_id: int | None = None
) -> int:
    """The id of an account, opened (empty) on first use, race-free on both backends."""
    table = LedgerAccount.__table__
    find = select(table.c.id).where(
        table.c.kind == kind, table.c.owner == owner, table.c.currency == currency
    )
    found = session.scalar(find)
    if found is not None:
        return int(found)
    session.execute(
        dialect_insert(session, table)
        .values(
            kind=kind,
            owner=owner,
            user_id=user_id,
            currency=currency,
            balance=0,
            created_at=utcnow(),
        )
        .on_conflict_do_nothing()
    )
    return int(session.scalar(find))


def post(
    session: Session,
    kind: TransactionKind,
    currency: str,
    memo: str,
    entries: dict[int, int],
) -> int:
    """Record one transaction of ``entries`` (account id -> signed amount) and move the
    balances; returns the transaction id.

    The entries must sum to zero. An account that would go below zero (all but the
    platform's) raises :class:`~souq.errors.InsufficientFunds` and, with the caller's
    transaction rolled back, moves nothing. Balances change in account-id order, so
    concurrent transactions lock rows in one order and cannot deadlock.
    """
    if sum(entries.values()) != 0 or not entries:
        raise ValueError(f"unbalanced transaction: {entries}")
    accounts = LedgerAccount.__table__
    for account, amount in sorted(entries.items()):
        change = (
            update(accounts)
            .where(accounts.c.id == account)
            .values(balance=accounts.c.balance + amount)
        )
        if amount < 0:
            change = change.where(
                (accounts.c.kind == AccountKind.PLATFORM) | (accounts.c.balance >= -amount)
            )
        if session.execute(change).rowcount != 1:
            raise InsufficientFunds("not enough money in the account for this")
    transaction = session.scalar(
        insert(LedgerTransaction.__table__)
        .values(kind=kind, currency=currency, memo=memo[:200], created_at=utcnow())
        .returning(LedgerTransaction.__table__.c.id)
    )
    session.execute(
        insert(LedgerEntry.__table__),
        [
            {"transaction_id": transaction, "account_id": account, "amount": amount}
            for account, amount in entries.items()
        ],
    )
    return int(transaction)


def balance(session: Session, kind: AccountKind, owner: str, currency: str) -> int:
    """The balance of an account (0 if it was never opened)."""
    table = LedgerAccount.__table__
    found = session.scalar(
        select(table.c.balance).where(
            table.c.kind == kind, table.c.owner == owner, table.c.currency == currency
        )
    )
    return int(found or 0)


@dataclass(frozen=True)
class Verification:
    """What :func:`verify` found: every problem, and figures per currency."""

    accounts: int
    transactions: int
    problems: list[str]
    totals: dict[str, dict[str, int]]
    """currency -> account kind -> sum of balances."""

    @property
    def ok(self) -> bool:
        """Whether the ledger is consistent."""
        return not self.problems


def verify(session: Session) -> Verification:
    """Check the whole ledger: every transaction sums to zero and has one currency;
    every balance equals the sum of its entries; no wallet or merchant account is below
    zero; and, per currency, all balances sum to zero (money is neither made nor lost)."""
    problems: list[str] = []
    accounts, entries, transactions = (
        LedgerAccount.__table__,
        LedgerEntry.__table__,
        LedgerTransaction.__table__,
    )
    unbalanced = session.execute(
        select(entries.c.transaction_id, func.sum(entries.c.amount))
        .group_by(entries.c.transaction_id)
        .having(func.sum(entries.c.amount) != 0)
    ).all()
    problems += [f"transaction {t} sums to {total}, not 0" for t, total in unbalanced]
    mixed = session.execute(
        select(transactions.c.id)
        .join(entries, entries.c.transaction_id == transactions.c.id)
        .join(accounts, accounts.c.id == entries.c.account_id)
        .where(accounts.c.currency != transactions.c.currency)
        .distinct()
    ).all()
    problems += [f"transaction {t} has an entry in another currency" for (t,) in mixed]
    sums = (
        select(entries.c.account_id, func.sum(entries.c.amount).label("total"))
        .group_by(entries.c.account_id)
        .subquery()
    )
    rows = session.execute(
        select(
            accounts.c.id,
            accounts.c.kind,
            accounts.c.owner,
            accounts.c.currency,
            accounts.c.balance,
            func.coalesce(sums.c.total, 0),
        ).outerjoin(sums, sums.c.account_id == accounts.c.id)
    ).all()
    totals: dict[str, dict[str, int]] = {}
    for account, kind, owner, currency, kept, derived in rows:
        if kept != derived:
            problems.append(
                f"account {account} ({kind} {owner} {currency}) keeps {kept}; "
                f"its entries sum to {derived}"
            )
        if kind != AccountKind.PLATFORM and kept < 0:
            problems.append(f"account {account} ({kind} {owner} {currency}) is below zero")
        per_kind = totals.setdefault(currency, {})
        per_kind[kind] = per_kind.get(kind, 0) + int(kept)
    for currency, per_kind in totals.items():
        if sum(per_kind.values()) != 0:
            problems.append(f"{currency} balances sum to {sum(per_kind.values())}, not 0")
    count = session.scalar(select(func.count()).select_from(transactions)) or 0
    return Verification(len(rows), int(count), problems, totals)
