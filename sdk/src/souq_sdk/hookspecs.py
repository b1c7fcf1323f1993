"""The plugin contract between souq and its mini-apps.

Every hook souq calls is specified here, and each docstring is that hook's reference
documentation. An app is one pluggy plugin (a module of ``@hookimpl`` functions, or an
:class:`~souq_sdk.app.App` object), found through the ``souq`` entry-point group.

Conventions that hold for every hook:

- The host calls a hook on **one app only**, never on all of them, through
  :func:`souq_sdk.dispatch.call_app`: an app receives only what is addressed to it.
- Hooks are always called with keyword arguments, so a hook can gain an argument without
  breaking older apps; an implementation declares only the arguments it uses.
- An implementation may be sync or async. A sync one runs in a worker thread, so it
  cannot block the server. If the result is awaitable, it is awaited. If it is an async
  generator, it is a stream of replies: the first is shown at once as a progress reply,
  each later one updates it in place, and the last is the final reply.
"""

from __future__ import annotations

from typing import Any

import pluggy

from souq_sdk.context import Context
from souq_sdk.money import PaymentEvent
from souq_sdk.notices import Notifier
from souq_sdk.replies import Money, Reply, Update
from souq_sdk.shared import Shared

PROJECT_NAME = "souq"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def souq_manifest() -> dict[str, Any]:  # type: ignore[empty-body]
    """Describe the app: slug, name, version, summary, commands, actions and scopes.

    Called when the host loads the app (and by ``souq-sdk check``). Return the manifest's
    dict form (see :mod:`souq_sdk.manifest`); the host validates it with
    :func:`~souq_sdk.manifest.validate_manifest` and refuses to load an app whose manifest
    is invalid. An :class:`~souq_sdk.app.App` derives it from its decorated handlers.
    """


@hookspec
def souq_command(command: str, args: dict[str, Any], context: Context) -> Reply | Money:  # type: ignore[empty-body]
    """Answer one of the app's commands, such as ``/food menu roma``.

    ``command`` is a command name from the manifest. ``args`` holds the arguments the
    host parsed and converted with :func:`~souq_sdk.commands.parse_arguments`; optional
    arguments the person did not type are absent. ``context`` says who invoked it and
    where, and carries the app's state for that person and conversation.

    Return a reply (:class:`~souq_sdk.replies.Text`, ``Card`` or ``ListReply``), or
    yield several from an async generator to show progress first. An app with the
    ``payments.request`` scope may also return a :class:`~souq_sdk.replies.PaymentRequest`
    (the invoker is asked to pay) or a :class:`~souq_sdk.replies.Refund`.
    """


@hookspec
def souq_action(action: str, payload: dict[str, Any], context: Context) -> Reply | Update | Money:  # type: ignore[empty-body]
    """Answer a press on one of the app's buttons.

    ``action`` and ``payload`` are the button's, as the app put them on its reply.
    ``context`` is the person who pressed, in the conversation of the card.

    Return a new reply, :class:`~souq_sdk.replies.Update` to replace the card the
    button was on (with follow-up messages in its ``then``), or money (a
    ``PaymentRequest`` or a ``Refund``) as a command may. A stream may yield updates of
    the card at any point.
    """


@hookspec
def souq_payment(event: PaymentEvent, context: Context, notifier: Notifier) -> Reply | None:  # type: ignore[empty-body]
    """Learn what became of one of the app's payment requests.

    Called for each outcome of a request: ``completed`` (the person paid; the money is in
    the app's merchant account), ``declined`` or ``expired``. At least once: after a crash
    of the host (or a call slower than its outcome lease) the same outcome comes again,
    but the host keeps the reply and state changes of exactly one call, so the receipt is
    posted once; make effects outside the host idempotent by ``payment_id``.
    ``event.reference`` is the app's own; keep ``event.payment_id`` to refund later.
    ``context`` is the person the request was addressed to, in the conversation where it
    was shown, with the app's state for both.

    Return a reply to post there (a receipt; private to the payer unless it says
    ``public``), or ``None`` to say nothing. ``notifier`` (declare it only if you use it)
    sends business messages outside that conversation, as :func:`souq_event`'s does.
    """


@hookspec
def souq_event(  # type: ignore[empty-body]
    event: str, data: dict[str, Any], notifier: Notifier, shared: Shared
) -> dict[str, Any] | None:
    """Handle an event the app's operator or its own backend sent (a flight delayed, a
    transfer flagged): a signed ``POST /apps/SLUG/events/EVENT`` (see
    :mod:`souq_sdk.signing`) or ``souq apps event SLUG EVENT --data JSON``.

    ``event`` is one of the names the manifest lists under ``events``; ``data`` is the
    request's JSON object, as sent (check it yourself). ``notifier`` messages the people
    who used the app (:class:`~souq_sdk.notices.Notifier`): each message is delivered or
    refused with a reason, as those people allowed. The handler has the app's stream
    deadline (``SOUQ_APP_STREAM_SECONDS``), as an event may notify many people.
    ``shared`` holds the app's shared documents and the host's clock
    (:class:`~souq_sdk.shared.Shared`): documents it changed are saved once it returns;
    if another call saved one of them meanwhile, the handler runs again on the fresh
    documents (messages it delivered stay delivered: give them a ``key``).

    Return ``None`` or a small JSON object (a summary such as ``{"notified": 12}``),
    which is handed back to whoever sent the event.
    """


@hookspec
def souq_job(job: str, notifier: Notifier, shared: Shared) -> None:
    """Run one of the app's scheduled jobs (a reminder, a digest).

    ``job`` is one of the names the manifest lists under ``jobs``, each with its interval
    (``every``, in seconds, at least 60). The host runs each job of a serving app once
    per interval, across all its processes (not at exactly the second: at the first
    sweep after it is due). ``notifier`` messages the people who used the app, as in
    :func:`souq_event`, with the same deadline, and ``shared`` holds the app's shared
    documents, saved as an event's are. What the job returns is ignored.
    """
