"""A clock tests move, for souq's services to read the time from (``Services.use_clock``)."""

from __future__ import annotations

from datetime import UTC, datetime


class Clock:
    """A clock the test moves; it starts at ``now`` (by default the real now: commands
    stamp real time)."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now
