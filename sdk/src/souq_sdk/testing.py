"""Test an app offline: an in-memory harness that behaves like the host.

::

    from souq_sdk.testing import AppHarness

    def test_menu():
        h = AppHarness(app)
        reply = h.run("/food menu da-enzo", as_person="ana")
        confirmation = h.press(reply.items[0].buttons[0], as_person="ana")
        assert "Added" in confirmation.title

The harness parses lines with the same parser as the host, validates the manifest and
every reply as the host does, gives each person an app-scoped pseudonymous id and keeps
state between calls (saved only when a call succeeds). It differs from the host in
being strict and loud: a usage mistake raises :class:`~souq_sdk.errors.UsageError` (the
host shows its text to the person instead), also when a handler raised it (a command's,
also in a stream after its first reply, with the command's usage line, as the host shows
it; an action's as it was raised), an invalid reply raises
:class:`~souq_sdk.errors.InvalidReply`, and an exception in the app propagates.

Money works as on the host, with a wallet that never runs dry: a command that answers
with a :class:`~souq_sdk.replies.PaymentRequest` is paid with ``h.pay(request)``,
refused with ``h.decline(request)`` or left to ``h.expire(request)`` (a request among
an :class:`~souq_sdk.replies.Update`'s follow-ups too); each calls the
app's ``souq_payment`` hook once and returns its reply. A :class:`~souq_sdk.replies.Refund`
the app answers with is checked (a completed payment of this app, never more than was
paid, once per key) and kept in ``h.refunds``.

Grants work as on the host: ``h.grant("ana", "profile.phone")`` and ``h.revoke(...)``
(only scopes of the manifest), with the profile a person has set given by
``h.set_profile("ana", display_name="Ana", phone="+447700900123")``; each call's
``context.grants`` and ``context.profile`` come from them. A command answering with an
:class:`~souq_sdk.replies.AskScope` returns it as its reply; ``h.allow(ask)`` grants the
scope and runs the command again (returning its new reply), ``h.deny(ask)`` grants
nothing, as the person's buttons on souq's consent card do (``await h.aallow(ask)`` in
async tests).

Deadlines are the host's: the first answer within ``timeout`` seconds (3 by default, as
``SOUQ_APP_TIMEOUT_SECONDS``; give the value the operator sets for your app in
``SOUQ_APP_TIMEOUTS`` as ``AppHarness(app, timeout=5)``), a stream of replies within
``stream_seconds`` more (60, as ``SOUQ_APP_STREAM_SECONDS``). A call past its deadline
raises :class:`TimedOut`, whose text is what the host tells the person. Sync handlers
run in ``workers`` threads of the app's own (4, as ``SOUQ_APP_WORKERS``), as on the host
(see :mod:`souq_sdk.workers`).

Business messages (see :mod:`souq_sdk.notices`) follow the host's rule too, on the
harness's own clock: a person is known to the app once they ran one of its commands;
``h.grant(person, scope)`` / ``h.revoke``, ``h.mute`` / ``h.block`` and
``h.advance(timedelta)`` change what the rule sees; ``h.event(name, data)`` and
``h.run_job(name)`` call the app's handlers with a notifier, and ``h.delivered`` /
``h.refused`` list what it delivered and what it refused, with the reason.

``run``/``press``/``pay`` are synchronous and run the app on virtual time
(:mod:`souq_sdk.virtual_time`): an async handler that awaits ``asyncio.sleep(5)`` meets
its deadline at once, without five seconds of waiting. Code running in a thread (a
sync handler, ``asyncio.to_thread``) cannot be hurried: while it runs, time is real, so
test a slow sync handler with a small ``timeout``. ``AppHarness(app, virtual_time=False)``
keeps the wall clock. In async tests use ``await h.arun(...)``, ``await h.apress(...)``
and ``await h.apay(...)``: they run on your test's event loop and its clock.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from souq_sdk.commands import (
    find_command,
    format_topic_help,
    help_topic,
    parse_arguments,
    parse_invocation,
    with_usage,
)
from souq_sdk.context import Context, Profile
from souq_sdk.dispatch import call_app, first_answer, plugin_manager
from souq_sdk.errors import InvalidReply, SouqSdkError, UsageError
from souq_sdk.harness_notices import (
    HarnessDelivery,
    HarnessNotifier,
    HarnessPeople,
    HarnessRefusal,
)
from souq_sdk.manifest import Manifest, validate_manifest
from souq_sdk.money import PaymentEvent, PaymentOutcome
from souq_sdk.replies import (
    AskScope,
    Button,
    Card,
    ListReply,
    Money,
    PaymentRequest,
    Refund,
    Reply,
    Text,
    Update,
    buttons_of,
    check_reply,
)
from souq_sdk.shared import Shared
from souq_sdk.state import MemoryStateStore, Scope, State, StateStore
from souq_sdk.virtual_time import VirtualTimeLoop
from souq_sdk.workers import (
    FIRST_ANSWER_SECONDS,
    STATE_ATTEMPTS,
    STREAM_SECONDS,
    WORKERS,
    Deadline,
    Workers,
    did_not_answer,
    is_busy,
)

_ID_KEY = b"souq-sdk-testing"


class HarnessError(SouqSdkError):
    """The test did something the host would refuse (such as pressing a hidden button)."""


class Busy(SouqSdkError):
    """Other calls kept saving the state this call needs first (only calls run side by
    side can do that); ``str(error)`` is what the host tells the person."""


class _Stale(Exception):
    """Another call saved the state of this one since it was loaded."""


class TimedOut(SouqSdkError):
    """The app missed a deadline. ``str(error)`` is what the host tells the person;
    ``replies`` are those a stream showed before its time ran out."""

    def __init__(self, app_name: str, detail: str, replies: tuple[Any, ...] = ()) -> None:
        super().__init__(did_not_answer(app_name))
        self.detail = detail
        self.replies = replies


@dataclass(frozen=True)
class Exchange:
    """One call through the harness and everything the app answered."""

    person: str
    conversation: str
    replies: tuple[Reply | Update | Money, ...]
    """Every reply, in order: a single one, or a stream's progress replies then its final."""

    @property
    def final(self) -> Reply | Update | Money:
        """The last reply: what the host records."""
        return self.replies[-1]

    @property
    def progress(self) -> tuple[Reply | Update | Money, ...]:
        """The replies a stream showed before its final one."""
        return self.replies[:-1]


@dataclass
class HarnessPayment:
    """A payment request the app made through the harness, and what became of it."""

    payment_id: str
    request: PaymentRequest
    person: str
    conversation: str
    outcome: PaymentOutcome | None = None
    refunded: int = 0


@dataclass(frozen=True)
class _Shown:
    """Where a reply with buttons was shown, so a press can be checked like the host does."""

    invoker: str
    conversation: str
    private: bool


@dataclass
class _Asked:
    """A pending :class:`AskScope`: who was asked, and the command line to run again."""

    person: str
    conversation: str
    line: str | None
    answered: bool = False


@dataclass
class AppHarness:
    """Run an app (an :class:`~souq_sdk.app.App` or a module of hookimpls) in memory."""

    app: object
    locale: str = "en"
    store: StateStore = field(default_factory=MemoryStateStore)
    timeout: float = FIRST_ANSWER_SECONDS
    """Seconds for the first answer (the operator's ``SOUQ_APP_TIMEOUTS`` for the app)."""
    stream_seconds: float = STREAM_SECONDS
    """Seconds a stream of replies may run after its first answer."""
    workers: int = WORKERS
    """Threads for the app's sync handlers (``SOUQ_APP_WORKERS``)."""
    virtual_time: bool = True
    """Whether ``run``/``press``/``pay`` run the app on virtual time."""
    start: datetime | None = None
    """What the harness's clock says when it is built (UTC; by default the wall clock's
    now): for an app whose data has dates of its own. :meth:`advance` moves it on."""
    history: list[Exchange] = field(default_factory=list, init=False)
    payments: dict[str, HarnessPayment] = field(default_factory=dict, init=False)
    """Every payment request the app made, by payment id."""
    refunds: list[Refund] = field(default_factory=list, init=False)
    """Every refund the app made, once each."""

    def __post_init__(self) -> None:
        self._pm = plugin_manager()
        self._pm.register(self.app)
        # A worker thread with its own event loop, so a harness can be built in async tests.
        with ThreadPoolExecutor(1) as pool:
            loading = pool.submit(asyncio.run, call_app(self._pm, self.app, "souq_manifest"))
        manifest = loading.result()
        self.manifest: Manifest = validate_manifest(manifest)
        self.slug = self.manifest.slug
        self._workers = Workers(self.workers, name=f"harness-{self.slug}")
        self._versions: dict[tuple[str, str], int] = {}
        self._shown: dict[int, tuple[Button, _Shown]] = {}
        if self.start is not None and self.start.utcoffset() is None:
            raise HarnessError("start is a time with a time zone, such as UTC")
        self._people = HarnessPeople() if self.start is None else HarnessPeople(now=self.start)
        self.notifier = HarnessNotifier(self._people, self.manifest)
        """The notifier the app's hooks get (``can_notify`` works from the test too)."""

        self._profiles: dict[str, Profile] = {}
        self._asked: dict[int, tuple[AskScope, _Asked]] = {}

    @property
    def delivered(self) -> list[HarnessDelivery]:
        """Every business message the app's notifier delivered, in order."""
        return self._people.delivered

    @property
    def refused(self) -> list[HarnessRefusal]:
        """Every business message the app's notifier refused, with the reason."""
        return self._people.refused

    def grant(self, person: str, scope: str) -> None:
        """``person`` grants the app ``scope``, one its manifest asks for (now, on the
        harness's clock; before or after they used the app)."""
        if scope not in self.manifest.scopes:
            raise HarnessError(f"{self.slug} does not ask for {scope!r} in its manifest")
        self._people.entry(person).granted[scope] = self._people.now

    def revoke(self, person: str, scope: str) -> None:
        """``person`` revokes ``scope``; the very next call no longer sees it."""
        self._people.entry(person).granted.pop(scope, None)

    def mute(self, person: str, muted: bool = True) -> None:
        """``person`` mutes the app (messages arrive, not as unread); ``False`` unmutes."""
        self._people.person(person).muted = muted

    def block(self, person: str, blocked: bool = True) -> None:
        """``person`` blocks the app (its messages are refused); ``False`` unblocks."""
        self._people.person(person).blocked = blocked

    def advance(self, by: timedelta) -> None:
        """Move the harness's clock on by ``by`` (``context.now``, ``shared.now``, and the
        notice windows and weekly caps follow it)."""
        if by < timedelta(0):
            raise HarnessError("time only moves forward")
        self._people.now += by

    def event(self, name: str, data: dict[str, Any] | None = None) -> dict[str, Any] | None:
        """Send the app the event ``name`` with ``data``, as a signed request would;
        returns the handler's summary."""
        return self._call_sync(self.aevent(name, data))

    def run_job(self, name: str) -> None:
        """Run the app's scheduled job ``name`` now."""
        self._call_sync(self.arun_job(name))

    async def aevent(self, name: str, data: dict[str, Any] | None = None) -> dict[str, Any] | None:
        """The async form of :meth:`event`."""
        if name not in self.manifest.events:
            raise HarnessError(f"{self.slug} declares no event {name!r}")
        summary = await self._outside(
            "souq_event", event=name, data=dict(data or {}), notifier=self.notifier
        )
        if summary is not None and not isinstance(summary, dict):
            raise InvalidReply(self.slug, ["an event handler returns None or a dict"])
        return summary

    async def arun_job(self, name: str) -> None:
        """The async form of :meth:`run_job`."""
        if self.manifest.job(name) is None:
            raise HarnessError(f"{self.slug} declares no job {name!r}")
        await self._outside("souq_job", job=name, notifier=self.notifier)

    async def _outside(self, hook: str, **kwargs: Any) -> Any:
        """Call a hook that runs outside any conversation, with the stream deadline; a run
        whose shared documents another call saved meanwhile runs again, as on the host."""
        for _attempt in range(STATE_ATTEMPTS):
            shared = self._shared()
            try:
                result, _ = await first_answer(
                    self._pm,
                    self.app,
                    hook,
                    deadline=Deadline(self.stream_seconds),
                    workers=self._workers,
                    shared=shared,
                    **kwargs,
                )
            except TimeoutError:
                detail = f"no answer within {self.stream_seconds:g} s"
                raise TimedOut(self.manifest.name, detail) from None
            changed = [("shared", name, doc, version) for name, doc, version in shared.changed()]
            if all(self._versions.get((s, key), 0) == v for s, key, _, v in changed):
                self._save(changed)
                return result
        raise Busy(is_busy(self.manifest.name))

    def _shared(self) -> Shared:
        """The app's shared documents for one call, read from the store on first use."""

        async def load(name: str) -> tuple[dict[str, Any], int]:
            return self.store.load(self.slug, "shared", name), self._versions.get(
                ("shared", name), 0
            )

        return Shared(self.slug, load, now=self.now, loop=asyncio.get_running_loop())

    def _save(self, changed: list[tuple[Scope, str, State, int]]) -> None:
        """Keep the states a call changed, each one version on from the one it loaded."""
        for scope, key, state, version in changed:
            self.store.save(self.slug, scope, key, state.to_dict())
            self._versions[(scope, key)] = version + 1

    @property
    def now(self) -> datetime:
        """The harness's clock: what ``context.now`` and ``shared.now`` say (see
        :meth:`advance`)."""
        return self._people.now

    def shared(self, name: str) -> dict[str, Any]:
        """A copy of the app's shared document ``name`` as saved (``{}`` if never)."""
        return self.store.load(self.slug, "shared", name)

    @property
    def last(self) -> Exchange:
        """The most recent exchange."""
        if not self.history:
            raise HarnessError("nothing has run yet")
        return self.history[-1]

    def person_id(self, person: str) -> str:
        """The pseudonymous id this app sees for ``person``."""
        return self._pseudonym("person", person)

    def conversation_id(self, conversation: str) -> str:
        """The id this app sees for ``conversation``."""
        return self._pseudonym("conversation", conversation)

    def person_state(self, person: str) -> dict[str, Any]:
        """The app's saved state for ``person``."""
        return self.store.load(self.slug, "person", self.person_id(person))

    def conversation_state(self, conversation: str) -> dict[str, Any]:
        """The app's saved state for ``conversation``."""
        return self.store.load(self.slug, "conversation", self.conversation_id(conversation))

    def grants(self, person: str) -> frozenset[str]:
        """The scopes ``person`` grants the app now."""
        found = self._people.people.get(person)
        return frozenset(found.granted) if found is not None else frozenset()

    def set_profile(
        self, person: str, *, display_name: str | None = None, phone: str | None = None
    ) -> None:
        """What ``person`` has set on their account (shown to the app only while granted)."""
        self._profiles[person] = Profile(display_name=display_name, phone=phone)

    def allow(self, ask: AskScope) -> Reply | Money | None:
        """Press Allow on souq's consent card for ``ask``: grant its scope and run the
        command again (its new reply; ``None`` when a button press asked)."""
        return self._call_sync(self.aallow(ask))

    async def aallow(self, ask: AskScope) -> Reply | Money | None:
        """The async form of :meth:`allow`."""
        asked = self._pending(ask)
        self.grant(asked.person, ask.scope)
        if asked.line is None:
            return None
        return await self.arun(
            asked.line, as_person=asked.person, in_conversation=asked.conversation
        )

    def deny(self, ask: AskScope) -> None:
        """Press Don't allow on souq's consent card for ``ask``: nothing is granted."""
        self._pending(ask)

    def _pending(self, ask: AskScope) -> _Asked:
        _found, asked = self._asked.get(id(ask), (None, None))
        if asked is None or _found is not ask:
            raise HarnessError(f"{ask!r} was not a reply of this harness's app")
        if asked.answered:
            raise HarnessError("that consent card was answered already")
        asked.answered = True
        return asked

    def run(
        self, line: str, *, as_person: str = "ana", in_conversation: str = "main"
    ) -> Reply | Money:
        """Type ``line`` (``/food menu roma``) and return the app's final reply."""
        return self._call_sync(
            self.arun(line, as_person=as_person, in_conversation=in_conversation)
        )

    def press(
        self, button: Button, *, as_person: str = "ana", in_conversation: str | None = None
    ) -> Reply | Update | Money:
        """Press a button of an earlier reply and return the app's final answer.

        ``in_conversation`` defaults to the conversation where the button was shown. The
        buttons of a business message the app delivered (:attr:`delivered`) are pressed
        by its recipient, in their chat with the app (:attr:`app_chat`), as on the host.
        """
        return self._call_sync(
            self.apress(button, as_person=as_person, in_conversation=in_conversation)
        )

    def pay(self, request: PaymentRequest) -> Reply | None:
        """Pay ``request`` as the person it was addressed to; returns the app's receipt."""
        return self._call_sync(self.apay(request))

    def decline(self, request: PaymentRequest) -> Reply | None:
        """Decline ``request`` as the person it was addressed to; returns the app's answer."""
        return self._call_sync(self.asettle(request, PaymentOutcome.DECLINED))

    def expire(self, request: PaymentRequest) -> Reply | None:
        """Let ``request`` expire unpaid; returns the app's answer."""
        return self._call_sync(self.asettle(request, PaymentOutcome.EXPIRED))

    def payment_of(self, request: PaymentRequest) -> HarnessPayment:
        """The harness's record of a request the app answered with."""
        for payment in self.payments.values():
            if payment.request is request:
                return payment
        raise HarnessError(f"{request!r} was not answered by this harness's app")

    async def apay(self, request: PaymentRequest) -> Reply | None:
        """The async form of :meth:`pay`."""
        return await self.asettle(request, PaymentOutcome.COMPLETED)

    async def asettle(self, request: PaymentRequest, outcome: PaymentOutcome) -> Reply | None:
        """Give ``request`` its ``outcome`` and call the app's ``souq_payment`` hook once."""
        payment = self.payment_of(request)
        if payment.outcome is not None:
            raise HarnessError(f"that request is already {payment.outcome}")
        payment.outcome = outcome
        event = PaymentEvent(
            outcome=outcome,
            payment_id=payment.payment_id,
            reference=request.reference,
            amount=request.amount,
            currency=request.currency,
            description=request.description,
        )
        exchange = await self._call(
            "souq_payment",
            {"event": event, "notifier": self.notifier},
            payment.person,
            payment.conversation,
            allow_update=False,
            allow_none=True,
        )
        final = exchange.final if exchange.replies else None
        assert final is None or isinstance(final, Text | Card | ListReply)
        return final

    async def arun(
        self, line: str, *, as_person: str = "ana", in_conversation: str = "main"
    ) -> Reply | Money:
        """The async form of :meth:`run`."""
        invocation = parse_invocation(line)
        topic = help_topic(invocation)
        slug = invocation.slug if topic is None else topic.slug
        if slug != self.slug:
            raise UsageError(f"This harness runs /{self.slug}, not /{slug}.")
        if topic is not None:
            reply: Reply = Text(format_topic_help(self.manifest, topic))
            self.history.append(Exchange(as_person, in_conversation, (reply,)))
            return reply
        assert invocation.command is not None  # a bare /APP is a help topic
        command = find_command(self.manifest, invocation.command)
        args = parse_arguments(self.slug, command, invocation.text)
        self._people.used(as_person, self.person_id(as_person))
        try:
            exchange = await self._call(
                "souq_command",
                {"command": command.name, "args": args},
                as_person,
                in_conversation,
                allow_update=False,
            )
        except UsageError as refusal:  # the handler refused what was typed, as the host shows it
            raise with_usage(refusal, self.slug, command) from refusal
        final = exchange.final
        assert not isinstance(final, Update)  # check_reply refuses updates for commands
        if isinstance(final, AskScope):
            self._asked[id(final)] = (final, _Asked(as_person, in_conversation, line))
        return final

    async def apress(
        self, button: Button, *, as_person: str = "ana", in_conversation: str | None = None
    ) -> Reply | Update | Money:
        """The async form of :meth:`press`."""
        shown_button, shown = self._shown.get(id(button), None) or self._delivered_with(button)
        if shown is None or shown_button is not button:
            raise HarnessError(f"{button!r} was not on a reply of this harness")
        if shown.private and as_person != shown.invoker:
            raise HarnessError(
                f"that card is private to {shown.invoker}; {as_person} cannot see it"
            )
        conversation = in_conversation or shown.conversation
        if conversation != shown.conversation:
            raise HarnessError(f"that card is in {shown.conversation}, not {conversation}")
        if self.manifest.action(button.action) is None:
            raise InvalidReply(self.slug, [f"button action {button.action!r} is not declared"])
        exchange = await self._call(
            "souq_action",
            {"action": button.action, "payload": button.payload},
            as_person,
            conversation,
            allow_update=True,
        )
        if isinstance(exchange.final, AskScope):
            self._asked[id(exchange.final)] = (
                exchange.final,
                _Asked(as_person, conversation, None),
            )
        return exchange.final

    async def _call(
        self,
        hook: str,
        kwargs: dict[str, Any],
        person: str,
        conversation: str,
        *,
        allow_update: bool,
        allow_none: bool = False,
    ) -> Exchange:
        """Call the app as the host does; a call whose state another call (run side by
        side in an async test) saved meanwhile runs again on the fresh state."""
        for _attempt in range(STATE_ATTEMPTS):
            try:
                return await self._call_once(
                    hook,
                    kwargs,
                    person,
                    conversation,
                    allow_update=allow_update,
                    allow_none=allow_none,
                )
            except _Stale:
                continue
        raise Busy(is_busy(self.manifest.name))

    async def _call_once(
        self,
        hook: str,
        kwargs: dict[str, Any],
        person: str,
        conversation: str,
        *,
        allow_update: bool,
        allow_none: bool = False,
    ) -> Exchange:
        keys = {
            "person": self.person_id(person),
            "conversation": self.conversation_id(conversation),
        }
        loaded = {scope: self._versions.get((scope, key), 0) for scope, key in keys.items()}
        context = Context(
            app=self.slug,
            person_id=self.person_id(person),
            conversation_id=self.conversation_id(conversation),
            person_state=State(self.person_state(person), app=self.slug, scope="person"),
            conversation_state=State(
                self.conversation_state(conversation), app=self.slug, scope="conversation"
            ),
            locale=self.locale,
            profile=self._profile_for(person),
            grants=self.grants(person),
            shared=self._shared(),
        )
        try:
            result, stream = await first_answer(
                self._pm,
                self.app,
                hook,
                deadline=Deadline(self.timeout),
                workers=self._workers,
                context=context,
                **kwargs,
            )
        except TimeoutError:
            raise TimedOut(self.manifest.name, f"no answer within {self.timeout:g} s") from None
        except StopAsyncIteration:
            raise InvalidReply(self.slug, ["the reply stream yielded nothing"]) from None
        replies: list[Reply | Update | Money] = []
        if stream is not None:
            replies.append(self._check(result, allow_update=allow_update))
            try:
                async with asyncio.timeout(self.stream_seconds):
                    async for step in stream:
                        replies.append(self._check(step, allow_update=allow_update))
            except TimeoutError:
                detail = f"stream over {self.stream_seconds:g} s"
                raise TimedOut(self.manifest.name, detail, tuple(replies)) from None
        elif result is not None or not allow_none:
            money = hook != "souq_payment"
            replies.append(self._check(result, allow_update=allow_update, allow_money=money))
        changed = [
            (state.scope, keys[state.scope], state, loaded[state.scope])
            for state in (context.person_state, context.conversation_state)
            if state.changed
        ]
        changed += [
            ("shared", name, doc, version) for name, doc, version in context.shared.changed()
        ]
        if any(
            self._versions.get((scope, key), 0) != version for scope, key, _, version in changed
        ):
            if stream is not None:  # the host stops a stream rather than overwrite the state
                raise HarnessError(f"{self.slug}: another call saved this stream's state meanwhile")
            raise _Stale
        if stream is None and replies:
            self._move_money(replies[-1], person, conversation)
        self._save(changed)
        exchange = Exchange(person, conversation, tuple(replies))
        self.history.append(exchange)
        self._remember_buttons(exchange)
        return exchange

    def _profile_for(self, person: str) -> Profile:
        """The profile fields ``person`` grants the app now."""
        return self._profiles.get(person, Profile()).seen_with(self.grants(person))

    def _check(
        self, value: object, *, allow_update: bool, allow_money: bool = False
    ) -> Reply | Update | Money:
        return check_reply(value, self.manifest, allow_update=allow_update, allow_money=allow_money)

    def _move_money(self, reply: object, person: str, conversation: str) -> None:
        """Keep a payment request, or check and keep a refund, as the host would."""
        if isinstance(reply, Update):
            for follow_up in reply.then:
                self._move_money(follow_up, person, conversation)
        elif isinstance(reply, PaymentRequest):
            payment_id = f"pay-{len(self.payments) + 1}"
            self.payments[payment_id] = HarnessPayment(payment_id, reply, person, conversation)
        elif isinstance(reply, Refund):
            if any(r.key == reply.key for r in self.refunds):
                return
            payment = self.payments.get(reply.payment_id)
            if payment is None or payment.outcome != PaymentOutcome.COMPLETED:
                raise HarnessError(f"refund of {reply.payment_id!r}: no completed payment")
            amount = reply.amount or payment.request.amount - payment.refunded
            if amount <= 0 or payment.refunded + amount > payment.request.amount:
                raise HarnessError(
                    f"refund of {amount} on {reply.payment_id!r}: only "
                    f"{payment.request.amount - payment.refunded} is left to refund"
                )
            payment.refunded += amount
            self.refunds.append(reply)

    def _remember_buttons(self, exchange: Exchange) -> None:
        for answer in exchange.replies:
            shown_replies = [answer.reply, *answer.then] if isinstance(answer, Update) else [answer]
            for reply in shown_replies:
                if isinstance(reply, PaymentRequest | Refund | AskScope):
                    continue
                shown = _Shown(
                    invoker=exchange.person,
                    conversation=exchange.conversation,
                    private=reply.visibility == "private",
                )
                for button in buttons_of(reply):
                    self._shown[id(button)] = (button, shown)

    @property
    def app_chat(self) -> str:
        """The conversation where a person gets the app's business messages (their chat
        with the app), as the harness names it."""
        return f"chat with {self.slug}"

    def _delivered_with(self, button: Button) -> tuple[Button | None, _Shown | None]:
        """Where ``button`` was shown if it is on a business message the app delivered."""
        for delivery in self.delivered:
            if any(b is button for b in buttons_of(delivery.reply)):
                return button, _Shown(delivery.person, self.app_chat, private=True)
        return None, None

    def _pseudonym(self, kind: str, name: str) -> str:
        digest = hmac.new(_ID_KEY, f"{self.slug}\0{kind}\0{name}".encode(), hashlib.sha256)
        return digest.hexdigest()[:20]

    def _call_sync(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            with asyncio.Runner(loop_factory=VirtualTimeLoop if self.virtual_time else None) as r:
                return r.run(coroutine)
        coroutine.close()
        raise HarnessError("inside an event loop, use await harness.arun(...) / apress(...)")
