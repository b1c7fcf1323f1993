"""Check-in rules: when it is open, which seats to offer, and what a boarding pass says.

Check-in opens 30 hours before the scheduled departure and closes an hour before the
departure (later, when the flight is delayed). Boarding starts 40 minutes before it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from souq_flights.bookings import Booking
from souq_flights.schedule import Departure

OPENS_BEFORE = timedelta(hours=30)
CLOSES_BEFORE = timedelta(hours=1)
BOARDING_BEFORE = timedelta(minutes=40)
BAGS = (0, 1, 2)
"""How many checked bags a passenger may choose (one cabin bag is always included)."""

_KINDS = (("Window", "AF"), ("Aisle", "CD"), ("Middle", "BE"))


def opens_at(trip: Departure) -> datetime:
    """When check-in opens for a departure."""
    return trip.departs - OPENS_BEFORE


def closes_at(leaves: datetime) -> datetime:
    """When check-in closes for a departure that leaves at ``leaves`` (delays included)."""
    return leaves - CLOSES_BEFORE


def boards_at(leaves: datetime) -> datetime:
    """When boarding starts for a departure that leaves at ``leaves``."""
    return leaves - BOARDING_BEFORE


def seat_choices(free: list[str]) -> list[tuple[str, str]]:
    """Up to three free seats to offer, the frontmost of each kind: (label, seat)."""
    choices = []
    for kind, letters in _KINDS:
        seat = next((s for s in free if s[-1] in letters), None)
        if seat is not None:
            choices.append((f"{kind} {seat}", seat))
    return choices


def boarding_code(booking: Booking) -> str:
    """The code printed on the boarding pass (the gate scans it): flight, day, seat and
    booking reference, such as ``KL1234-01DEC-3A-X7K2QP``."""
    day = booking.departure.day.strftime("%d%b").upper()
    return f"{booking.departure.flight.number}-{day}-{booking.seat}-{booking.reference}"
