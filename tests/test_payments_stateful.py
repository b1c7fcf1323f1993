"""Money under any sequence of operations: a hypothesis state machine drives the real
services (a fresh, migrated database of each backend per example) with top-ups, payment
requests made by a throwaway shop app, confirms (with reused idempotency keys, and by
the wrong person), declines, expiry with a controlled clock and the sweep, and refunds
through the app (reused keys, too much, "the rest").

A plain model predicts every outcome; after every step the database must agree with it
and the ledger's own rules must hold: ``verify`` is ok, wallets and merchant accounts
hold exactly what was topped up, nothing is below zero, a request completes at most
once (one payment transaction each), refunds never exceed the payment, and the app is
told each outcome once (exactly the outcomes decided so far).

The machine's rules are synchronous; each machine instance runs its own event loop
(an ``asyncio.Runner``) and builds the services inside it.
"""

from __future__ import annotations

import asyncio
import itertools
import shutil
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import SETUP, approve, truncate
from hypothesis import HealthCheck, note
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sample_apps import shop
from souq.db.models import (
    LedgerAccount,
    LedgerTransaction,
    Payment,
    PaymentRefund,
    User,
    utcnow,
)
from souq.errors import (
    AlreadyPaid,
    DomainError,
    InsufficientFunds,
    NotFound,
    PaymentDeclined,
    PaymentExpired,
)
from souq.payments.ledger import AccountKind, verify, wallet_owner
from souq.runtime import Services, build_services
from souq.services.accounts import Account
from souq.settings import Settings
from souq_sdk import PaymentEvent
from sqlalchemy import func, select
from sqlalchemy.orm import Session

PEOPLE = ("ana", "bruno", "carla")
EXPIRY = timedelta(minutes=15)  # souq_sdk's default expires_in, which the shop keeps
CONFIRM_KEYS = ("c1", "c2", "c3")
REFUND_KEYS = ("r1", "r2", "r3", "r4")
UNKNOWN_PAYMENTS = (999_999, 10**20)  # no such payment; too large for any database id

SETTINGS = hypothesis_settings(
    max_examples=50,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
EXAMPLES_PER_BACKEND = {"sqlite": 50, "postgresql": 25}
"""PostgreSQL runs fewer sequences: the money rules are the same code on both; what is
PostgreSQL's own (row locks under concurrency) has concurrent tests of its own."""


@dataclass
class Expected:
    """What the model knows of one payment request."""

    payer: str
    amount: int
    reference: str
    created: timedelta  # the clock's offset when it was made
    status: str = "pending"
    key: str | None = None
    refunded: int = 0


@dataclass(frozen=True)
class Snapshot:
    """What the database holds after a step."""

    problems: list[str]
    balances: dict[tuple[str, str], int]  # (kind, owner) -> balance, EUR
    payments: dict[int, tuple[str, int, int, int | None, str | None]]
    """id -> (status, amount, refunded, transaction id, confirm key)"""
    payment_transactions: int
    refund_transactions: int
    refund_rows: dict[int, tuple[int, int]]  # payment id -> (count, sum)


def snapshot(session: Session) -> Snapshot:
    check = verify(session)
    accounts = LedgerAccount.__table__.c
    balances = {
        (kind, owner): int(balance)
        for kind, owner, balance in session.execute(
            select(accounts.kind, accounts.owner, accounts.balance).where(
                accounts.currency == "EUR"
            )
        )
    }
    payments = {
        row.id: (row.status, row.amount, row.refunded, row.transaction_id, row.confirm_key)
        for row in session.scalars(select(Payment))
    }

    def transactions(kind: str) -> int:
        query = select(func.count()).where(LedgerTransaction.kind == kind)
        return int(session.scalar(query) or 0)

    refund_rows = {
        pid: (int(count), int(total))
        for pid, count, total in session.execute(
            select(PaymentRefund.payment_id, func.count(), func.sum(PaymentRefund.amount)).group_by(
                PaymentRefund.payment_id
            )
        )
    }
    return Snapshot(
        check.problems,
        balances,
        payments,
        transactions("payment"),
        transactions("refund"),
        refund_rows,
    )


class PaymentsMachine(RuleBasedStateMachine):
    """One example: a fresh database, the shop approved, ana, bruno and carla in a group."""

    fresh_settings: Any = None  # set per backend: () -> (Settings, async preparation)

    payments = Bundle("payments")

    def __init__(self) -> None:
        super().__init__()
        self.runner = asyncio.Runner()
        self.services: Services | None = None
        self.told: list[PaymentEvent] = []
        self.offset = timedelta(0)
        self.start = utcnow()
        self.model: dict[int, Expected] = {}
        self.wallets = dict.fromkeys(PEOPLE, 0)
        self.topped_up = 0
        self.refund_keys: dict[str, int] = {}  # refund key -> payment id
        self.references = itertools.count(1)
        self.messages = itertools.count(1)
        try:
            self.run(self._set_up())
        except BaseException:
            self.teardown()
            raise

    def run(self, coroutine: Any) -> Any:
        return self.runner.run(coroutine)

    async def _set_up(self) -> None:
        settings, prepare = type(self).fresh_settings()
        await prepare()
        self.services = services = build_services(settings)
        await services.start(discover_apps=False)
        services.payments.clock = lambda: self.start + self.offset
        app = await services.apps.register(shop(self.told), source="test")
        await approve(services, app)

        def people(session: Session) -> None:
            session.add_all(
                User(username=name, display_name=name.title(), password_hash="!", role="person")
                for name in PEOPLE
            )

        await services.db.write(people)
        self.accounts: dict[str, Account] = {
            name: await services.accounts.by_username(name) for name in PEOPLE
        }
        group = await services.conversations.create_group(
            self.accounts["ana"], "flat", ["bruno", "carla"]
        )
        self.chat = group.id

    def teardown(self) -> None:
        try:
            if self.services is not None:
                self.run(self.services.close())
        finally:
            self.runner.close()

    # -- rules ---------------------------------------------------------------------------

    @initialize(amounts=st.tuples(*(st.integers(0, 5000) for _ in PEOPLE)))
    def opening_balances(self, amounts: tuple[int, ...]) -> None:
        """Most people start with some money (0: none), so that payments go through."""
        for person, amount in zip(PEOPLE, amounts, strict=True):
            if amount:
                self.top_up(person, amount)

    @rule(person=st.sampled_from(PEOPLE), amount=st.integers(1, 5000))
    def top_up(self, person: str, amount: int) -> None:
        assert self.services is not None
        balance = self.run(
            self.services.payments.top_up(SETUP, person, amount, "EUR", reason="stateful test")
        )
        self.wallets[person] += amount
        self.topped_up += amount
        assert balance == self.wallets[person]

    @rule(target=payments, person=st.sampled_from(PEOPLE), amount=st.integers(1, 3000))
    def request(self, person: str, amount: int) -> int:
        assert self.services is not None
        reference = f"o{next(self.references)}"
        self.run(
            self.services.invocations.send(
                self.accounts[person],
                self.chat,
                f"/shop buy {amount} {reference}",
                f"m{next(self.messages)}",
            )
        )

        async def find() -> list[int]:
            assert self.services is not None
            query = select(Payment.id).where(Payment.reference == reference)
            return await self.services.db.read(lambda s: list(s.scalars(query)))

        [payment_id] = self.run(find())
        self.model[payment_id] = Expected(person, amount, reference, self.offset)
        return payment_id

    def _due(self, expected: Expected) -> bool:
        return self.offset - expected.created >= EXPIRY

    @rule(
        payment=payments,
        key=st.sampled_from(CONFIRM_KEYS),
        by=st.sampled_from((None, None, None, *PEOPLE)),  # mostly the payer
        data=st.data(),
    )
    def confirm(self, payment: int, key: str, by: str | None, data: st.DataObject) -> None:
        """Pay a request (with one of a few keys, so keys are reused), half the time a
        pending one if there is one."""
        assert self.services is not None
        pending = sorted(pid for pid, e in self.model.items() if e.status == "pending")
        if pending and data.draw(st.booleans(), label="pick a pending one"):
            payment = data.draw(st.sampled_from(pending), label="pending")
        expected = self.model[payment]
        who = by or expected.payer
        wanted: type[DomainError] | None = None
        if who != expected.payer:
            wanted = NotFound
        elif expected.status == "completed":
            wanted = None if key == expected.key else AlreadyPaid
        elif expected.status == "declined":
            wanted = PaymentDeclined
        elif expected.status == "expired" or self._due(expected):
            wanted = PaymentExpired
            expected.status = "expired"
        elif self.wallets[who] < expected.amount:
            wanted = InsufficientFunds
        else:
            expected.status, expected.key = "completed", key
            self.wallets[who] -= expected.amount
        note(f"confirm {payment} by {who} with {key}: expecting {wanted or 'success'}")
        try:
            view = self.run(self.services.outcomes.confirm(self.accounts[who], payment, key))
        except DomainError as error:
            assert type(error) is wanted, f"{type(error).__name__}: {error.message}"
            return
        assert wanted is None, f"confirmed; expected {wanted.__name__}"
        assert view.status == "completed" and view.id == payment

    @rule(payment=payments, by=st.sampled_from((None, None, None, *PEOPLE)))
    def decline(self, payment: int, by: str | None) -> None:
        assert self.services is not None
        expected = self.model[payment]
        who = by or expected.payer
        wanted: type[DomainError] | None = None
        if who != expected.payer:
            wanted = NotFound
        elif expected.status == "completed":
            wanted = AlreadyPaid
        elif expected.status == "pending":
            expected.status = "expired" if self._due(expected) else "declined"
        try:
            view = self.run(self.services.outcomes.decline(self.accounts[who], payment))
        except DomainError as error:
            assert type(error) is wanted, f"{type(error).__name__}: {error.message}"
            return
        assert wanted is None, f"declined; expected {wanted.__name__}"
        assert view.status == expected.status

    @rule(minutes=st.integers(0, 20), sweep=st.booleans())
    def time_passes(self, minutes: int, sweep: bool) -> None:
        """Move the clock (whole minutes, or not at all: a request is due exactly when 15
        have passed since it was made) and, or not, let the sweep expire what is due."""
        assert self.services is not None
        self.offset += timedelta(minutes=minutes)
        if sweep:
            self.run(self.services.sweep())
            for expected in self.model.values():
                if expected.status == "pending" and self._due(expected):
                    expected.status = "expired"

    @precondition(lambda self: any(e.status == "completed" for e in self.model.values()))
    @rule(
        payment=payments,
        data=st.data(),
        key=st.sampled_from(REFUND_KEYS),
        by=st.sampled_from(PEOPLE),
        unknown=st.integers(0, 9),
    )
    def refund(self, payment: int, data: st.DataObject, key: str, by: str, unknown: int) -> None:
        """The app gives back an amount (0: the rest), sometimes more than is left, and
        now and then of a payment that does not exist. Only once something was paid
        (most requests never are), and then half the time of a paid one."""
        paid = sorted(pid for pid, e in self.model.items() if e.status == "completed")
        if data.draw(st.booleans(), label="pick a paid one"):
            payment = data.draw(st.sampled_from(paid), label="paid")
        amount = data.draw(st.integers(0, self.model[payment].amount + 5), label="amount")
        if unknown < len(UNKNOWN_PAYMENTS):
            payment = UNKNOWN_PAYMENTS[unknown]
        self._refund(payment, amount, key, by)

    def _refund(self, payment: int, amount: int, key: str, by: str) -> None:
        assert self.services is not None
        expected = self.model.get(payment)
        if key in self.refund_keys or expected is None or expected.status != "completed":
            pass  # a repeat, a key used for another payment, or nothing paid: nothing moves
        else:
            left = expected.amount - expected.refunded
            given = left if amount == 0 else amount
            if 0 < given <= left:
                expected.refunded += given
                self.wallets[expected.payer] += given
                self.refund_keys[key] = payment
        note(f"refund {amount} of {payment} with {key} by {by}")
        self.run(
            self.services.invocations.send(
                self.accounts[by],
                self.chat,
                f"/shop refund {payment} {amount} {key}",
                f"m{next(self.messages)}",
            )
        )

    # -- invariants ----------------------------------------------------------------------

    @invariant()
    def the_books_hold(self) -> None:
        if self.services is None:
            return
        found: Snapshot = self.run(self.services.db.read(snapshot))
        assert found.problems == [], found.problems

        wallets = {o: b for (k, o), b in found.balances.items() if k == AccountKind.WALLET}
        merchants = {o: b for (k, o), b in found.balances.items() if k == AccountKind.MERCHANT}
        assert sum(wallets.values()) + sum(merchants.values()) == self.topped_up
        assert found.balances.get((AccountKind.PLATFORM, "platform"), 0) == -self.topped_up
        assert all(balance >= 0 for balance in [*wallets.values(), *merchants.values()])
        for name in PEOPLE:
            owner = wallet_owner(self.accounts[name].id)
            assert wallets.get(owner, 0) == self.wallets[name], name

        assert set(found.payments) == set(self.model)
        completed = [pid for pid, row in found.payments.items() if row[0] == "completed"]
        assert found.payment_transactions == len(completed)
        transactions = [row[3] for row in found.payments.values() if row[3] is not None]
        assert len(transactions) == len(set(transactions)) == len(completed)
        for pid, (status, amount, refunded, transaction, key) in found.payments.items():
            expected = self.model[pid]
            assert (status, amount, refunded) == (
                expected.status,
                expected.amount,
                expected.refunded,
            ), pid
            assert (transaction is not None) == (status == "completed"), pid
            assert key == expected.key, pid
            assert 0 <= refunded <= amount
            assert found.refund_rows.get(pid, (0, 0))[1] == refunded, pid
        assert found.refund_transactions == sum(c for c, _ in found.refund_rows.values())
        assert found.refund_transactions == len(self.refund_keys)

        told = Counter((int(e.payment_id), e.outcome.value) for e in self.told)
        assert all(times == 1 for times in told.values()), told
        assert all(times == 1 for times in Counter(pid for pid, _ in told).values()), told
        decided = {(pid, e.status) for pid, e in self.model.items() if e.status != "pending"}
        assert set(told) == decided  # each outcome told once, and at once
        for event in self.told:
            expected = self.model[int(event.payment_id)]
            assert (event.reference, event.amount) == (expected.reference, expected.amount)


def sqlite_settings(template: Path, folder: Path) -> Any:
    """A fresh copy of the migrated template per example."""
    examples = itertools.count(1)

    def fresh() -> tuple[Settings, Any]:
        data = folder / f"example-{next(examples)}"
        data.mkdir()
        shutil.copy(template, data / "souq.db")
        url = f"sqlite+aiosqlite:///{data / 'souq.db'}"

        async def nothing() -> None:
            return None

        return Settings(env="dev", data_dir=data, database_url=url), nothing  # type: ignore[arg-type]

    return fresh


def postgres_settings(url: str, folder: Path) -> Any:
    """The PostgreSQL test database, emptied before each example."""

    def fresh() -> tuple[Settings, Any]:
        settings = Settings(env="dev", data_dir=folder, database_url=url)  # type: ignore[arg-type]
        return settings, lambda: truncate(url)

    return fresh


def test_money_holds_under_any_sequence_of_operations(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    if backend == "sqlite":
        fresh = sqlite_settings(request.getfixturevalue("sqlite_template"), tmp_path)
    else:
        fresh = postgres_settings(request.getfixturevalue("postgres_migrated"), tmp_path)
    machine = type("PaymentsOn" + backend.title(), (PaymentsMachine,), {"fresh_settings": fresh})
    examples = EXAMPLES_PER_BACKEND[backend]
    run_state_machine_as_test(
        machine, settings=hypothesis_settings(SETTINGS, max_examples=examples)
    )
