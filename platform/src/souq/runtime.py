"""The services of one souq process, built from settings and closed together."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from souq_sdk.notices import Rules

from souq.apps.controls import Controls
from souq.apps.event_secrets import EventSecrets
from souq.apps.events import AppEvents
from souq.apps.invocations import Invocations
from souq.apps.notices import Notices
from souq.apps.outcomes import Outcomes
from souq.apps.registry import AppRegistry
from souq.apps.review import Review
from souq.apps.serving import Gate
from souq.consent.pseudonyms import Pseudonyms
from souq.consent.relations import Relations
from souq.consent.your_data import YourData
from souq.db.database import Database
from souq.db.models import Clock
from souq.events.broker import Broker, InProcessBroker
from souq.faults import Faults
from souq.payments.provider import PlatformFunds
from souq.payments.reports import MoneyReports
from souq.payments.service import Payments
from souq.services.accounts import Accounts
from souq.services.audit import AuditLog
from souq.services.conversations import Conversations
from souq.services.live import LiveEvents
from souq.services.messages import Messages
from souq.services.throttle import LoginThrottle, counter_storage
from souq.settings import Settings

log = logging.getLogger("souq.sweep")


@dataclass(frozen=True)
class Services:
    """Everything the web layer and the CLI call into."""

    settings: Settings
    db: Database
    broker: Broker
    accounts: Accounts
    conversations: Conversations
    messages: Messages
    live: LiveEvents
    apps: AppRegistry
    gate: Gate
    review: Review
    audit: AuditLog
    invocations: Invocations
    payments: Payments
    money: MoneyReports
    outcomes: Outcomes
    controls: Controls
    notices: Notices
    your_data: YourData
    event_secrets: EventSecrets
    events: AppEvents
    _sweeper: list[asyncio.Task[None]] = field(default_factory=list)

    async def start(self, *, discover_apps: bool = True, sweep: bool = False) -> None:
        """Load the installed apps (the ``souq`` entry-point group); with ``sweep``, also
        run :meth:`sweep` every ``SOUQ_PAYMENT_SWEEP_SECONDS`` in the background (the
        server does; tests call :meth:`sweep` themselves)."""
        if discover_apps:
            await self.apps.discover()
        if sweep:
            self._sweeper.append(asyncio.create_task(self._sweep_forever()))

    def use_clock(self, clock: Clock) -> None:
        """Read the time from ``clock`` everywhere (tests move time with it): payment
        requests, business messages, apps' ``context.now`` and ``shared.now``, jobs."""
        self.payments.clock = clock
        self.notices.clock = clock
        self.events.clock = clock
        self.controls.clock = clock

    async def sweep(self) -> None:
        """Expire the payment requests whose time is up; tell apps every outcome due; run
        the apps' scheduled jobs that are due."""
        await self.payments.expire_due()
        await self.outcomes.deliver()
        await self.events.run_due_jobs()

    async def _sweep_forever(self) -> None:
        while True:
            try:
                await self.sweep()
            except Exception:
                log.exception("the sweep (payments, outcomes, jobs) failed; trying again")
            await asyncio.sleep(self.settings.payment_sweep_seconds)

    async def close(self) -> None:
        """Stop the sweep, app streams and workers, then the broker and the database."""
        for task in self._sweeper:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.invocations.close()
        self.apps.close()
        await self.broker.close()
        await self.db.close()


def notice_rules(settings: Settings) -> Rules:
    """The limits on business messages ``settings`` set."""
    return Rules(
        service_window=timedelta(hours=settings.service_window_hours),
        promotions_per_week=settings.promotions_per_week,
    )


def make_broker(settings: Settings) -> Broker:
    """The broker ``settings`` choose: through Redis when ``SOUQ_REDIS_URL`` is set (for
    several processes), else in process."""
    if settings.redis_url:
        from souq.events.redis_broker import RedisBroker  # only where Redis is used

        return RedisBroker(
            settings.redis_url,
            buffer_size=settings.live_buffer_events,
            prefix=settings.redis_prefix,
        )
    return InProcessBroker(buffer_size=settings.live_buffer_events)


def build_services(settings: Settings, *, broker: Broker | None = None) -> Services:
    """Wire the services for ``settings`` (the database must already be migrated)."""
    db = Database(settings)
    broker = broker or make_broker(settings)
    throttle = LoginThrottle(
        per_username_and_address=settings.login_attempts_per_username_and_address,
        per_username=settings.login_attempts_per_username,
        per_address=settings.login_attempts_per_address,
        registrations_per_address=settings.registrations_per_address,
        storage=counter_storage(settings.redis_url, prefix=f"{settings.redis_prefix}limits"),
    )
    conversations = Conversations(db, broker, max_group_members=settings.max_group_members)
    messages = Messages(db, broker, max_length=settings.max_message_length)
    apps = AppRegistry(workers=settings.app_workers)
    gate = Gate(db, apps)
    relations = Relations(Pseudonyms(settings.secret()))
    accounts = Accounts(db, throttle, broker)
    payments = Payments(db, messages, PlatformFunds())
    invocations = Invocations(
        settings, db, apps, gate, conversations, messages, payments, relations
    )
    notices = Notices(
        db, gate, messages, rules=notice_rules(settings), tiers=settings.messaging_tiers
    )
    return Services(
        settings=settings,
        db=db,
        broker=broker,
        accounts=accounts,
        conversations=conversations,
        messages=messages,
        live=LiveEvents(conversations, messages, broker),
        apps=apps,
        gate=gate,
        review=Review(db, apps),
        audit=AuditLog(db),
        invocations=invocations,
        payments=payments,
        money=MoneyReports(db),
        outcomes=Outcomes(
            db,
            gate,
            payments,
            invocations,
            notices,
            lease=timedelta(seconds=settings.outcome_lease_seconds),
            faults=Faults.of(settings),
        ),
        controls=Controls(db, gate, relations),
        your_data=YourData(db, accounts),
        event_secrets=EventSecrets(db, settings.secret()),
        notices=notices,
        events=AppEvents(db, apps, gate, notices, limit_seconds=settings.app_stream_seconds),
    )
