"""Calling an app safely: a deadline, validation of what it returns, and a verdict.

Whatever an app does (raise, hang, return garbage), the caller gets a :class:`Call`
that says what to show the person and what to record against the app.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from souq_sdk.dispatch import first_answer
from souq_sdk.errors import InvalidReply, UsageError
from souq_sdk.replies import Money, Reply, Update, check_reply
from souq_sdk.workers import Deadline, did_not_answer, is_busy
from sqlalchemy import insert
from sqlalchemy.orm import Session

from souq.db.models import AppCall, utcnow
from souq.observability import metrics, tracing

from .registry import AppRegistry, LoadedApp

_RECORD = insert(AppCall.__table__)

log = logging.getLogger("souq.apps")


@dataclass
class Call:
    """The outcome of one call of an app.

    ``reply`` is the validated answer (the first one, for a stream, whose remaining
    replies are in ``stream``); on failure it is ``None`` and ``failure`` is the message
    for the person (a hook that may answer nothing succeeds with no reply and no
    failure). ``outcome`` is ``ok``, ``error``, ``timeout``, ``invalid`` or ``usage``:
    the app refused what the person typed by raising ``refusal`` (a
    :class:`~souq_sdk.errors.UsageError`), which is no fault of the app.
    """

    app: LoadedApp
    outcome: str
    latency_ms: float
    reply: Reply | Update | Money | None = None
    stream: AsyncIterator[Any] | None = None
    failure: str | None = None
    error: str | None = None
    refusal: UsageError | None = None


def failure_text(app: LoadedApp, outcome: str) -> str:
    """What the person reads when ``app`` failed."""
    if outcome == "timeout":
        return did_not_answer(app.name)
    if outcome == "busy":  # other calls kept saving its state first: no fault of the app
        return is_busy(app.name)
    if outcome == "invalid":
        return f"{app.name} answered with something souq cannot show, try again later."
    return f"{app.name} ran into a problem, try again."


async def call(
    registry: AppRegistry,
    app: LoadedApp,
    hook: str,
    *,
    first_answer_within: float,
    allow_update: bool = False,
    allow_money: bool = False,
    allow_none: bool = False,
    **kwargs: Any,
) -> Call:
    """Call ``hook`` of ``app`` with ``kwargs``; the first answer must come within
    ``first_answer_within`` seconds of the app's own time (see :mod:`souq_sdk.workers`:
    waiting for a worker thread does not count). ``allow_update``, ``allow_money`` and
    ``allow_none`` say which answers besides a plain reply are valid for this hook."""
    command = kwargs.get("command") if hook == "souq_command" else None
    with tracing.app_call(app.slug, hook, command) as span:
        result = await _call(
            registry,
            app,
            hook,
            first_answer_within=first_answer_within,
            allow_update=allow_update,
            allow_money=allow_money,
            allow_none=allow_none,
            **kwargs,
        )
        if span is not None:
            span.set_attribute("souq.app.outcome", result.outcome)
    return result


async def _call(
    registry: AppRegistry,
    app: LoadedApp,
    hook: str,
    *,
    first_answer_within: float,
    allow_update: bool,
    allow_money: bool,
    allow_none: bool,
    **kwargs: Any,
) -> Call:
    started = time.perf_counter()
    deadline = Deadline(first_answer_within)

    def verdict(outcome: str, error: str | None = None, **found: Any) -> Call:
        latency = (time.perf_counter() - started) * 1000
        failure = failure_text(app, outcome) if outcome != "ok" else None
        return Call(app, outcome, latency, failure=failure, error=error, **found)

    try:
        result, stream = await first_answer(
            registry.pm, app.plugin, hook, deadline=deadline, workers=app.workers, **kwargs
        )
        if result is None and allow_none and stream is None:
            return verdict("ok")
        reply = check_reply(
            result,
            app.manifest,
            allow_update=allow_update,
            allow_money=allow_money and stream is None,
        )
    except TimeoutError:
        if deadline.waited_out:
            return verdict("timeout", f"no worker free within {first_answer_within:g} s")
        return verdict("timeout", f"no answer within {first_answer_within:g} s")
    except UsageError as refusal:
        latency = (time.perf_counter() - started) * 1000
        return Call(app, "usage", latency, failure=str(refusal), refusal=refusal)
    except (InvalidReply, StopAsyncIteration) as error:
        log.warning("app %s returned an invalid reply to %s: %s", app.slug, hook, error)
        return verdict("invalid", str(error)[:500])
    except Exception as error:
        log.warning("app %s failed in %s", app.slug, hook, exc_info=error)
        return verdict("error", repr(error)[:500])
    return verdict("ok", reply=reply, stream=stream)


@dataclass(frozen=True)
class CallRecord:
    """One call of an app, as recorded against it (making one counts it in the metrics:
    a call run again on fresh state counts again)."""

    app_slug: str
    kind: str
    name: str
    user_id: int | None
    """The person the call was for (``None``: an event or a scheduled job)."""
    outcome: str
    latency_ms: float
    error: str | None

    def __post_init__(self) -> None:
        metrics.app_call(self.app_slug, self.kind, self.outcome, self.latency_ms)

    def save(self, session: Session) -> None:
        """Record the call (inside the transaction that keeps its outcome)."""
        session.connection().execute(_RECORD, {**vars(self), "created_at": utcnow()})
