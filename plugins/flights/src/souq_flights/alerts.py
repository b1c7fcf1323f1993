"""What the airline's operations tell the app (a delay, a gate change), and telling the
passengers of that departure.

An event names a flight and, optionally, the date of its departure; without one it is
the flight's next departure (the first that has not left at the event's ``now``). The
departure's status lives in a shared document only events write,
``status:KL1234:2026-12-01``::

    {"delay": 90, "gate": "D9", "alerts": 2}

Each alert sends one service message to each person on board and records how each went
(``delivered``, or souq's refusal code) in a document of its own, also written by
events only, ``alert:KL1234:2026-12-01:2``::

    {"kind": "delayed", "at": "2026-12-01T07:02:00+00:00", "minutes": 90,
     "outcomes": {"3f9c0e...": "delivered", "8a1b2c...": "not_opted_in"}}

Commands only read these documents, so an alert never makes a passenger's command run
again, nor the other way round.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from souq_sdk import Button, Card, Category, Delivered, Field, Notifier, Shared, State

from souq_flights import formats
from souq_flights.bookings import Passengers, passengers_document
from souq_flights.checkin import boards_at
from souq_flights.schedule import FLIGHTS, Departure, find_flight

MAX_DELAY = 24 * 60
"""The longest delay an event may announce, in minutes."""
GATE = re.compile(r"[A-Z]{0,2}[0-9]{1,3}[A-Z]?")
MAX_BUTTONS = 5
"""A card's most buttons: a person with more bookings on board gets buttons for five."""


class BadEvent(ValueError):
    """The event's data cannot be acted on; ``str(error)`` says why, for the sender."""


@dataclass(frozen=True)
class Status:
    """What operations said of one departure so far."""

    delay: int
    """Minutes late (0: on time)."""
    gate: str
    alerts: int
    """How many alerts were sent about it."""


def status_document(trip: Departure) -> str:
    """The shared document holding a departure's status."""
    return f"status:{trip.key}"


def status_of(document: State, trip: Departure) -> Status:
    """A departure's status as its document holds it (as scheduled if empty)."""
    return Status(
        delay=document.get("delay", 0),
        gate=document.get("gate", trip.flight.gate),
        alerts=document.get("alerts", 0),
    )


def leaves(trip: Departure, status: Status) -> datetime:
    """When a departure leaves, its delay included."""
    return trip.departs + timedelta(minutes=status.delay)


def delayed(notifier: Notifier, data: dict[str, Any], shared: Shared) -> dict[str, Any]:
    """Announce a delay: ``{"flight": "KL1234", "minutes": 90, "date": "2026-12-01"}``
    (``minutes`` late in all, counted from the scheduled departure; ``date`` optional)."""
    _known_keys(data, {"flight", "minutes", "date"})
    minutes = data.get("minutes")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_DELAY:
        raise BadEvent(f"minutes must be a whole number from 1 to {MAX_DELAY}, not {minutes!r}")
    trip, document = _departure(data, shared)
    before = status_of(document, trip)
    if before.delay == minutes:
        raise BadEvent(f"{trip.flight.number} of {trip.day} is {minutes} minutes late already")
    document.set("delay", minutes)
    after = status_of(document, trip)
    title = f"{trip.flight.number} to {formats.city(trip.flight.destination)} is delayed"
    body = (
        f"It now leaves at {formats.clock(leaves(trip, after))} instead of "
        f"{formats.clock(leaves(trip, before))} on {formats.day(trip.day)}. Boarding starts at "
        f"{formats.clock(boards_at(leaves(trip, after)))}, gate {after.gate}. Sorry for the wait."
    )
    return _tell(notifier, shared, trip, document, Card(title, body), "delayed", minutes=minutes)


def gate_changed(notifier: Notifier, data: dict[str, Any], shared: Shared) -> dict[str, Any]:
    """Announce a new gate: ``{"flight": "KL1234", "gate": "D9", "date": "2026-12-01"}``
    (``date`` optional)."""
    _known_keys(data, {"flight", "gate", "date"})
    gate = data.get("gate")
    if not isinstance(gate, str) or not GATE.fullmatch(gate.strip().upper()):
        raise BadEvent(f"gate must be a gate such as D9 or 12, not {gate!r}")
    trip, document = _departure(data, shared)
    before = status_of(document, trip)
    if before.gate == gate.strip().upper():
        raise BadEvent(f"{trip.flight.number} of {trip.day} boards at gate {before.gate} already")
    document.set("gate", gate.strip().upper())
    after = status_of(document, trip)
    title = (
        f"{trip.flight.number} to {formats.city(trip.flight.destination)}: new gate {after.gate}"
    )
    body = (
        f"Your flight of {formats.day(trip.day)} now boards at gate {after.gate} "
        f"(not {before.gate}), from {formats.clock(boards_at(leaves(trip, after)))}."
    )
    return _tell(notifier, shared, trip, document, Card(title, body), "gate", gate=after.gate)


def _tell(
    notifier: Notifier,
    shared: Shared,
    trip: Departure,
    status: State,
    card: Card,
    kind: str,
    **details: Any,
) -> dict[str, Any]:
    """Send ``card`` to each person on board, record each outcome in a new alert
    document, and sum them up for the sender. The alert's name keys each message, so a
    run that lost a race for its documents (and runs again) tells nobody twice."""
    number = status_of(status, trip).alerts + 1
    status.set("alerts", number)
    name = f"alert:{trip.key}:{number}"
    outcomes: dict[str, str] = {}
    for person, references in Passengers(shared[passengers_document(trip)]).people().items():
        message = Card(
            card.title,
            card.body,
            fields=(
                Field("Booking" if len(references) == 1 else "Bookings", ", ".join(references)),
            ),
            buttons=tuple(_pass_button(r, len(references)) for r in references[:MAX_BUTTONS]),
        )
        result = notifier.notify(person, message, category=Category.SERVICE, key=name)
        outcomes[person] = "delivered" if isinstance(result, Delivered) else str(result.code)
    alert = shared[name]
    alert.set("kind", kind)
    alert.set("at", shared.now.isoformat())
    for key, value in details.items():
        alert.set(key, value)
    alert.set("outcomes", outcomes)
    refused = Counter(code for code in outcomes.values() if code != "delivered")
    return {
        "alert": name,
        "flight": trip.flight.number,
        "date": trip.day.isoformat(),
        "delivered": len(outcomes) - sum(refused.values()),
        "refused": dict(sorted(refused.items())),
    }


def _pass_button(reference: str, bookings: int) -> Button:
    """The button that checks the passenger in, or shows their boarding pass."""
    label = "Check in or boarding pass" if bookings == 1 else f"{reference}: check in or pass"
    return Button(label, "checkin", {"reference": reference})


def _known_keys(data: dict[str, Any], known: set[str]) -> None:
    unknown = sorted(set(data) - known)
    if unknown:
        raise BadEvent(f"unknown keys {unknown}: the data takes {sorted(known)}")


def _departure(data: dict[str, Any], shared: Shared) -> tuple[Departure, State]:
    """The departure the event names, and its status document; it must not have left."""
    number = data.get("flight")
    found = find_flight(number) if isinstance(number, str) else None
    if found is None:
        known = ", ".join(f.number for f in FLIGHTS)
        raise BadEvent(f"flight must be one of the airline's flights ({known}), not {number!r}")
    if "date" not in data:
        today = shared.now.date()
        for day in (today - timedelta(days=1), today):  # yesterday's may be late enough
            trip = Departure(found, day)
            document = shared[status_document(trip)]
            if leaves(trip, status_of(document, trip)) > shared.now:
                return trip, document
        trip = Departure(found, today + timedelta(days=1))
        return trip, shared[status_document(trip)]
    try:
        trip = Departure(found, date.fromisoformat(data["date"]))
    except (TypeError, ValueError):
        raise BadEvent(f"date must be a date such as 2026-12-01, not {data['date']!r}") from None
    document = shared[status_document(trip)]
    gone = leaves(trip, status_of(document, trip))
    if gone <= shared.now:
        raise BadEvent(f"{trip.flight.number} of {trip.day.isoformat()} left at {gone.isoformat()}")
    return trip, document
