"""Business messages in the harness: the host's rule applied to what the harness holds.

:class:`HarnessPeople` keeps what each person allows the app (grants, mute, block, their
last command) and a clock the test moves; :class:`HarnessNotifier` answers ``notify`` and
``can_notify`` with :func:`souq_sdk.notices.decide`, the very function the host uses, and
records every delivery and refusal. See :class:`souq_sdk.testing.AppHarness`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime

from souq_sdk.notices import (
    DAY,
    WEEK,
    AppStanding,
    Category,
    Decision,
    Delivered,
    Delivery,
    PersonStanding,
    Refused,
    Rules,
    check_key,
    decide,
)
from souq_sdk.replies import Reply, check_reply

NOTIFY = "messages.notify"
PROMOTE = "messages.promote"


@dataclass(frozen=True)
class HarnessDelivery:
    """A business message the harness delivered: to whom (the harness's name for them),
    what, which category, and why it was allowed."""

    person: str
    reply: Reply
    category: Category
    delivered: Delivered
    at: datetime


@dataclass(frozen=True)
class HarnessRefusal:
    """A business message the harness refused, with the reason the app was given."""

    person: str
    reply: Reply
    category: Category
    refused: Refused
    at: datetime


@dataclass
class _Person:
    last_command_at: datetime | None = None
    granted: dict[str, datetime] = field(default_factory=dict)
    muted: bool = False
    blocked: bool = False


@dataclass
class HarnessPeople:
    """What the people of a harness allow its app, on the harness's clock."""

    rules: Rules = field(default_factory=Rules)
    daily_cap: int = 1000
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    by_id: dict[str, str] = field(default_factory=dict)
    """The harness's name of each person, by the id the app sees for them."""
    people: dict[str, _Person] = field(default_factory=dict)
    delivered: list[HarnessDelivery] = field(default_factory=list)
    refused: list[HarnessRefusal] = field(default_factory=list)

    def used(self, name: str, person_id: str) -> None:
        """``name`` ran a command of the app now."""
        self.by_id[person_id] = name
        self.people.setdefault(name, _Person()).last_command_at = self.now

    def entry(self, name: str) -> _Person:
        """What ``name`` allows, kept even before they use the app (a grant may come
        first); only :meth:`used` makes them someone the app can address."""
        return self.people.setdefault(name, _Person())

    def person(self, name: str) -> _Person:
        found = self.people.get(name)
        if found is None:
            raise LookupError(f"{name} has not used the app yet: run one of its commands first")
        return found

    def decide(self, person_id: str, category: Category) -> Decision:
        """The host's rule on what the harness holds now."""
        name = self.by_id.get(person_id)
        found = self.people.get(name) if name is not None else None
        if found is None:
            standing = PersonStanding(known=False)
        else:
            week = [
                d
                for d in self.delivered
                if d.person == name and d.category is Category.PROMOTION and d.at > self.now - WEEK
            ]
            standing = PersonStanding(
                known=True,
                blocked=found.blocked,
                muted=found.muted,
                last_command_at=found.last_command_at,
                notify_granted_at=found.granted.get(NOTIFY),
                promote_granted_at=found.granted.get(PROMOTE),
                promotions_this_week=len(week),
                oldest_promotion_at=min((d.at for d in week), default=None),
            )
        today = {d.person for d in self.delivered if d.at.date() == self.now.date()}
        tomorrow = datetime.combine(self.now.date() + DAY, datetime.min.time(), UTC)
        app = AppStanding(
            daily_cap=self.daily_cap,
            people_today=len(today),
            person_counted_today=name in today,
            day_ends_at=tomorrow,
        )
        return decide(category, standing, app, self.rules, self.now)


class HarnessNotifier:
    """The :class:`~souq_sdk.notices.Notifier` a harness hands to its app's hooks."""

    def __init__(self, people: HarnessPeople, manifest: object) -> None:
        self._people = people
        self._manifest = manifest
        self._keys: dict[tuple[str, str], Delivered] = {}

    def notify(
        self,
        person: str,
        reply: Reply,
        *,
        category: Category = Category.SERVICE,
        key: str | None = None,
    ) -> Delivery:
        """Deliver ``reply`` to ``person``, or say why not (and record which)."""
        _not_on_a_loop()
        return self._notify(person, reply, category, key)

    def _notify(self, person: str, reply: Reply, category: Category, key: str | None) -> Delivery:
        category = Category(category)
        check_key(key)
        checked = check_reply(reply, self._manifest)  # type: ignore[arg-type]
        if not isinstance(checked, Reply):
            raise TypeError("a business message is a Text, Card or ListReply")
        name = self._people.by_id.get(person, person)
        if key is not None and (name, key) in self._keys:
            return self._keys[(name, key)]
        decision = self._people.decide(person, category)
        now = self._people.now
        if isinstance(decision, Refused):
            self._people.refused.append(HarnessRefusal(name, checked, category, decision, now))
            return decision
        remaining = None if decision.remaining is None else decision.remaining - 1
        number = len(self._people.delivered) + 1
        delivered = Delivered(f"harness-{number}", decision.basis, remaining)
        self._people.delivered.append(HarnessDelivery(name, checked, category, delivered, now))
        if key is not None:
            self._keys[(name, key)] = delivered
        return delivered

    def can_notify(self, person: str, category: Category = Category.SERVICE) -> Decision:
        """Whether :meth:`notify` would deliver now."""
        _not_on_a_loop()
        return self._people.decide(person, Category(category))

    async def anotify(
        self,
        person: str,
        reply: Reply,
        *,
        category: Category = Category.SERVICE,
        key: str | None = None,
    ) -> Delivery:
        """:meth:`notify`, for async handlers."""
        return self._notify(person, reply, category, key)

    async def acan_notify(self, person: str, category: Category = Category.SERVICE) -> Decision:
        """:meth:`can_notify`, for async handlers."""
        return self._people.decide(person, Category(category))


def _not_on_a_loop() -> None:
    """Refuse, as the host does, a blocking call from a coroutine."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    raise RuntimeError(
        "notify and can_notify block; in an async handler await anotify or acan_notify"
    )
