"""Bookings: each person's, in their person state, and each departure's passengers, in a
document shared by everyone who books it.

A person's state::

    {"bookings": {"X7K2QP": {"departure": "KL1234:2026-12-01", "name": "Ana Costa",
                             "status": "booked", "seat": "3A", "bags": 1}}}

``status`` is ``pending`` (asked to pay), ``booked`` (paid) or ``checked_in``. The
booking reference is also the reference of its payment request.

The passengers of one departure, in the shared document ``flight:KL1234:2026-12-01``::

    {"passengers": {"X7K2QP": {"person": "3f9c0e...", "name": "Ana Costa", "seat": "3A"}}}

Events find who to tell there; check-in claims seats there, so two people pressing the
same free seat at once cannot both get it (the host runs the loser again on the saved
document, where the seat is taken).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Literal

from souq_sdk import State

from souq_flights.schedule import SEATS, Departure, find_departure

Status = Literal["pending", "booked", "checked_in"]

REFERENCE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Letters of a booking reference: no 0/O or 1/I to misread."""
KEPT_FOR = timedelta(days=7)
"""How long a departed flight's booking is kept in the person's state."""


def passengers_document(trip: Departure) -> str:
    """The shared document holding the passengers of a departure."""
    return f"flight:{trip.key}"


def new_reference() -> str:
    """A fresh six-letter booking reference, such as ``X7K2QP``."""
    return "".join(secrets.choice(REFERENCE_LETTERS) for _ in range(6))


@dataclass(frozen=True)
class Booking:
    """One booking of one person: a passenger on a departure."""

    reference: str
    departure: Departure
    name: str
    status: Status = "pending"
    seat: str | None = None
    bags: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The booking as it is kept in the person's state."""
        entry: dict[str, Any] = {
            "departure": self.departure.key,
            "name": self.name,
            "status": self.status,
        }
        if self.seat is not None:
            entry["seat"] = self.seat
        if self.bags is not None:
            entry["bags"] = self.bags
        return entry


class Bookings:
    """One person's bookings, read from and written to their state."""

    def __init__(self, state: State) -> None:
        self.state = state

    def get(self, reference: str) -> Booking | None:
        """The person's booking with that reference (any case), or None."""
        reference = reference.strip().upper()
        entry = self.state.get("bookings", {}).get(reference)
        trip = find_departure(entry["departure"]) if entry else None
        if entry is None or trip is None:
            return None
        return Booking(
            reference,
            trip,
            entry["name"],
            entry["status"],
            entry.get("seat"),
            entry.get("bags"),
        )

    def all(self) -> list[Booking]:
        """The person's paid bookings, the earliest departure first."""
        found = [self.get(reference) for reference in self.state.get("bookings", {})]
        paid = [b for b in found if b is not None and b.status != "pending"]
        return sorted(paid, key=lambda b: b.departure.departs)

    def put(self, booking: Booking, *, today: date) -> None:
        """Save a booking (new or changed), forgetting bookings of flights that left more
        than a week before ``today``."""
        entries: dict[str, Any] = self.state.get("bookings", {})
        entries = {
            reference: entry
            for reference, entry in entries.items()
            if (trip := find_departure(entry["departure"])) is not None
            and trip.day >= today - KEPT_FOR
        }
        entries[booking.reference] = booking.to_dict()
        self.state.set("bookings", entries)

    def drop(self, reference: str) -> None:
        """Forget a booking (a payment that was declined or expired)."""
        entries: dict[str, Any] = self.state.get("bookings", {})
        if entries.pop(reference, None) is not None:
            self.state.set("bookings", entries)


class Passengers:
    """The passengers of one departure, in its shared document."""

    def __init__(self, document: State) -> None:
        self.document = document

    def entries(self) -> dict[str, dict[str, Any]]:
        """Each passenger by booking reference: ``person``, ``name`` and maybe ``seat``."""
        entries: dict[str, dict[str, Any]] = self.document.get("passengers", {})
        return entries

    def seats_left(self) -> int:
        """How many more passengers the aircraft takes."""
        return max(len(SEATS) - len(self.entries()), 0)

    def people(self) -> dict[str, list[str]]:
        """Each person on board, with their booking references (a person may book twice)."""
        people: dict[str, list[str]] = {}
        for reference, entry in sorted(self.entries().items()):
            people.setdefault(entry["person"], []).append(reference)
        return people

    def add(self, booking: Booking, person: str) -> None:
        """Put a paid booking's passenger on the departure."""
        entries = self.entries()
        entries[booking.reference] = {"person": person, "name": booking.name}
        self.document.set("passengers", entries)

    def taken(self) -> set[str]:
        """The seats passengers hold."""
        return {e["seat"] for e in self.entries().values() if "seat" in e}

    def free(self) -> list[str]:
        """The free seats, front to back."""
        taken = self.taken()
        return [seat for seat in SEATS if seat not in taken]

    def claim(self, booking: Booking, seat: str) -> Booking | None:
        """Give the passenger ``seat`` (their own one back if they had one); None if
        someone else holds it."""
        entries = self.entries()
        entry = entries.get(booking.reference)
        if entry is None or seat not in SEATS:
            return None
        if entry.get("seat") != seat and seat in self.taken():
            return None
        entries[booking.reference] = {**entry, "seat": seat}
        self.document.set("passengers", entries)
        return replace(booking, seat=seat)
