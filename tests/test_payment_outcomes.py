"""Payment outcomes survive a crash at any step of telling the app: told at least once,
acted on once (one receipt, the app's state changed once).

A crash is played by a teller whose crash point raises instead of killing the process
(tests/test_outcome_crashes.py kills real ``souq serve`` processes): what it had done
stays in the database, what it had not, is not. Time is the payments clock, which the
tests hold still and move.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta

import pytest
from conftest import SETUP, Install
from live_server import Api
from sample_apps import Till, till
from souq.apps.outcomes import Outcomes
from souq.db.models import Message, PaymentNotice, utcnow
from souq.faults import Faults
from souq.runtime import Services, build_services
from souq.services.accounts import Account
from souq.settings import FaultStep, Settings
from sqlalchemy import select
from sqlalchemy.orm import Session


class Crash(Exception):
    """The teller died here."""


class CrashAt(Faults):
    """A crash point that raises, so the test goes on after the "crash"."""

    def reached(self, step: FaultStep) -> None:
        if step == self._step:
            raise Crash(step)


@dataclass
class Sale:
    """ana's payment request of the till, paid but not yet told to the app."""

    services: Services
    ana: Account
    card_id: int
    payment_id: int

    async def receipts(self) -> list[str]:
        """The till's replies to the payment card, oldest first."""

        def read(session: Session) -> list[str]:
            query = (
                select(Message.body)
                .where(Message.reply_to_id == self.card_id, Message.app_slug != "souq")
                .order_by(Message.seq)
            )
            return list(session.scalars(query))

        return await self.services.db.read(read)

    async def notice(self) -> PaymentNotice:
        return await self.services.db.read(
            lambda s: s.scalars(
                select(PaymentNotice).where(PaymentNotice.payment_id == self.payment_id)
            ).one()
        )


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    """An app held by a test never runs into its deadline."""
    return {"app_timeout_seconds": 30}


@pytest.fixture
def record() -> Till:
    return Till()


@pytest.fixture
async def sale(api: Api, services: Services, install: Install, record: Till) -> Sale:
    await install(till(record))
    token = await api.register("ana")
    await api.register("bruno")
    chat = await api.direct(token, "bruno")
    await services.payments.top_up(SETUP, "ana", 5000, "EUR", reason="test")
    ana = await services.accounts.by_username("ana")
    await api.send(token, chat, "/till buy 700 r-1", "k-1")

    def card(session: Session) -> tuple[int, int]:
        found = session.execute(
            select(Message.id, Message.content).where(Message.app_slug == "till")
        ).one()
        return found.id, int(found.content["payment_id"])

    card_id, payment_id = await services.db.read(card)
    services.payments.clock = lambda: NOW
    await services.payments.confirm(ana, payment_id, "pay-1")  # decided; the app not told
    return Sale(services, ana, card_id, payment_id)


NOW = utcnow()


def teller(services: Services, settings: Settings, crash_after: FaultStep) -> Outcomes:
    """Another teller of the same process, which crashes right after ``crash_after``."""
    lease = timedelta(seconds=settings.outcome_lease_seconds)
    return Outcomes(
        services.db,
        services.gate,
        services.payments,
        services.invocations,
        services.notices,
        lease=lease,
        faults=CrashAt(crash_after),
    )


# What a crash after each step leaves: how often the app was told, the receipts stored.
LEFT = {
    "after-claim": (0, []),
    "after-app-answered": (1, []),
    "after-reply-stored": (1, ["receipt 1 for r-1"]),
}
# After the lease ran out and the sweep ran: how often the app was told in all.
TOLD_IN_ALL = {"after-claim": 1, "after-app-answered": 2, "after-reply-stored": 1}


@pytest.mark.parametrize("step", list(LEFT))
async def test_a_crash_at_any_step_ends_with_one_receipt_once_the_lease_runs_out(
    sale: Sale, settings: Settings, record: Till, step: FaultStep
) -> None:
    services = sale.services
    with pytest.raises(Crash):
        await teller(services, settings, step).deliver()
    told, receipts = LEFT[step]
    assert (len(record.told), await sale.receipts()) == (told, receipts)

    lease = timedelta(seconds=settings.outcome_lease_seconds)
    services.payments.clock = lambda: NOW + lease - timedelta(milliseconds=1)
    await services.sweep()  # the lease is live: nobody else tells the app
    assert (len(record.told), await sale.receipts()) == (told, receipts)

    services.payments.clock = lambda: NOW + lease
    await services.sweep()  # the lease ran out: the sweep takes the notice over
    await services.sweep()
    assert len(record.told) == TOLD_IN_ALL[step]
    assert await sale.receipts() == ["receipt 1 for r-1"]  # the app's state changed once
    notice = await sale.notice()
    assert notice.delivered_at is not None and notice.reply_message_id is not None


async def test_an_answer_after_the_lease_ran_out_posts_nothing_once_the_receipt_is_stored(
    sale: Sale, settings: Settings, record: Till
) -> None:
    """Two processes: the first leases the notice and its app hangs past the lease; the
    second takes the notice over and stores the receipt; the first's answer then
    arrives, and posts nothing new."""
    first = sale.services
    second = build_services(settings)
    await second.start()
    try:
        await second.apps.register(till(record), source="test")  # approved in the database
        record.hold_first = True
        first_telling = asyncio.create_task(first.outcomes.deliver())
        await record.first_in.wait()  # the first process holds the lease, the app answering

        lease = timedelta(seconds=settings.outcome_lease_seconds)
        second.payments.clock = lambda: NOW + lease
        assert await second.outcomes.deliver() == 1
        assert await sale.receipts() == ["receipt 1 for r-1"]

        record.release.set()
        assert await first_telling == 0  # told already: nothing stored
    finally:
        await second.close()
    assert len(record.told) == 2
    assert await sale.receipts() == ["receipt 1 for r-1"]
    receipt_ids = await first.db.read(
        lambda s: list(s.scalars(select(Message.id).where(Message.reply_to_id == sale.card_id)))
    )
    assert (await sale.notice()).reply_message_id == receipt_ids[0]
    assert len(receipt_ids) == 1
