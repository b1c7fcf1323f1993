"""How each app has been doing, from the host's call records."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from souq.db.models import AppCall

RECENT = 1000


@dataclass(frozen=True)
class Health:
    """An app's call counts by outcome, and latency over its recent calls."""

    calls: int
    errors: int
    timeouts: int
    invalid: int
    p50_ms: float | None
    p95_ms: float | None


def health(session: Session, slug: str) -> Health:
    """The health of app ``slug``."""
    counts = dict(
        session.execute(
            select(AppCall.outcome, func.count())
            .where(AppCall.app_slug == slug)
            .group_by(AppCall.outcome)
        ).all()
    )
    latencies = sorted(
        session.scalars(
            select(AppCall.latency_ms)
            .where(AppCall.app_slug == slug)
            .order_by(AppCall.id.desc())
            .limit(RECENT)
        )
    )
    return Health(
        calls=sum(counts.values()),
        errors=counts.get("error", 0),
        timeouts=counts.get("timeout", 0),
        invalid=counts.get("invalid", 0),
        p50_ms=statistics.median(latencies) if latencies else None,
        p95_ms=p95(latencies),
    )


def p95(latencies: list[float]) -> float | None:
    """The 95th percentile (inclusive method), or ``None`` without data."""
    if len(latencies) > 1:
        return statistics.quantiles(latencies, n=20, method="inclusive")[18]
    return latencies[0] if latencies else None


INVOKED = ("command", "action")
"""The kinds of call records that are a person's invocation."""


@dataclass(frozen=True)
class UsageDay:
    """One UTC day of an app's use: invocations (commands and button presses), the
    distinct people who made them, how many failed or timed out, and their p95 latency."""

    day: date
    invocations: int
    people: int
    errors: int
    timeouts: int
    p95_ms: float | None


def usage(session: Session, slug: str, since: datetime) -> list[UsageDay]:
    """App ``slug``'s use per day since ``since``, oldest first (days without use left out).

    Invocations are what people did: commands and button presses. A streamed reply's
    later updates belong to the invocation that started it, and calls the host makes on its
    own (telling an app of a payment's outcome) are no invocation; their failures and
    timeouts count all the same.
    """
    rows = session.execute(
        select(
            AppCall.kind, AppCall.user_id, AppCall.outcome, AppCall.latency_ms, AppCall.created_at
        ).where(AppCall.app_slug == slug, AppCall.created_at >= since)
    )
    days: dict[date, list[tuple[str, int | None, str, float]]] = defaultdict(list)
    for kind, user_id, outcome, latency, at in rows:
        days[at.astimezone(UTC).date()].append((kind, user_id, outcome, latency))
    found = []
    for day in sorted(days):
        calls = days[day]
        invocations = [c for c in calls if c[0] in INVOKED]
        found.append(
            UsageDay(
                day=day,
                invocations=len(invocations),
                people=len({c[1] for c in invocations if c[1] is not None}),
                errors=sum(c[2] in ("error", "invalid") for c in calls),
                timeouts=sum(c[2] == "timeout" for c in calls),
                p95_ms=p95(sorted(c[3] for c in invocations)),
            )
        )
    return found
