"""How the app writes days, times, routes and durations for people."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from souq_flights.schedule import Flight, airport


def day(when: date) -> str:
    """``Tue 1 Dec 2026``."""
    return f"{when:%a} {when.day} {when:%b %Y}"


def clock(when: datetime) -> str:
    """``09:30 UTC``."""
    return f"{when:%H:%M} UTC"


def city(code: str) -> str:
    """The city of an airport code (the code itself if unknown)."""
    found = airport(code)
    return found.city if found else code


def route(flight: Flight) -> str:
    """``Amsterdam AMS → Lisbon LIS``."""
    return (
        f"{city(flight.origin)} {flight.origin} → {city(flight.destination)} {flight.destination}"
    )


def duration(span: timedelta) -> str:
    """``2h55`` (or ``45 min`` under an hour)."""
    minutes = int(span.total_seconds()) // 60
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}" if hours else f"{minutes} min"


def wait(span: timedelta) -> str:
    """How long until something, roughly: ``in 5 hours``, ``in 2 days``, ``in 40 minutes``."""
    minutes = max(int(span.total_seconds()) // 60, 1)
    if minutes < 120:
        return f"in {minutes} minute{'s' * (minutes != 1)}"
    if minutes < 48 * 60:
        return f"in {minutes // 60} hours"
    return f"in {minutes // (24 * 60)} days"
