"""Commands and button presses in conversations: the chat side of the mini-app host.

A message that starts with ``/`` is a command. The command line is stored first, as a
message private to whoever typed it (so a retry with the same client id finds it and
runs nothing again), then the app is called, and its reply becomes a message from the
app: public, or private to the invoker. An app receives only its own invocations and
its own button presses, and sees people and conversations only by pseudonymous ids.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import difflib
import logging
import time
import weakref
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Protocol

from souq_sdk.commands import (
    find_command,
    format_topic_help,
    format_usage,
    help_topic,
    parse_arguments,
    parse_invocation,
    with_usage,
)
from souq_sdk.context import Context, Profile, Scope, State
from souq_sdk.errors import InvalidReply, UsageError
from souq_sdk.manifest import CommandSpec
from souq_sdk.money import PaymentEvent, format_amount
from souq_sdk.notices import Notifier
from souq_sdk.replies import (
    AskScope,
    PaymentRequest,
    Refund,
    Reply,
    Text,
    Update,
    Visibility,
    check_reply,
)
from souq_sdk.shared import Shared
from souq_sdk.workers import STATE_ATTEMPTS
from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from souq.consent import grants
from souq.consent.pseudonyms import Pseudonyms
from souq.consent.relations import Relations
from souq.db.database import Database
from souq.db.models import ButtonPress, Conversation, Message, User, utcnow
from souq.errors import BadInput, DomainError, IdempotencyConflict
from souq.events.types import MessageRecord
from souq.payments.requests import Ask, open_request
from souq.payments.service import Payments, RefundAsk
from souq.services import text
from souq.services.accounts import Account
from souq.services.conversations import Conversations
from souq.services.messages import Messages, Outbox, append, revise
from souq.settings import Settings

from . import calls, consent_cards
from .calls import CallRecord
from .content import content, find_button, summary
from .registry import AppRegistry, LoadedApp
from .serving import Gate
from .state import CallState, StaleState, load_document, load_states

log = logging.getLogger("souq.apps")

MAX_REMEMBERED_CHATS = 10_000

Loaded = tuple[dict[Scope, str], dict[Scope, State], Profile, frozenset[str]]
"""The keys of a call (how the app sees the person and the conversation), its states,
and what the person grants the app now: the profile fields and the scopes."""

HOST = "souq"
"""The sender slug of the host's own replies (help, usage, failures)."""

MAX_SUGGESTIONS = 20

CALL_KINDS = {"souq_command": "command", "souq_action": "action", "souq_payment": "payment"}
"""How each hook's calls are recorded against the app."""


class Telling(Protocol):
    """A payment outcome being told to its app, as whoever tells it keeps track of it
    (:class:`souq.apps.outcomes.Outcomes`): the app may be told again after a crash, so
    its answer is stored only in the transaction that marks the outcome told."""

    def answered(self) -> None:
        """The app has answered; nothing of its answer is stored yet."""

    def take(self, session: Session) -> bool:
        """Mark the outcome told, inside the transaction that will store the answer;
        ``False`` if it was told already (then nothing else is stored)."""

    def keep(self, session: Session, receipt_id: int | None) -> None:
        """Record the message that answered the outcome (``None``: the app said nothing)."""


@dataclass(frozen=True)
class _AppCall:
    """A command line that names one of an app's commands, with valid arguments."""

    app: LoadedApp
    command: str
    args: dict[str, Any]


@dataclass(frozen=True)
class Suggestion:
    """A command a client can offer while someone types."""

    app: LoadedApp
    command: CommandSpec

    @property
    def usage(self) -> str:
        """The command's usage line."""
        return format_usage(self.app.slug, self.command)


def unavailable(app: LoadedApp) -> str:
    """What people read when an installed app may not be used (unreviewed or suspended)."""
    return f"{app.name} is not available right now."


_PROFILE = select(User.display_name, User.phone).where(User.id == bindparam("user_id"))


def _profile(session: Session, me: Account, granted: frozenset[str]) -> Profile:
    """The profile of ``me`` as an app granted ``granted`` sees it (read only if it sees
    any of it)."""
    if granted.isdisjoint(Profile.SCOPES):
        return Profile()
    row = session.connection().execute(_PROFILE, {"user_id": me.id}).one_or_none()
    if row is None:
        return Profile()
    return Profile(display_name=row.display_name, phone=row.phone).seen_with(granted)


class Invocations:
    """Runs commands typed in conversations and button presses on app messages."""

    def __init__(
        self,
        settings: Settings,
        db: Database,
        registry: AppRegistry,
        gate: Gate,
        conversations: Conversations,
        messages: Messages,
        payments: Payments,
        relations: Relations,
    ) -> None:
        self._settings = settings
        self._relations = relations
        self._chat_apps: dict[int, str | None] = {}
        self._payments = payments
        self._db = db
        self._registry = registry
        self._gate = gate
        self._conversations = conversations
        self._messages = messages
        self._pseudonyms = Pseudonyms(settings.secret())
        self._streams: set[asyncio.Task[None]] = set()
        self._locks: weakref.WeakValueDictionary[tuple[str, int], asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

    # -- sending ----------------------------------------------------------------------

    async def send(
        self, me: Account, conversation_id: int, body: str, client_message_id: str
    ) -> MessageRecord:
        """Send a message; a command also runs its app before this returns.

        Returns the stored message (for a command, the command line, private to ``me``);
        the app's first reply is committed by then and arrives as a message of its own.
        """
        self._messages.check(body, client_message_id)
        line = body.strip()
        if not line.startswith("/") and (chat_app := await self._chat_app(conversation_id)):
            line = f"/{chat_app} {line}"  # in a chat with an app, its commands need no prefix
        if not line.startswith("/"):
            message, _created = await self._messages.send(
                me, conversation_id, body, client_message_id
            )
            return message
        plan = await self._plan(line)
        if not isinstance(plan, _AppCall):
            line, created = await self._messages.send(
                me, conversation_id, body, client_message_id, private=True
            )
            if created:
                await self._host_reply(me, line, plan)
            return line
        loaded: dict[str, Any] = {}

        def load(session: Session) -> None:
            alias = self._relations.used(session, me.id, plan.app.slug, utcnow(), command=True)
            loaded["loaded"] = self.load(session, plan.app, me, conversation_id, alias=alias)

        async with self._one_at_a_time(plan.app, me):
            line, created = await self._messages.send(
                me, conversation_id, body, client_message_id, private=True, also=load
            )
            if created:
                await self._call(
                    me,
                    line,
                    plan.app,
                    "souq_command",
                    loaded=loaded["loaded"],
                    name=plan.command,
                    command=plan.command,
                    args=plan.args,
                )
        return line

    async def _chat_app(self, conversation_id: int) -> str | None:
        """The app of a person's chat with an app, or ``None`` for any other conversation
        (remembered: what a conversation is never changes)."""
        if conversation_id not in self._chat_apps:
            query = select(Conversation.app_slug).where(Conversation.id == conversation_id)
            if len(self._chat_apps) >= MAX_REMEMBERED_CHATS:
                self._chat_apps.clear()
            self._chat_apps[conversation_id] = await self._db.read(
                lambda s: s.scalar(query), point=True
            )
        return self._chat_apps[conversation_id]

    @contextlib.asynccontextmanager
    async def _one_at_a_time(self, app: LoadedApp, me: Account) -> AsyncIterator[None]:
        """Serialise this process's calls of ``app`` for one person: they share the
        person's state, and one person rarely runs two at once. Calls of different
        people in one conversation run side by side; their saves of the conversation's
        state are checked instead (see :mod:`souq.apps.state` and :meth:`_call`)."""
        async with self._locks.setdefault((app.slug, me.id), asyncio.Lock()):
            yield

    async def _plan(self, line: str) -> _AppCall | str:
        """What a command line asks for: an app's command with its arguments, or the
        host's answer (help, usage, a suggestion, "not available")."""
        try:
            invocation = parse_invocation(line)
        except UsageError as error:
            return str(error)
        topic = help_topic(invocation)
        if topic is None and invocation.slug == "help":
            return self._help_all(await self._gate.served())
        slug = invocation.slug if topic is None else topic.slug
        serving = await self._gate.check(slug)
        if serving is None:
            return self._unknown_app(slug, await self._gate.served())
        app = serving.app
        if app is None:
            return unavailable(serving.installed)
        try:
            if topic is not None:
                return format_topic_help(app.manifest, topic)
            assert invocation.command is not None  # a bare /APP is a help topic
            command = find_command(app.manifest, invocation.command)
            args = parse_arguments(app.slug, command, invocation.text)
        except UsageError as error:
            return str(error)
        return _AppCall(app, command.name, args)

    @staticmethod
    def _help_all(apps: list[LoadedApp]) -> str:
        if not apps:
            return "No apps are available."
        lines = ["Apps you can use here (type /help APP for its commands):"]
        for app in apps:
            commands = ", ".join(c.name for c in app.manifest.commands)
            lines.append(f"  /{app.slug}  {app.manifest.summary} ({commands})")
        return "\n".join(lines)

    @staticmethod
    def _unknown_app(slug: str, apps: list[LoadedApp]) -> str:
        known = [app.slug for app in apps]
        close = difflib.get_close_matches(slug, known, n=3, cutoff=0.5)
        hint = f" Did you mean {', '.join('/' + c for c in close)}?" if close else ""
        return f"There is no app /{slug}.{hint} Type /help for the list."

    # -- button presses ---------------------------------------------------------------

    async def press(
        self, me: Account, message_id: int, button_id: str, client_id: str
    ) -> MessageRecord:
        """Press a button on an app's message ``me`` can see; returns the resulting message
        (the app's new reply, or the card it updated). A retry with the same client id
        returns the first result and runs the app once."""
        text.key(client_id, "clientId")
        text.key(button_id, "buttonId")
        if not 1 <= len(client_id) <= 64:
            raise BadInput("clientId must be 1-64 characters", field="clientId")
        card = await self._messages.get(me, message_id)

        def earlier_press(session: Session) -> int | None:
            """The message a press with this client id resulted in, if it was made."""
            found = session.scalar(
                select(ButtonPress).where(
                    ButtonPress.user_id == me.id, ButtonPress.client_id == client_id
                )
            )
            if found is None:
                return None
            if (found.message_id, found.button_id) != (message_id, button_id):
                raise IdempotencyConflict(
                    "clientId was already used for another press", field="clientId"
                )
            return found.result_message_id or found.message_id

        # A retry answers from the record, even if the press changed the card since.
        if (earlier := await self._db.read(earlier_press)) is not None:
            return await self._messages.get(me, earlier)
        button = find_button(card.content, button_id) if card.app_slug is not None else None
        if button is None:
            raise BadInput("that message has no such button", field="buttonId")

        def reserve(session: Session) -> int | None:
            if (earlier := earlier_press(session)) is not None:
                return earlier
            session.add(
                ButtonPress(
                    user_id=me.id, client_id=client_id, message_id=message_id, button_id=button_id
                )
            )
            if card.app_slug not in (None, HOST):
                self._relations.used(session, me.id, card.app_slug, utcnow(), command=False)
            return None

        try:
            earlier = await self._messages.write(lambda session, _outbox: reserve(session))
        except IntegrityError:  # the same press, concurrently: it is being handled
            earlier = message_id
        if earlier is not None:
            return await self._messages.get(me, earlier)
        installed = self._registry.get(card.app_slug or "")
        if card.app_slug == HOST:  # souq's own card: a consent card, never routed to an app
            result = await self._consent(me, card, button)
        elif installed is None:
            result = await self._host_reply(me, card, f"{card.app_slug} is not available.")
        else:
            async with self._one_at_a_time(installed, me):
                # Asked at the last moment: a suspension stops presses on cards already shown.
                serving = await self._gate.check(installed.slug)
                app = serving.app if serving else None
                if app is None or app.manifest.action(button["action"]) is None:
                    result = await self._host_reply(me, card, unavailable(installed))
                else:
                    result = await self._call(
                        me,
                        card,
                        app,
                        "souq_action",
                        name=button["action"],
                        action=button["action"],
                        payload=dict(button.get("payload") or {}),
                    )
                    assert result is not None  # only a payment outcome may be told already

        def settle(session: Session) -> None:
            session.execute(
                update(ButtonPress)
                .where(ButtonPress.user_id == me.id, ButtonPress.client_id == client_id)
                .values(result_message_id=result.id)
            )

        await self._messages.write(lambda session, _outbox: settle(session))
        return result

    # -- calling an app and keeping what it answered ----------------------------------

    def load(
        self,
        session: Session,
        app: LoadedApp,
        me: Account,
        conversation_id: int,
        *,
        alias: str | None = None,
    ) -> Loaded:
        """Everything a call of ``app`` for ``me`` in ``conversation_id`` reads, in the
        caller's transaction: its keys (``me``'s id for the app, ``alias`` when the caller
        has just read it, changes when they ask it to forget them) and states, and the
        profile fields and scopes ``me`` grants it now. A call given what was loaded before
        it stores nothing if another call saved that state meanwhile; it runs again on a
        fresh load."""
        keys: dict[Scope, str] = {
            "person": alias or self._relations.alias_of(session, me.id, app.slug),
            "conversation": self._pseudonyms.conversation(app.slug, conversation_id),
        }
        granted = grants.scopes_in_force(session, me.id, app.slug)
        return keys, load_states(session, app.slug, keys), _profile(session, me, granted), granted

    async def tell_payment(
        self,
        payer: Account,
        card: MessageRecord,
        app: LoadedApp,
        event: PaymentEvent,
        telling: Telling,
        notifier: Notifier,
        *,
        loaded: Loaded | None = None,
    ) -> MessageRecord | None:
        """Tell ``app`` an outcome of its request shown on ``card``; its answer (a receipt)
        is posted as a reply to the card, in the transaction that marks the outcome told
        (see :class:`Telling`); ``notifier`` lets it message people outside that
        conversation; ``loaded`` is what :meth:`load` read for the payer there, if the
        caller read it already. Returns what this telling stored: the receipt, souq's note
        if the app failed, or the card if the app said nothing; ``None`` if the outcome
        had been told already, so nothing was stored (not even the app's state)."""
        async with self._one_at_a_time(app, payer):
            return await self._call(
                payer,
                card,
                app,
                "souq_payment",
                name=event.outcome.value,
                loaded=loaded,
                telling=telling,
                event=event,
                notifier=notifier,
            )

    async def _call(
        self,
        me: Account,
        source: MessageRecord,
        app: LoadedApp,
        hook: str,
        *,
        name: str,
        loaded: Loaded | None = None,
        telling: Telling | None = None,
        **kwargs: Any,
    ) -> MessageRecord | None:
        """:meth:`_call_once`; a call whose state another call saved after it was loaded
        stores nothing and runs again on the fresh state (at most :data:`STATE_ATTEMPTS`
        times; then the person is told to try again)."""
        for _attempt in range(STATE_ATTEMPTS):
            try:
                return await self._call_once(
                    me, source, app, hook, name=name, loaded=loaded, telling=telling, **kwargs
                )
            except StaleState:
                loaded = None
        if telling is not None:
            raise StaleState(f"{app.slug}: state kept changing while telling an outcome")
        busy = CallRecord(
            app_slug=app.slug,
            kind=CALL_KINDS[hook],
            name=name,
            user_id=me.id,
            outcome="busy",
            latency_ms=0.0,
            error=f"state saved by other calls meanwhile, {STATE_ATTEMPTS} times",
        )
        return await self._host_reply(me, source, calls.failure_text(app, "busy"), call=busy)

    async def _call_once(
        self,
        me: Account,
        source: MessageRecord,
        app: LoadedApp,
        hook: str,
        *,
        name: str,
        loaded: Loaded | None = None,
        telling: Telling | None = None,
        **kwargs: Any,
    ) -> MessageRecord | None:
        """Call ``app`` for ``me`` about ``source`` (a command line, a pressed card, or a
        payment request's card), with the app's state for them (loaded here unless the
        caller already has it). Returns the message the call resulted in: the app's reply,
        souq's note, or ``source`` itself when a payment hook chose to say nothing; for a
        payment outcome told already (``telling``), ``None``."""
        if loaded is None:
            loaded = await self._db.read(
                lambda session: self.load(session, app, me, source.conversation_id)
            )
        keys, states, profile, granted = loaded
        shared = Shared(
            app.slug,
            lambda name: self._db.read(lambda session: load_document(session, app.slug, name)),
            now=self._payments.clock(),
            loop=asyncio.get_running_loop(),
        )
        changes = CallState(app.slug, keys, states, shared)
        context = Context(
            app=app.slug,
            person_id=keys["person"],
            conversation_id=keys["conversation"],
            person_state=states["person"],
            conversation_state=states["conversation"],
            profile=profile,
            grants=granted,
            shared=shared,
        )
        pressed = hook == "souq_action"
        result = await calls.call(
            self._registry,
            app,
            hook,
            first_answer_within=self._settings.timeout_for(app.slug),
            allow_update=pressed,
            allow_money=telling is None,
            allow_none=telling is not None,
            context=context,
            **kwargs,
        )
        if telling is not None:
            telling.answered()
        record = CallRecord(
            app_slug=app.slug,
            kind=CALL_KINDS[hook],
            name=name,
            user_id=me.id,
            outcome=result.outcome,
            latency_ms=result.latency_ms,
            error=result.error,
        )
        reply = result.reply
        failure = result.failure
        command = app.manifest.command(name) if hook == "souq_command" else None
        if result.refusal is not None and command is not None:
            failure = str(with_usage(result.refusal, app.slug, command))
        if isinstance(reply, Refund):
            return await self._refund(me, source, app, reply, record, changes)

        def answer(session: Session, outbox: Outbox) -> MessageRecord:
            """Store what the app answered (inside the transaction that records the call)."""
            if reply is None and result.failure is None:  # a payment hook said nothing
                changes.save(session)
                return source
            if reply is None:
                return self._note(session, outbox, me, source, failure or "")
            changes.save(session)
            if isinstance(reply, AskScope):
                return self._ask(session, outbox, app, me, source, reply, rerun=command is not None)
            if isinstance(reply, Update):
                return self._update(session, outbox, app, me, source, reply)
            return self._post(session, outbox, app, me, source, reply)

        def store(session: Session, outbox: Outbox) -> MessageRecord | None:
            record.save(session)
            if telling is None:
                return answer(session, outbox)
            if not telling.take(session):  # told already: its receipt stands
                return None
            message = answer(session, outbox)
            telling.keep(session, None if message is source else message.id)
            return message

        message = await self._messages.write(store)
        if result.stream is not None:
            if message is None:
                await result.stream.aclose()  # type: ignore[attr-defined]
            else:
                pressed = source if hook == "souq_action" else None
                task = asyncio.create_task(
                    self._stream(app, message, result.stream, changes, me, pressed, command)
                )
                self._streams.add(task)
                task.add_done_callback(self._streams.discard)
        return message

    async def _refund(
        self,
        me: Account,
        source: MessageRecord,
        app: LoadedApp,
        refund: Refund,
        record: CallRecord,
        changes: CallState,
    ) -> MessageRecord:
        """Make an app's refund; the payer is told where they paid. The invoker gets that
        notice if it is theirs to see here, else a note from souq."""
        ask = RefundAsk(
            app_slug=app.slug,
            app_name=app.name,
            payment_id=refund.payment_id,
            amount=refund.amount,
            reason=refund.reason,
            key=refund.key,
        )

        def give(session: Session, outbox: Outbox) -> Any:
            done = self._payments.refund_in(session, outbox, ask)
            record.save(session)
            changes.save(session)
            return done

        try:
            done = await self._messages.write(give)
        except DomainError as refusal:
            failed = dataclasses.replace(
                record, outcome="error", error=f"refund refused: {refusal.message}"[:500]
            )
            text = f"{app.name} could not make that refund: {refusal.message}"
            return await self._host_reply(me, source, text, call=failed)
        payment = done.payment
        if (
            not done.repeated
            and done.message_id is not None
            and (payment.payer_id, payment.conversation_id) == (me.id, source.conversation_id)
        ):
            return await self._messages.get(me, done.message_id)
        what = "was already refunded" if done.repeated else "is refunded"
        amount = format_amount(done.amount, payment.currency)
        return await self._host_reply(me, source, f"{amount} of {payment.description} {what}.")

    def _post(
        self,
        session: Session,
        outbox: Outbox,
        app: LoadedApp,
        me: Account,
        source: MessageRecord,
        reply: Reply | PaymentRequest,
    ) -> MessageRecord:
        """Post an app's reply (or open its payment request) in answer to ``source``, for
        ``me`` (inside the caller's transaction)."""
        if isinstance(reply, PaymentRequest):
            ask = Ask(
                app_slug=app.slug,
                app_name=app.name,
                amount=reply.amount,
                currency=reply.currency,
                description=reply.description,
                reference=reply.reference,
                expires_in=reply.expires_in,
                public=reply.visibility == Visibility.PUBLIC,
            )
            return open_request(session, outbox, ask, me, source, self._payments.clock())
        visible_to = None if reply.visibility == Visibility.PUBLIC else me.id
        message = append(
            session,
            source.conversation_id,
            invoker=me,
            app_slug=app.slug,
            body=summary(reply),
            content=content(reply),
            visible_to=visible_to,
            reply_to_id=source.id,
        )
        outbox.posted(session, message)
        return message

    @staticmethod
    def _ask(
        session: Session,
        outbox: Outbox,
        app: LoadedApp,
        me: Account,
        source: MessageRecord,
        ask: AskScope,
        *,
        rerun: bool,
    ) -> MessageRecord:
        """Post souq's consent card for an app's ask, private to ``me`` (see
        :mod:`souq.apps.consent_cards`)."""
        card = consent_cards.card(app.slug, app.name, ask, source.id, rerun=rerun)
        body, data = consent_cards.stored(card)
        return Invocations._note(session, outbox, me, source, body, content=data)

    async def _consent(
        self, me: Account, card: MessageRecord, button: dict[str, Any]
    ) -> MessageRecord:
        """Answer souq's consent ``card`` as ``me`` pressed ``button``: Allow grants the
        scope (if the app's approved version still asks for it) and runs the command
        again; Don't allow grants nothing. Once answered, a card changes no more."""
        asked = consent_cards.asked(button)
        serving = await self._gate.check(asked.app)
        app = serving.app if serving else None
        allow = button["action"] == consent_cards.ALLOW
        name = app.name if app else asked.app
        what = consent_cards.what(asked.scope)
        if not allow:
            text = f"You did not allow {name} to {what}. Nothing was shared."
        elif app is None or asked.scope not in app.manifest.scopes:
            allow = False
            text = f"{name} no longer asks for this, so nothing was granted."
        else:
            text = f"You allowed {name} to {what}. You can revoke it in your settings."

        def decide(session: Session, outbox: Outbox) -> MessageRecord | None:
            row = session.get(Message, card.id, with_for_update=True)
            if row is None or consent_cards.answered(row.content):
                return None  # answered by an earlier press: nothing changes
            if allow:
                assert app is not None
                self._relations.used(session, me.id, app.slug, utcnow(), command=asked.rerun)
                grants.grant(
                    session,
                    me.id,
                    app.slug,
                    asked.scope,
                    via=grants.Via.CONSENT_CARD,
                    asked_for=app.manifest.scopes,
                    now=utcnow(),
                )
            data = consent_cards.outcome(row.content or {}, text)
            return revise(session, outbox, card.id, body=card.body, content=data)

        updated = await self._messages.write(decide)
        if updated is None:
            return await self._messages.get(me, card.id)
        if not (allow and asked.rerun):
            return updated
        source = await self._messages.get(me, asked.source_id)
        line = source.body.strip()
        if not line.startswith("/"):
            line = f"/{asked.app} {line}"  # typed in the person's chat with the app
        plan = await self._plan(line)
        if not isinstance(plan, _AppCall):
            return await self._host_reply(me, updated, plan)
        async with self._one_at_a_time(plan.app, me):
            result = await self._call(
                me,
                source,
                plan.app,
                "souq_command",
                name=plan.command,
                command=plan.command,
                args=plan.args,
            )
        assert result is not None  # only a payment outcome may be told already
        return result

    def _update(
        self,
        session: Session,
        outbox: Outbox,
        app: LoadedApp,
        me: Account,
        card: MessageRecord,
        update: Update,
    ) -> MessageRecord:
        """Replace the pressed ``card`` and post the update's follow-ups in answer to it, in
        the caller's transaction: all of it is stored, or none. Returns the updated card."""
        updated = self._replace(session, outbox, card.id, update.reply)
        for follow_up in update.then:
            self._post(session, outbox, app, me, updated, follow_up)
        return updated

    def _replace(
        self, session: Session, outbox: Outbox, message_id: int, reply: Reply
    ) -> MessageRecord:
        """Update an app's message in place (it keeps its visibility)."""
        return revise(session, outbox, message_id, body=summary(reply), content=content(reply))

    async def _host_reply(
        self, me: Account, source: MessageRecord, text: str, *, call: CallRecord | None = None
    ) -> MessageRecord:
        """A private answer from souq itself (help, usage, an app's failure)."""

        def deliver(session: Session, outbox: Outbox) -> MessageRecord:
            if call is not None:
                call.save(session)
            return self._note(session, outbox, me, source, text)

        return await self._messages.write(deliver)

    @staticmethod
    def _note(
        session: Session,
        outbox: Outbox,
        me: Account,
        source: MessageRecord,
        text: str,
        *,
        content: dict[str, Any] | None = None,
    ) -> MessageRecord:
        """Post souq's private answer to ``source`` for ``me`` (inside the caller's
        transaction): text, or a card of souq's own (``content``)."""
        message = append(
            session,
            source.conversation_id,
            invoker=me,
            app_slug=HOST,
            body=text,
            content=content,
            visible_to=me.id,
            reply_to_id=source.id,
        )
        outbox.posted(session, message)
        return message

    # -- slow work: a stream of replies -----------------------------------------------

    async def _stream(
        self,
        app: LoadedApp,
        message: MessageRecord,
        stream: AsyncIterator[Any],
        changes: CallState,
        me: Account,
        pressed: MessageRecord | None = None,
        command: CommandSpec | None = None,
    ) -> None:
        """Update the progress message with each later reply, within the stream ceiling.

        A stream answering a press (``pressed``, the card) may also yield updates of that
        card at any point; its plain replies go to its progress message, which the first
        of them posts if the stream began with an update. A :class:`UsageError` raised on
        the way answers ``me`` as it would at the start."""
        started = time.perf_counter()
        outcome, error = "ok", None
        refusal: UsageError | None = None
        progress = None if pressed is not None and message.id == pressed.id else message
        try:
            async with asyncio.timeout(self._settings.app_stream_seconds):
                async for value in stream:
                    reply = check_reply(value, app.manifest, allow_update=pressed is not None)

                    def step(
                        session: Session,
                        outbox: Outbox,
                        reply: Reply | Update = reply,
                        shown: MessageRecord | None = progress,
                    ) -> MessageRecord | None:
                        changes.save(session)
                        if isinstance(reply, Update):
                            assert pressed is not None  # check_reply refuses it otherwise
                            self._update(session, outbox, app, me, pressed, reply)
                            return shown
                        if shown is None:
                            assert pressed is not None
                            return self._post(session, outbox, app, me, pressed, reply)
                        return self._replace(session, outbox, shown.id, reply)

                    progress = await self._messages.write(step)
        except TimeoutError:
            outcome, error = "timeout", f"stream over {self._settings.app_stream_seconds:g} s"
        except InvalidReply as invalid:
            outcome, error = "invalid", str(invalid)[:500]
        except UsageError as refused:
            outcome = "usage"
            refusal = with_usage(refused, app.slug, command) if command else refused
        except Exception as failure:
            log.warning("app %s failed while streaming", app.slug, exc_info=failure)
            outcome, error = "error", repr(failure)[:500]
        finally:
            with contextlib.suppress(Exception):
                await stream.aclose()  # type: ignore[attr-defined]
        latency = (time.perf_counter() - started) * 1000
        if refusal is not None:
            await self._host_reply(me, message, str(refusal))
        elif outcome != "ok":
            failure = calls.failure_text(app, outcome)

            def fail(session: Session, outbox: Outbox) -> None:
                if progress is None:  # only updates so far: souq says it beside the card
                    assert pressed is not None
                    self._note(session, outbox, me, pressed, failure)
                else:
                    self._replace(
                        session, outbox, progress.id, Text(f"{progress.body}\n\n{failure}")
                    )

            await self._messages.write(fail)
        record = CallRecord(
            app_slug=app.slug,
            kind="stream",
            name="stream",
            user_id=me.id,
            outcome=outcome,
            latency_ms=latency,
            error=error,
        )
        await self._messages.write(lambda session, _outbox: record.save(session))

    async def close(self) -> None:
        """Stop streams still running."""
        for task in list(self._streams):
            task.cancel()
        await asyncio.gather(*self._streams, return_exceptions=True)

    # -- discovery for clients --------------------------------------------------------

    async def suggestions(self, me: Account, conversation_id: int, prefix: str) -> list[Suggestion]:
        """Commands matching what ``me`` has typed so far (``/``, ``/fo``, ``/food m``)."""
        await self._conversations.get(me, conversation_id)
        typed = " ".join(prefix.lower().split())
        if not typed.startswith("/"):
            return []
        found = []
        for app in await self._gate.served():
            for command in app.manifest.commands:
                line = f"/{app.slug} {command.name}"
                if line.startswith(typed) or typed.startswith(line + " ") or typed == line:
                    found.append(Suggestion(app, command))
        return found[:MAX_SUGGESTIONS]
