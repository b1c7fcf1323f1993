"""The line a person reads under a business message: why souq let it through."""

from __future__ import annotations

from datetime import datetime, timedelta

from souq_sdk.notices import Basis, Category

WHAT = {
    Category.SERVICE: "service messages",
    Category.PROMOTION: "promotions",
}


def ago(span: timedelta) -> str:
    """``span`` in words, rounded down: "5 minutes", "2 hours", "1 day"."""
    minutes = int(span.total_seconds() // 60)
    for unit, size in (("day", 1440), ("hour", 60), ("minute", 1)):
        if minutes >= size:
            count = minutes // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return "less than a minute"


def why(
    app_name: str,
    category: Category,
    basis: Basis,
    since: datetime,
    delivered_at: datetime,
    window: timedelta,
) -> str:
    """Why a ``category`` message from ``app_name`` reached its recipient (``window``: how
    long after a person's last command an app may send them service messages)."""
    if basis is Basis.GRANTED:
        return f"You allowed {app_name} to send you {WHAT[category]} on {since:%-d %b %Y}."
    return (
        f"You used {app_name} {ago(delivered_at - since)} before this message; an app may "
        f"send you service messages for {ago(window)} after you use it."
    )
