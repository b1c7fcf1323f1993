"""A person's bookings and tickets, in the app's person state::

    {"requests": 3,                                     # payment requests made so far
     "bookings": {"dune-20261201-1900:3": {"show": "dune-20261201-1900",
                                           "seats": ["A5", "A6"], "amount": 2300}},
     "tickets": {"T-7KQ2MX4D": {"show": "dune-20261201-1900", "seats": ["A5", "A6"],
                                "amount": 2300, "payment": "<payment id>",
                                "status": "paid"}},
     "refunds_due": {"<payment id>": "dune-20261201-1900:4"}}

A booking is a payment request waiting for its outcome; its reference (``<show id>:<n>``)
is the request's. Paying it makes a ticket, whose code comes from the payment id, so a
payment hook told twice about one payment makes the same ticket. Only the last
:data:`MAX_TICKETS` tickets are kept.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from souq_sdk import State

MAX_TICKETS = 20
MAX_BOOKINGS = 10


class TicketStatus(StrEnum):
    """Whether a ticket still lets its holder in."""

    PAID = "paid"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Booking:
    """Seats of one showing that a payment request asks to pay for."""

    reference: str
    show: str
    seats: tuple[str, ...]
    amount: int


@dataclass(frozen=True)
class Ticket:
    """Seats of one showing, paid by ``payment``."""

    code: str
    show: str
    seats: tuple[str, ...]
    amount: int
    payment: str
    status: TicketStatus


def ticket_code(payment_id: str) -> str:
    """The ticket code of a payment: ``T-`` and 8 letters or digits, the same every time."""
    digest = hashlib.sha256(payment_id.encode()).digest()
    return "T-" + base64.b32encode(digest).decode()[:8]


class Bookings:
    """Reads and writes one person's bookings and tickets; saved with the call."""

    def __init__(self, state: State) -> None:
        self.state = state

    def book(self, show: str, seats: list[str], amount: int) -> Booking:
        """Record a new payment request for ``seats`` and return it (with its reference)."""
        number = int(self.state.get("requests", 0)) + 1
        self.state.set("requests", number)
        booking = Booking(f"{show}:{number}", show, tuple(seats), amount)
        bookings = self.state.get("bookings", {})
        bookings[booking.reference] = {"show": show, "seats": seats, "amount": amount}
        self.state.set("bookings", dict(list(bookings.items())[-MAX_BOOKINGS:]))
        return booking

    def booking(self, reference: str) -> Booking | None:
        """The booking a payment request's reference names, while it awaits its outcome."""
        data = self.state.get("bookings", {}).get(reference)
        if data is None:
            return None
        return Booking(reference, data["show"], tuple(data["seats"]), data["amount"])

    def settle(self, reference: str) -> None:
        """Forget a booking whose payment has its outcome."""
        bookings = self.state.get("bookings", {})
        bookings.pop(reference, None)
        self.state.set("bookings", bookings)

    def issue(self, booking: Booking, payment_id: str) -> Ticket:
        """Make (or find again) the ticket of a paid booking."""
        code = ticket_code(payment_id)
        tickets = self.state.get("tickets", {})
        tickets.setdefault(
            code,
            {
                "show": booking.show,
                "seats": list(booking.seats),
                "amount": booking.amount,
                "payment": payment_id,
                "status": TicketStatus.PAID.value,
            },
        )
        self.state.set("tickets", dict(list(tickets.items())[-MAX_TICKETS:]))
        ticket = self.ticket(code)
        assert ticket is not None
        return ticket

    def ticket(self, code: str) -> Ticket | None:
        """The person's ticket with that code (any case), or None."""
        code = code.strip().upper()
        data = self.state.get("tickets", {}).get(code)
        return None if data is None else _ticket(code, data)

    def tickets(self) -> list[Ticket]:
        """Every ticket kept, the newest first."""
        return [_ticket(c, d) for c, d in reversed(self.state.get("tickets", {}).items())]

    def cancel(self, code: str) -> None:
        """Mark a ticket cancelled."""
        tickets = self.state.get("tickets", {})
        tickets[code]["status"] = TicketStatus.CANCELLED.value
        self.state.set("tickets", tickets)

    def owe_refund(self, payment_id: str, reference: str) -> None:
        """Record a payment that bought nothing: its money is due back."""
        due = self.state.get("refunds_due", {})
        due[payment_id] = reference
        self.state.set("refunds_due", due)

    def refund_due(self, payment_id: str) -> str | None:
        """The booking of a payment whose money is due back, or None."""
        due: str | None = self.state.get("refunds_due", {}).get(payment_id)
        return due


def _ticket(code: str, data: dict[str, Any]) -> Ticket:
    return Ticket(
        code,
        data["show"],
        tuple(data["seats"]),
        data["amount"],
        data["payment"],
        TicketStatus(data["status"]),
    )
