"""An app's quality rating and the tier it sets (anchor: WhatsApp Business tiers).

The rating is the share of its business messages people reported as spam, over the
messages delivered in the last 7 days. The tier it sets caps how many distinct people the
app may message in one UTC day; a low rating also pauses its promotions. Too few messages
to judge (fewer than :data:`MIN_SAMPLE`) rate high: an app starts trusted and loses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from souq.db.models import AppDay

MIN_SAMPLE = 20
MEDIUM_FROM = 0.01
LOW_FROM = 0.03
WINDOW_DAYS = 7


class Quality(StrEnum):
    """How people receive an app's business messages."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True, slots=True)
class Standing:
    """An app's messaging standing now: its rating, the counts behind it, and its tier."""

    quality: Quality
    delivered: int
    reported: int
    daily_cap: int

    @property
    def promotions_paused(self) -> bool:
        """A low rating pauses promotions until it recovers."""
        return self.quality is Quality.LOW


def rating(delivered: int, reported: int) -> Quality:
    """The rating of ``reported`` spam reports over ``delivered`` messages."""
    if delivered < MIN_SAMPLE:
        return Quality.HIGH
    share = reported / delivered
    if share >= LOW_FROM:
        return Quality.LOW
    return Quality.MEDIUM if share >= MEDIUM_FROM else Quality.HIGH


def standing(session: Session, app: str, today: date, tiers: tuple[int, int, int]) -> Standing:
    """``app``'s standing from its last :data:`WINDOW_DAYS` days of counts."""
    first = today - timedelta(days=WINDOW_DAYS - 1)
    delivered, reported = session.execute(
        select(
            func.coalesce(func.sum(AppDay.delivered), 0),
            func.coalesce(func.sum(AppDay.reported), 0),
        ).where(AppDay.app_slug == app, AppDay.day >= first)
    ).one()
    quality = rating(int(delivered), int(reported))
    cap = dict(zip(Quality, tiers, strict=True))[quality]
    return Standing(quality, int(delivered), int(reported), cap)
