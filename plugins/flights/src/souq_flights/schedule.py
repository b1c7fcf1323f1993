"""The demo airline's timetable: a few daily flights between European airports.

Every flight flies every day, so "a flight tomorrow" always exists. Times are UTC (the
demo keeps one clock for everyone); prices are in euro cents, within the €100 the demo's
people start with. A :class:`Departure` is
one flight on one day, found by the flight's number and the date (``KL1234`` on
``2026-12-01``).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

CURRENCY = "EUR"
ROWS = 10
LETTERS = "ABCDEF"
SEATS = tuple(f"{row}{letter}" for row in range(1, ROWS + 1) for letter in LETTERS)
"""Every seat of the demo aircraft: 10 rows of A to F (A and F by the window)."""


@dataclass(frozen=True)
class Airport:
    """An airport the airline flies to, by its IATA code."""

    code: str
    city: str


@dataclass(frozen=True)
class Flight:
    """A daily flight: leaves ``origin`` at ``departs`` (UTC) and flies for ``duration``;
    ``price`` is in cents of :data:`CURRENCY`; ``gate`` is where it usually boards."""

    number: str
    origin: str
    destination: str
    departs: time
    duration: timedelta
    price: int
    gate: str


@dataclass(frozen=True)
class Departure:
    """One flight on one day."""

    flight: Flight
    day: date

    @property
    def departs(self) -> datetime:
        """When it leaves, as scheduled (UTC)."""
        return datetime.combine(self.day, self.flight.departs, UTC)

    @property
    def arrives(self) -> datetime:
        """When it lands, as scheduled (UTC)."""
        return self.departs + self.flight.duration

    @property
    def key(self) -> str:
        """The departure's name in documents and payloads: ``KL1234:2026-12-01``."""
        return f"{self.flight.number}:{self.day.isoformat()}"


AIRPORTS: tuple[Airport, ...] = (
    Airport("AMS", "Amsterdam"),
    Airport("LIS", "Lisbon"),
    Airport("CDG", "Paris"),
    Airport("FCO", "Rome"),
    Airport("LHR", "London"),
)

FLIGHTS: tuple[Flight, ...] = (
    Flight("KL1234", "AMS", "LIS", time(9, 30), timedelta(hours=2, minutes=55), 7900, "D7"),
    Flight("KL1641", "AMS", "LIS", time(18, 10), timedelta(hours=2, minutes=55), 5900, "D3"),
    Flight("KL1235", "LIS", "AMS", time(13, 25), timedelta(hours=2, minutes=50), 7900, "12"),
    Flight("KL1223", "AMS", "CDG", time(7, 15), timedelta(hours=1, minutes=15), 4900, "B13"),
    Flight("KL1224", "CDG", "AMS", time(9, 20), timedelta(hours=1, minutes=20), 4900, "F21"),
    Flight("KL1597", "AMS", "FCO", time(10, 45), timedelta(hours=2, minutes=20), 6900, "C9"),
    Flight("KL1598", "FCO", "AMS", time(14, 5), timedelta(hours=2, minutes=30), 6900, "E14"),
    Flight("KL1007", "AMS", "LHR", time(8, 0), timedelta(hours=1, minutes=15), 3900, "D2"),
    Flight("KL1008", "LHR", "AMS", time(10, 0), timedelta(hours=1, minutes=10), 3900, "A5"),
)


def airport(code: str) -> Airport | None:
    """The airport with that IATA code, ignoring case and spaces."""
    wanted = code.strip().upper()
    return next((a for a in AIRPORTS if a.code == wanted), None)


def airport_hint(code: str) -> str:
    """What to tell someone who typed an airport the airline does not fly to."""
    known = ", ".join(f"{a.code} ({a.city})" for a in AIRPORTS)
    by_city = next((a for a in AIRPORTS if a.city.casefold() == code.strip().casefold()), None)
    if by_city is not None:
        return f"Type the airport's code: {by_city.code} for {by_city.city}."
    close = difflib.get_close_matches(code.strip().upper(), [a.code for a in AIRPORTS], n=1)
    guess = f"Did you mean {close[0]}? " if close else ""
    return f"{guess}The airline flies to {known}."


def find_flight(number: str) -> Flight | None:
    """The flight with that number, ignoring case and spaces (``kl 1234``)."""
    wanted = "".join(number.split()).upper()
    return next((f for f in FLIGHTS if f.number == wanted), None)


def routes_from(origin: str) -> list[str]:
    """The airports with a flight from ``origin``, in timetable order."""
    return list(dict.fromkeys(f.destination for f in FLIGHTS if f.origin == origin))


def departures(origin: str, destination: str, day: date) -> list[Departure]:
    """The departures from ``origin`` to ``destination`` on ``day``, earliest first."""
    found = [f for f in FLIGHTS if (f.origin, f.destination) == (origin, destination)]
    return sorted((Departure(f, day) for f in found), key=lambda d: d.departs)


def find_departure(key: str) -> Departure | None:
    """The departure a key names (``KL1234:2026-12-01``), or None."""
    number, _, day = key.partition(":")
    found = find_flight(number)
    try:
        return Departure(found, date.fromisoformat(day)) if found else None
    except ValueError:
        return None
