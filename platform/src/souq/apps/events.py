"""Apps acting outside a command: events their backend sends, and their scheduled jobs.

Both run the app's hook (``souq_event``, ``souq_job``) with a
:class:`~souq.apps.notices.HostNotifier`, under the stream deadline
(``SOUQ_APP_STREAM_SECONDS``: an event may notify many people), and are recorded as
calls of the app (kinds ``event`` and ``job``, with no person).

A job's due times live in ``app_jobs``, one row per (app, job). Running one starts with
a lease: one conditional update that finds the job due and nobody's lease running, moves
its next due time on by its interval and gives the lease to a fresh token. So processes
sharing a database run each due time once, and a process that dies mid-job does not
hold the job past its lease.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from souq_sdk.dispatch import first_answer
from souq_sdk.shared import Shared
from souq_sdk.workers import STATE_ATTEMPTS, Deadline
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from souq.db.database import Database
from souq.db.dialects import dialect_insert
from souq.db.models import AppJob, Clock, utcnow
from souq.errors import Conflict, NotFound

from .calls import CallRecord
from .notices import HostNotifier, Notices
from .registry import AppRegistry, LoadedApp
from .serving import Gate
from .state import StaleState, load_document, save_shared

log = logging.getLogger("souq.apps")

MAX_SUMMARY_BYTES = 4096
"""The largest summary an event handler may hand back to the sender."""

_jobs = AppJob.__table__.c


@dataclass(frozen=True)
class Ran:
    """How one event or job went: ``ok``, ``error``, ``timeout``, ``invalid`` (a summary
    that is not a small JSON object) or ``busy`` (its shared documents kept changing under
    it), with the handler's summary when ``ok``."""

    outcome: str
    summary: dict[str, Any] | None = None
    error: str | None = None


class AppEvents:
    """Runs apps' events and their due scheduled jobs."""

    def __init__(
        self,
        db: Database,
        registry: AppRegistry,
        gate: Gate,
        notices: Notices,
        *,
        limit_seconds: float,
        clock: Clock = utcnow,
    ) -> None:
        self._db = db
        self._registry = registry
        self._gate = gate
        self._notices = notices
        self._limit = limit_seconds
        self.clock = clock

    async def send(self, slug: str, event: str, data: dict[str, Any]) -> Ran:
        """Run ``slug``'s handler of ``event`` with ``data``. Not found for an app that is
        not installed or an event it does not declare; a conflict for an app that is not
        serving (suspended or awaiting review)."""
        serving = await self._gate.check(slug)
        if serving is None:
            raise NotFound(f"no app {slug!r}", field="slug")
        app = serving.app
        if app is None:
            raise Conflict(f"{slug} is not serving now ({serving.status})", field="slug")
        if event not in app.manifest.events:
            raise NotFound(f"{slug} declares no event {event!r}", field="event")
        return await self._run(app, "souq_event", "event", event, event=event, data=data)

    async def run_due_jobs(self) -> int:
        """Run every due job of every serving app once (those leased by no one else);
        returns how many ran."""
        ran = 0
        for app in await self._gate.served():
            for spec in app.manifest.jobs:
                if await self._db.write(
                    lambda s, a=app, j=spec: self._lease(s, a, j.name, j.every)
                ):
                    await self._run(app, "souq_job", "job", spec.name, job=spec.name)
                    ran += 1
        return ran

    def _lease(self, session: Session, app: LoadedApp, job: str, every: int) -> bool:
        """Whether this process took ``job``'s due time (first seen: due now)."""
        now = self.clock()
        session.execute(
            dialect_insert(session, AppJob.__table__)
            .values(app_slug=app.slug, job=job, next_at=now)
            .on_conflict_do_nothing()
        )
        taken = session.execute(
            update(AppJob.__table__)
            .where(
                _jobs.app_slug == app.slug,
                _jobs.job == job,
                _jobs.next_at <= now,
                or_(_jobs.claimed_until.is_(None), _jobs.claimed_until <= now),
            )
            .values(
                next_at=now + timedelta(seconds=every),
                claimed_by=secrets.token_hex(16),
                claimed_until=now + timedelta(seconds=self._limit),
            )
        )
        return taken.rowcount == 1

    async def next_due(self, slug: str, job: str) -> datetime | None:
        """When ``slug``'s ``job`` is next due (``None``: it has not run yet)."""
        query = select(AppJob.next_at).where(AppJob.app_slug == slug, AppJob.job == job)
        return await self._db.read(lambda s: s.scalar(query))

    async def _run(self, app: LoadedApp, hook: str, kind: str, name: str, **kwargs: Any) -> Ran:
        notifier = HostNotifier(self._notices, app.slug, asyncio.get_running_loop())
        started = time.perf_counter()
        deadline = Deadline(self._limit)
        try:
            ran = await self._run_saving(app, hook, notifier, deadline, **kwargs)
        except TimeoutError:
            ran = Ran("timeout", error=f"no answer within {self._limit:g} s")
        except Exception as error:
            log.warning("app %s failed in %s %s", app.slug, kind, name, exc_info=error)
            ran = Ran("error", error=repr(error)[:500])
        latency = (time.perf_counter() - started) * 1000
        await self._record(app, kind, name, ran, latency)
        return ran

    async def _run_saving(
        self,
        app: LoadedApp,
        hook: str,
        notifier: HostNotifier,
        deadline: Deadline,
        **kwargs: Any,
    ) -> Ran:
        """Run the hook and save the shared documents it changed; a run whose documents
        another call saved meanwhile runs again on the fresh ones (all within one
        deadline, at most :data:`STATE_ATTEMPTS` times)."""
        for _attempt in range(STATE_ATTEMPTS):
            shared = Shared(
                app.slug,
                lambda doc: self._db.read(lambda session: load_document(session, app.slug, doc)),
                now=self.clock(),
                loop=asyncio.get_running_loop(),
            )
            summary, stream = await first_answer(
                self._registry.pm,
                app.plugin,
                hook,
                deadline=deadline,
                workers=app.workers,
                notifier=notifier,
                shared=shared,
                **kwargs,
            )
            if stream is not None:
                await stream.aclose()
                return Ran("invalid", error="a stream, where a summary was expected")
            if hook == "souq_event" and (problem := _summary_problem(summary)) is not None:
                return Ran("invalid", error=problem)
            try:
                await self._db.write(lambda session, s=shared: save_shared(session, app.slug, s))
            except StaleState:
                continue
            return Ran("ok", summary if hook == "souq_event" else None)
        return Ran(
            "busy", error=f"shared documents saved by other calls meanwhile, {STATE_ATTEMPTS} times"
        )

    async def _record(self, app: LoadedApp, kind: str, name: str, ran: Ran, latency: float) -> None:
        record = CallRecord(
            app_slug=app.slug,
            kind=kind,
            name=name,
            user_id=None,
            outcome=ran.outcome,
            latency_ms=latency,
            error=ran.error,
        )
        await self._db.write(record.save)


def _summary_problem(summary: object) -> str | None:
    """Why an event handler's answer cannot be handed back to the sender, if it cannot."""
    if summary is None:
        return None
    if not isinstance(summary, dict):
        return f"the summary is a {type(summary).__name__}, not a JSON object"
    try:
        size = len(json.dumps(summary).encode())
    except (TypeError, ValueError) as error:
        return f"the summary is not JSON: {error}"
    if size > MAX_SUMMARY_BYTES:
        return f"the summary is {size} bytes; at most {MAX_SUMMARY_BYTES}"
    return None
