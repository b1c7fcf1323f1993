"""Who has which seat of one showing, in the app's shared document ``show:<show id>``.

Every person booking the showing reads and writes the same document; the host saves a
call's changes only if nobody saved the document since the call loaded it, and runs the
call again on the fresh document otherwise. So "is A5 free? then hold it" is atomic: of
two people pressing A5 at once, exactly one holds it and the other's call sees it taken.

The document has one key per seat that is not free::

    {"A5": {"by": "<person id>", "until": "2026-12-01T18:05:00+00:00"},          # held
     "A6": {"by": "<person id>", "until": "...", "payment": "dune-20261201-1900:3"},  # paying
     "B2": {"ticket": "T-7KQ2MX4D"}}                                             # sold

A hold lasts :data:`HOLD` from the press (and again from asking to pay). A hold past its
``until`` is free for everyone: it is checked lazily against the call's clock, and
dropped from the document the next time someone changes it. A sold seat keeps only its
ticket's code, not who bought it: the buyer's ticket is in their own person state, and
a shared document is no place for what souq's "forget me" could not clear.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from souq_sdk import State

HOLD = timedelta(minutes=5)
MAX_HELD = 6
"""Most seats one person may hold for one showing at a time."""


def document(show_id: str) -> str:
    """The name of a showing's shared document: ``show:dune-20261201-1900``."""
    return f"show:{show_id}"


class SeatStatus(StrEnum):
    """Where a seat stands, for the person asking."""

    FREE = "free"
    MINE = "mine"
    """Held by the person asking (not paid yet)."""
    HELD = "held"
    """Held by someone else, until their hold expires or they pay."""
    SOLD = "sold"


def seat_order(label: str) -> tuple[str, int]:
    """Sort key of a seat label: by row, then by number (``A2`` before ``A10``)."""
    return label[0], int(label[1:])


class Seating:
    """Reads and changes one showing's seats at the call's ``now``."""

    def __init__(self, doc: State, now: datetime) -> None:
        self.doc = doc
        self.now = now

    def status(self, seat: str, person: str) -> SeatStatus:
        """The seat's status for ``person``."""
        entry = self._entry(seat)
        if entry is None:
            return SeatStatus.FREE
        if "ticket" in entry:
            return SeatStatus.SOLD
        return SeatStatus.MINE if entry["by"] == person else SeatStatus.HELD

    def taken(self) -> set[str]:
        """Every seat held (by anyone) or sold."""
        return {seat for seat in self.doc if self._entry(seat) is not None}

    def held_by(self, person: str) -> list[str]:
        """The seats ``person`` holds and has not paid for, in seat order."""
        return sorted(
            (s for s in self.doc if self.status(s, person) is SeatStatus.MINE), key=seat_order
        )

    def until(self, seat: str) -> datetime | None:
        """When a held seat's hold ends (None for a free or sold seat)."""
        entry = self._entry(seat)
        return (
            None if entry is None or "ticket" in entry else datetime.fromisoformat(entry["until"])
        )

    def hold(self, seat: str, person: str) -> None:
        """Hold a free seat for ``person`` for :data:`HOLD`."""
        self._tidy()
        self.doc.set(seat, {"by": person, "until": (self.now + HOLD).isoformat()})

    def release(self, seats: list[str], person: str, payment: str | None = None) -> list[str]:
        """Free the seats ``person`` holds among ``seats`` (only those waiting for
        ``payment``, if given); returns the seats freed."""
        freed = []
        for seat in seats:
            entry = self._entry(seat)
            if (
                entry is not None
                and "ticket" not in entry
                and entry["by"] == person
                and payment in (None, entry.get("payment"))
            ):
                freed.append(seat)
        for seat in freed:
            self.doc.delete(seat)
        return freed

    def await_payment(self, seats: list[str], person: str, payment: str) -> None:
        """Keep ``person``'s holds on ``seats`` for :data:`HOLD` more, for ``payment``."""
        until = (self.now + HOLD).isoformat()
        for seat in seats:
            self.doc.set(seat, {"by": person, "until": until, "payment": payment})

    def can_sell(self, seats: list[str], person: str) -> bool:
        """Whether every seat is held by ``person`` or free (a hold that expired but that
        nobody else took still sells to the person who paid)."""
        return all(self.status(s, person) in (SeatStatus.MINE, SeatStatus.FREE) for s in seats)

    def sell(self, seats: list[str], ticket: str) -> None:
        """Sell ``seats`` for good, on ``ticket``."""
        self._tidy()
        for seat in seats:
            self.doc.set(seat, {"ticket": ticket})

    def give_back(self, ticket: str) -> list[str]:
        """Free the seats sold on ``ticket``; returns them."""
        seats = [s for s in self.doc if (self._entry(s) or {}).get("ticket") == ticket]
        for seat in seats:
            self.doc.delete(seat)
        return sorted(seats, key=seat_order)

    def _entry(self, seat: str) -> dict[str, Any] | None:
        """The seat's entry, or None if it is free (never taken, or its hold expired)."""
        entry: dict[str, Any] | None = self.doc.get(seat)
        if entry is None or "ticket" in entry:
            return entry
        return entry if datetime.fromisoformat(entry["until"]) > self.now else None

    def _tidy(self) -> None:
        """Drop holds that have expired, so the document stays small."""
        for seat in list(self.doc):
            if self._entry(seat) is None:
                self.doc.delete(seat)
