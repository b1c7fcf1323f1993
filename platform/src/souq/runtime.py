"""The services of one souq process, built from settings and closed together."""

from __future__ import annotations

from dataclasses import dataclass

from souq.apps.invocations import Invocations
from souq.apps.registry import AppRegistry
from souq.apps.review import Review
from souq.apps.serving import Gate
from souq.db.database import Database
from souq.events.broker import Broker, InProcessBroker
from souq.services.accounts import Accounts
from souq.services.audit import AuditLog
from souq.services.conversations import Conversations
from souq.services.live import LiveEvents
from souq.services.messages import Messages
from souq.services.throttle import LoginThrottle
from souq.settings import Settings


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

    async def start(self, *, discover_apps: bool = True) -> None:
        """Load the installed apps (the ``souq`` entry-point group)."""
        if discover_apps:
            await self.apps.discover()

    async def close(self) -> None:
        """Stop app streams and workers, then close the broker and the database."""
        await self.invocations.close()
        self.apps.close()
        await self.broker.close()
        await self.db.close()


def build_services(settings: Settings, *, broker: Broker | None = None) -> Services:
    """Wire the services for ``settings`` (the database must already be migrated)."""
    db = Database(settings)
    broker = broker or InProcessBroker()
    throttle = LoginThrottle(
        settings.login_attempts_per_username, settings.login_attempts_per_address
    )
    conversations = Conversations(db, max_group_members=settings.max_group_members)
    messages = Messages(db, broker, max_length=settings.max_message_length)
    apps = AppRegistry(workers=settings.app_workers)
    gate = Gate(db, apps)
    return Services(
        settings=settings,
        db=db,
        broker=broker,
        accounts=Accounts(db, throttle),
        conversations=conversations,
        messages=messages,
        live=LiveEvents(conversations, messages, broker),
        apps=apps,
        gate=gate,
        review=Review(db),
        audit=AuditLog(db),
        invocations=Invocations(settings, db, apps, gate, conversations, messages),
    )
