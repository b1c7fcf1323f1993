"""Business messages: what an app may send a person outside a command, and what it is told.

An app messages a person who used it (by the id it sees for them) with a
:class:`Category`: ``service`` (about something the person did) or ``promotion``. The
host answers every message with :class:`Delivered` or :class:`Refused` (a
:class:`Refusal` code the app can act on, and when to try again where waiting helps);
``can_notify`` answers the same question in advance. The harness applies the very same
rule, :func:`decide`, so an app behaves the same in its tests and on a server.

:func:`decide` is pure: it reads what the caller found (:class:`PersonStanding`, :class:`AppStanding`) and
answers :class:`Allowed` (with the reason the recipient is shown) or :class:`Refused`
(with a code the app can act on, a message, and when to try again where waiting helps).
The checks, in order:

1. a suspended app sends nothing (``app_suspended``);
2. only people who used the app can be addressed (``unknown_person``);
3. a person who blocked the app gets nothing from it (``blocked``);
4. a service message needs ``messages.notify`` granted, or the person's last command to
   the app within the service window (``not_opted_in``); a promotion needs
   ``messages.promote``, never implied (``promotions_off``);
5. a promotion from an app whose quality rating is poor is paused (``promotions_paused``);
6. at most ``promotions_per_week`` promotions per person per app in 7 days (``rate_limited``);
7. the app's tier caps how many people it may message in a UTC day (``tier_limit``).

Mute refuses nothing: a muted app's messages arrive without counting as unread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol, runtime_checkable

from souq_sdk.replies import Reply

WEEK = timedelta(days=7)
DAY = timedelta(days=1)


class Category(StrEnum):
    """What a business message is about."""

    SERVICE = "service"
    """About something the person did: a booking, an order, a transfer."""
    PROMOTION = "promotion"
    """An offer; needs its own opt-in."""


class Refusal(StrEnum):
    """Why a business message was not delivered."""

    APP_SUSPENDED = "app_suspended"
    UNKNOWN_PERSON = "unknown_person"
    BLOCKED = "blocked"
    NOT_OPTED_IN = "not_opted_in"
    PROMOTIONS_OFF = "promotions_off"
    PROMOTIONS_PAUSED = "promotions_paused"
    RATE_LIMITED = "rate_limited"
    TIER_LIMIT = "tier_limit"


class Basis(StrEnum):
    """Why a business message was allowed."""

    GRANTED = "granted"
    """The person granted the scope (``since`` is when)."""
    RECENT_USE = "recent_use"
    """A service message within the window of the person's last command (``since``)."""


@dataclass(frozen=True, slots=True)
class Rules:
    """The limits souq applies (settings)."""

    service_window: timedelta = DAY
    promotions_per_week: int = 2


@dataclass(frozen=True, slots=True)
class PersonStanding:
    """What one person allows one app, as found now. ``known`` is whether they used it."""

    known: bool
    blocked: bool = False
    muted: bool = False
    last_command_at: datetime | None = None
    notify_granted_at: datetime | None = None
    promote_granted_at: datetime | None = None
    promotions_this_week: int = 0
    oldest_promotion_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class AppStanding:
    """What one app may send at all, as found now."""

    suspended: bool = False
    promotions_paused: bool = False
    daily_cap: int = 1000
    people_today: int = 0
    """Distinct people the app messaged today (a UTC day)."""
    person_counted_today: bool = False
    """Whether this person is among them (messaging them again takes no more of the cap)."""
    day_ends_at: datetime | None = None
    """When today ends and the count starts again."""


@dataclass(frozen=True, slots=True)
class Allowed:
    """The message may be delivered. ``remaining`` is how many more of this category
    this person may get from the app now (``None``: no per-person cap applies)."""

    basis: Basis
    since: datetime
    muted: bool
    remaining: int | None


@dataclass(frozen=True, slots=True)
class Refused:
    """The message is not (or would not be) delivered, with a reason the app can act on."""

    code: Refusal
    message: str
    retry_after: datetime | None = None

    @property
    def ok(self) -> bool:
        """Always ``False``: nothing was delivered."""
        return False


@dataclass(frozen=True, slots=True)
class Delivered:
    """The message was delivered: it is in the person's chat with the app."""

    message_id: str
    basis: Basis
    remaining: int | None

    @property
    def ok(self) -> bool:
        """Always ``True``."""
        return True


Decision = Allowed | Refused
"""What :func:`decide` (and ``can_notify``) answers."""

Delivery = Delivered | Refused
"""What ``notify`` answers."""


def decide(
    category: Category,
    person: PersonStanding,
    app: AppStanding,
    rules: Rules,
    now: datetime,
) -> Decision:
    """Whether a ``category`` message may reach ``person`` from ``app`` at ``now``."""
    if app.suspended:
        return Refused(
            Refusal.APP_SUSPENDED, "the app may not send messages now (suspended or not approved)"
        )
    if not person.known:
        return Refused(Refusal.UNKNOWN_PERSON, "this id is not someone who uses the app")
    if person.blocked:
        return Refused(Refusal.BLOCKED, "the person blocked the app")
    basis = _basis(category, person, rules, now)
    if isinstance(basis, Refused):
        return basis
    remaining: int | None = None
    if category is Category.PROMOTION:
        if app.promotions_paused:
            return Refused(
                Refusal.PROMOTIONS_PAUSED, "promotions are paused: the app's quality rating is low"
            )
        remaining = rules.promotions_per_week - person.promotions_this_week
        if remaining <= 0:
            retry = (person.oldest_promotion_at or now) + WEEK
            return Refused(
                Refusal.RATE_LIMITED,
                f"at most {rules.promotions_per_week} promotions per person in 7 days",
                retry_after=retry,
            )
    if not app.person_counted_today and app.people_today >= app.daily_cap:
        return Refused(
            Refusal.TIER_LIMIT,
            f"the app's tier allows messaging {app.daily_cap} people a day",
            retry_after=app.day_ends_at,
        )
    return Allowed(basis[0], basis[1], person.muted, remaining)


def _basis(
    category: Category, person: PersonStanding, rules: Rules, now: datetime
) -> tuple[Basis, datetime] | Refused:
    if category is Category.PROMOTION:
        if person.promote_granted_at is None:
            return Refused(
                Refusal.PROMOTIONS_OFF, "the person has not allowed promotions from the app"
            )
        return Basis.GRANTED, person.promote_granted_at
    if person.notify_granted_at is not None:
        return Basis.GRANTED, person.notify_granted_at
    last = person.last_command_at
    if last is not None and now - last < rules.service_window:
        return Basis.RECENT_USE, last
    hours = rules.service_window / timedelta(hours=1)
    return Refused(
        Refusal.NOT_OPTED_IN,
        f"the person has not allowed service messages and has not used the app "
        f"in the last {hours:g} hours",
    )


MAX_NOTICE_KEY = 100
"""The longest idempotency key of a business message."""


def check_key(key: str | None) -> None:
    """Refuse a business message's key that is not 1 to :data:`MAX_NOTICE_KEY` characters."""
    if key is not None and (not isinstance(key, str) or not 1 <= len(key) <= MAX_NOTICE_KEY):
        raise ValueError(f"a business message's key is 1 to {MAX_NOTICE_KEY} characters")


@runtime_checkable
class Notifier(Protocol):
    """How an app messages people outside a command: handed to the hooks that may
    (events, scheduled jobs, payment outcomes). ``person`` is the app's id for someone who
    used it (``context.person_id``); nobody else can be addressed.

    Sync handlers call :meth:`notify` and :meth:`can_notify`; async handlers await
    :meth:`anotify` and :meth:`acan_notify` (the sync ones refuse to run on the event loop,
    where they would stall it).
    """

    def notify(
        self,
        person: str,
        reply: Reply,
        *,
        category: Category = Category.SERVICE,
        key: str | None = None,
    ) -> Delivery:
        """Deliver ``reply`` to ``person`` in their chat with the app, or say why not.

        With a ``key`` (1 to 100 characters, such as ``"delay:KL1234:2026-12-01"``) the
        message reaches the person at most once: a later message with the same key to
        the same person is not delivered again, and the first one's :class:`Delivered`
        is answered. A handler that may run twice (an event sent again, a run that lost
        a race for its shared documents) passes one.
        """
        ...

    def can_notify(self, person: str, category: Category = Category.SERVICE) -> Decision:
        """Whether :meth:`notify` would deliver now, with what remains of the quota."""
        ...

    async def anotify(
        self,
        person: str,
        reply: Reply,
        *,
        category: Category = Category.SERVICE,
        key: str | None = None,
    ) -> Delivery:
        """:meth:`notify`, for async handlers."""
        ...

    async def acan_notify(self, person: str, category: Category = Category.SERVICE) -> Decision:
        """:meth:`can_notify`, for async handlers."""
        ...
