"""How each app has been doing, from the host's call records."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

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
    quantiles = (
        statistics.quantiles(latencies, n=20, method="inclusive") if len(latencies) > 1 else None
    )
    return Health(
        calls=sum(counts.values()),
        errors=counts.get("error", 0),
        timeouts=counts.get("timeout", 0),
        invalid=counts.get("invalid", 0),
        p50_ms=statistics.median(latencies) if latencies else None,
        p95_ms=quantiles[18] if quantiles else (latencies[0] if latencies else None),
    )
