"""Flights: an airline in chat. Find a flight, book it and pay without leaving the
conversation, check in with a few presses and get a boarding pass, and hear about delays
and gate changes in your chat with the app, if you allow it.

``/flights search AMS LIS`` lists the next departures with a Book button each;
``/flights book KL1234 2026-12-01 Ana Costa`` (or Book, which uses the name on your souq
account once you allow it) asks you to pay, and the paid booking comes back as a card
with its booking reference, Check in, and "Tell me about this flight", which asks souq
for your leave to message you. Check-in (from 30 hours to an hour before departure)
confirms the passenger, picks a seat and bags, then shows the boarding pass.

The airline's operations send events: ``delayed`` and ``gate`` (see
:mod:`souq_flights.alerts`). Each passenger of that departure who allowed it gets a
service message; souq refuses the others, and the app records every outcome.

Bookings live in each person's state and in a shared document per departure (see
:mod:`souq_flights.bookings`); every reply is private to the person who asked.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from souq_sdk import (
    App,
    AskScope,
    Button,
    Card,
    Context,
    Field,
    Item,
    ListReply,
    Notifier,
    PaymentEvent,
    PaymentOutcome,
    PaymentRequest,
    Rest,
    Shared,
    Text,
    Update,
    UsageError,
    format_amount,
)

from souq_flights import alerts, formats
from souq_flights.alerts import Status, leaves, status_document, status_of
from souq_flights.bookings import Booking, Bookings, Passengers, new_reference, passengers_document
from souq_flights.checkin import BAGS, boarding_code, boards_at, closes_at, opens_at, seat_choices
from souq_flights.schedule import (
    CURRENCY,
    FLIGHTS,
    Airport,
    Departure,
    airport,
    airport_hint,
    departures,
    find_departure,
    find_flight,
    routes_from,
)

BOOKS_AHEAD = timedelta(days=330)
"""How far ahead a flight can be booked."""
NOTIFY = "messages.notify"

app = App(
    slug="flights",
    name="Flights",
    summary="Find, book and check in for flights, and hear about delays",
    scopes=["payments.request", "messages.notify", "profile.name"],
)


@app.command()
def search(context: Context, origin: str, destination: str, day: date | None = None) -> ListReply:
    """Find flights between two airports, with a Book button for each.

    Without a date, shows the next departures (today's that are still open, and
    tomorrow's).

    Args:
        origin: the airport to leave from, such as AMS
        destination: the airport to fly to, such as LIS
        day: the day to fly, such as 2026-12-01
    """
    start, end = _airport(origin), _airport(destination)
    if start == end:
        raise UsageError(f"{start.code} to {end.code} goes nowhere: pick two airports.")
    today = context.now.date()
    if day is not None and not today <= day <= today + BOOKS_AHEAD:
        raise UsageError(f"Pick a day from today to {(today + BOOKS_AHEAD).isoformat()}.")
    days = [day] if day is not None else [today, today + timedelta(days=1)]
    trips = [t for d in days for t in departures(start.code, end.code, d)]
    if not trips:
        served = ", ".join(routes_from(start.code))
        raise UsageError(
            f"No flights from {start.code} to {end.code}. From {start.code}: {served}."
        )
    if day is None:
        trips = [t for t in trips if _open(context, t)]
    return ListReply(
        title=f"Flights {start.city} → {end.city}",
        items=tuple(_flight_item(context, t) for t in trips),
    )


@app.command()
def book(
    context: Context, flight: str, day: date, passenger: Rest = ""
) -> PaymentRequest | AskScope | Text:
    """Book a flight and pay for it; without a name, the name on your souq account.

    Args:
        flight: the flight, such as KL1234
        day: the day it flies, such as 2026-12-01
        passenger: the passenger's name as on their passport
    """
    found = find_flight(flight)
    if found is None:
        known = ", ".join(f.number for f in FLIGHTS)
        raise UsageError(f"No flight {flight!r}. The airline's flights: {known}.")
    return _booking(context, Departure(found, day), passenger)


@app.command()
def trips(context: Context) -> ListReply | Text:
    """Your bookings, with check-in and boarding passes."""
    shown = [
        b for b in Bookings(context.person_state).all() if b.departure.day >= context.now.date()
    ][:10]
    if not shown:
        return Text("You have no trips booked. Find a flight with /flights search AMS LIS.")
    return ListReply(title="Your trips", items=tuple(_trip_item(b) for b in shown))


@app.command()
def checkin(context: Context, reference: str) -> Card | Text:
    """Check in for a flight: confirm the passenger, pick a seat and bags, get the
    boarding pass (from 30 hours to an hour before departure).

    Args:
        reference: the booking reference, such as X7K2QP
    """
    return _check_in_start(context, reference)


@app.action("book")
def book_button(context: Context, departure: str) -> PaymentRequest | AskScope | Text:
    """Book the flight of the button, for the person on the souq account."""
    trip = find_departure(departure)
    if trip is None:
        return Text("That flight is no longer in the timetable. Search again.")
    return _booking(context, trip, "")


@app.action("checkin")
def checkin_button(context: Context, reference: str) -> Card | Text:
    """Start check-in for a booking (or show its boarding pass)."""
    return _check_in_start(context, reference)


@app.action("name")
def name_confirmed(context: Context, reference: str) -> Update | Text:
    """The passenger's name is right: on to the seat."""
    found = _checkable(context, reference)
    if not isinstance(found, tuple):
        return Update(found) if isinstance(found, Card) else found
    booking, _status = found
    passengers = Passengers(context.shared[passengers_document(booking.departure)])
    return Update(_seat_card(booking, passengers.free()))


@app.action("seat")
def seat_chosen(context: Context, reference: str, seat: str) -> Update | Text:
    """Take a seat (``any``: the frontmost free one): on to the bags."""
    found = _checkable(context, reference)
    if not isinstance(found, tuple):
        return Update(found) if isinstance(found, Card) else found
    booking, _status = found
    passengers = Passengers(context.shared[passengers_document(booking.departure)])
    free = passengers.free()
    if seat == "any" and not free:  # overbooked: the gate finds a seat
        return Update(_bags_card(booking))
    claimed = passengers.claim(booking, free[0] if seat == "any" else seat)
    if claimed is None:
        return Update(_seat_card(booking, free, taken=seat))
    _save(context, claimed)
    return Update(_bags_card(claimed))


@app.action("bags")
def bags_chosen(context: Context, reference: str, bags: int) -> Update | Text:
    """Record the checked bags and finish check-in: the boarding pass."""
    found = _checkable(context, reference)
    if not isinstance(found, tuple):
        return Update(found) if isinstance(found, Card) else found
    booking, status = found
    if bags not in BAGS:
        raise UsageError(f"Check in {', '.join(map(str, BAGS))} bags.")
    done = replace(booking, bags=bags, status="checked_in")
    _save(context, done)
    return Update(_boarding_pass(done, status))


@app.action("follow")
def follow(context: Context, reference: str) -> AskScope | Text:
    """Ask for leave to message the person about their flight (delays, gates)."""
    booking = Bookings(context.person_state).get(reference)
    if booking is None:
        return _unknown_booking(reference)
    what = f"{booking.departure.flight.number} on {formats.day(booking.departure.day)}"
    if NOTIFY not in context.grants:
        return AskScope(NOTIFY, f"to tell you about delays and gate changes of {what}")
    return Text(f"You will hear about {what} here, in your chat with Flights.")


@app.on_payment(PaymentOutcome.COMPLETED)
def paid(context: Context, event: PaymentEvent) -> Card | Text:
    """Book the passenger on the departure and answer with the booking card."""
    bookings = Bookings(context.person_state)
    booking = bookings.get(event.reference)
    if booking is None:
        return Text(
            f"Payment {event.payment_id} arrived for booking {event.reference}, which is not "
            "on your trips: ask the airline for your money back, quoting the payment."
        )
    if booking.status == "pending":
        booking = replace(booking, status="booked")
        bookings.put(booking, today=context.now.date())
        document = context.shared[passengers_document(booking.departure)]
        Passengers(document).add(booking, context.person_id)
    return _booking_card(booking, format_amount(event.amount, event.currency))


@app.on_payment(PaymentOutcome.DECLINED, PaymentOutcome.EXPIRED)
def unpaid(context: Context, event: PaymentEvent) -> Text:
    """Forget the unpaid booking and say so."""
    bookings = Bookings(context.person_state)
    booking = bookings.get(event.reference)
    why = (
        "You declined the payment"
        if event.outcome is PaymentOutcome.DECLINED
        else "The payment request expired"
    )
    if booking is None or booking.status != "pending":
        return Text(f"{why}: {event.description} is not booked.")
    bookings.drop(booking.reference)
    trip = booking.departure
    again = f"/flights book {trip.flight.number} {trip.day.isoformat()} {booking.name}"
    return Text(f"{why}: {trip.flight.number} is not booked. To book it again: {again}")


@app.event("delayed")
def delayed(notifier: Notifier, data: dict[str, Any], shared: Shared) -> dict[str, Any]:
    """Operations say a flight is late: tell its passengers (see :func:`alerts.delayed`)."""
    try:
        return alerts.delayed(notifier, data, shared)
    except alerts.BadEvent as error:
        return {"error": str(error)}


@app.event("gate")
def gate(notifier: Notifier, data: dict[str, Any], shared: Shared) -> dict[str, Any]:
    """Operations moved a flight to another gate: tell its passengers (see
    :func:`alerts.gate_changed`)."""
    try:
        return alerts.gate_changed(notifier, data, shared)
    except alerts.BadEvent as error:
        return {"error": str(error)}


def _airport(code: str) -> Airport:
    found = airport(code)
    if found is None:
        raise UsageError(f"The airline does not fly to {code!r}. {airport_hint(code)}")
    return found


def _status(context: Context, trip: Departure) -> Status:
    return status_of(context.shared[status_document(trip)], trip)


def _open(context: Context, trip: Departure) -> bool:
    """Whether a departure can still be booked and checked in for."""
    return context.now < closes_at(leaves(trip, _status(context, trip)))


def _flight_item(context: Context, trip: Departure) -> Item:
    status = _status(context, trip)
    seats = Passengers(context.shared[passengers_document(trip)]).seats_left()
    price = format_amount(trip.flight.price, CURRENCY)
    late = f" · delayed {formats.duration(timedelta(minutes=status.delay))}" * bool(status.delay)
    body = (
        f"{formats.day(trip.day)} · {formats.route(trip.flight)} · "
        f"{formats.duration(trip.flight.duration)} · {price}{late}"
    )
    if not _open(context, trip):
        return Item(title=_flight_title(trip), body=f"{body} · closed")
    if not seats:
        return Item(title=_flight_title(trip), body=f"{body} · full")
    return Item(
        title=_flight_title(trip),
        body=f"{body} · {seats} seats left",
        buttons=(Button(f"Book {price}", "book", {"departure": trip.key}),),
    )


def _flight_title(trip: Departure) -> str:
    return f"{trip.flight.number} · {formats.clock(trip.departs)} → {formats.clock(trip.arrives)}"


def _booking(context: Context, trip: Departure, typed: str) -> PaymentRequest | AskScope | Text:
    """The payment request of a new booking, or why there is none."""
    number, today = trip.flight.number, context.now.date()
    if trip.day > today + BOOKS_AHEAD:
        return Text(f"{number} can be booked up to {(today + BOOKS_AHEAD).isoformat()}.")
    if not _open(context, trip):
        return Text(
            f"{number} of {formats.day(trip.day)} can no longer be booked: booking closes "
            "an hour before departure."
        )
    if not Passengers(context.shared[passengers_document(trip)]).seats_left():
        return Text(f"{number} of {formats.day(trip.day)} is full. Try another flight.")
    name = " ".join(typed.split()) or context.profile.display_name
    if name is None:
        hint = f"/flights book {number} {trip.day.isoformat()} Ana Costa"
        return AskScope("profile.name", f"to put your name on the ticket (or type it: {hint})")
    if not 2 <= len(name) <= 40 or not all(c.isalpha() or c in " -'." for c in name):
        raise UsageError("A passenger's name is 2 to 40 letters, as on their passport.")
    booking = Booking(new_reference(), trip, name)
    Bookings(context.person_state).put(booking, today=today)
    return PaymentRequest(
        amount=trip.flight.price,
        currency=CURRENCY,
        description=(
            f"{number} {formats.route(trip.flight)}, {formats.day(trip.day)} "
            f"{formats.clock(trip.departs)}: {name}"
        ),
        reference=booking.reference,
    )


def _booking_card(booking: Booking, paid: str) -> Card:
    trip = booking.departure
    return Card(
        title=f"Booked: {trip.flight.number} to {formats.city(trip.flight.destination)}",
        body=f"Booking reference {booking.reference}. Check-in opens 30 hours before departure.",
        fields=(
            Field("Booking reference", booking.reference),
            Field("Passenger", booking.name),
            Field("Flight", f"{trip.flight.number} · {formats.route(trip.flight)}"),
            Field("Departs", f"{formats.day(trip.day)}, {formats.clock(trip.departs)}"),
            Field("Arrives", formats.clock(trip.arrives)),
            Field("Paid", paid),
        ),
        buttons=_trip_buttons(booking),
    )


def _trip_buttons(booking: Booking) -> tuple[Button, ...]:
    label = "Boarding pass" if booking.status == "checked_in" else "Check in"
    return (
        Button(label, "checkin", {"reference": booking.reference}),
        Button("Tell me about this flight", "follow", {"reference": booking.reference}),
    )


def _trip_item(booking: Booking) -> Item:
    trip = booking.departure
    state = f"checked in, seat {booking.seat}" if booking.status == "checked_in" else "booked"
    return Item(
        title=f"{trip.flight.number} · {formats.day(trip.day)} · {formats.clock(trip.departs)}",
        body=f"{formats.route(trip.flight)} · {booking.name} · {booking.reference} · {state}",
        buttons=_trip_buttons(booking),
    )


def _unknown_booking(reference: str) -> Text:
    return Text(f"You have no booking {reference!r}. /flights trips lists yours.")


def _checkable(context: Context, reference: str) -> tuple[Booking, Status] | Text | Card:
    """The booking and its departure's status while check-in is open; otherwise what to
    say: the boarding pass once checked in, or why check-in is not open."""
    booking = Bookings(context.person_state).get(reference)
    if booking is None or booking.status == "pending":
        return _unknown_booking(reference)
    trip = booking.departure
    status = _status(context, trip)
    if booking.status == "checked_in" and context.now < leaves(trip, status):
        return _boarding_pass(booking, status)
    if context.now < opens_at(trip):
        opens = opens_at(trip)
        return Text(
            f"Check-in for {trip.flight.number} opens 30 hours before departure: at "
            f"{formats.clock(opens)} on {formats.day(opens.date())} "
            f"({formats.wait(opens - context.now)})."
        )
    closed = closes_at(leaves(trip, status))
    if context.now >= closed:
        return Text(
            f"Check-in for {trip.flight.number} of {formats.day(trip.day)} closed at "
            f"{formats.clock(closed)}, an hour before departure."
        )
    return booking, status


def _check_in_start(context: Context, reference: str) -> Card | Text:
    found = _checkable(context, reference)
    if not isinstance(found, tuple):
        return found
    booking, _status = found
    trip = booking.departure
    return Card(
        title=f"Check in: {trip.flight.number} to {formats.city(trip.flight.destination)}",
        body="Step 1 of 3: is this the passenger's name exactly as on their passport?",
        fields=(
            Field("Passenger", booking.name),
            Field("Flight", f"{formats.day(trip.day)}, {formats.clock(trip.departs)}"),
        ),
        buttons=(Button("Yes, that's right", "name", {"reference": booking.reference}),),
    )


def _seat_card(booking: Booking, free: list[str], *, taken: str | None = None) -> Card:
    choices = seat_choices(free)
    note = f"{taken} was just taken. " if taken else ""
    body = f"Step 2 of 3: {note}pick a seat, or let us choose one for you."
    if not choices:
        body = "Step 2 of 3: every seat is taken; the gate will find you one."
    reference = {"reference": booking.reference}
    buttons = [Button(label, "seat", {**reference, "seat": seat}) for label, seat in choices]
    return Card(
        title=f"Check in: {booking.departure.flight.number} · seat",
        body=body,
        fields=(Field("Passenger", booking.name),),
        buttons=(
            *buttons,
            Button("Any seat" if choices else "Go on", "seat", {**reference, "seat": "any"}),
        ),
    )


def _bags_card(booking: Booking) -> Card:
    reference = {"reference": booking.reference}
    labels = {0: "No checked bag", 1: "1 bag", 2: "2 bags"}
    return Card(
        title=f"Check in: {booking.departure.flight.number} · bags",
        body="Step 3 of 3: a cabin bag is included. How many bags will you check in?",
        fields=(Field("Passenger", booking.name), Field("Seat", booking.seat or "at the gate")),
        buttons=tuple(Button(labels[n], "bags", {**reference, "bags": n}) for n in BAGS),
    )


def _boarding_pass(booking: Booking, status: Status) -> Card:
    trip = booking.departure
    leaving = leaves(trip, status)
    departs = formats.clock(leaving)
    if status.delay:
        departs += f" (delayed {formats.duration(timedelta(minutes=status.delay))})"
    bags = booking.bags or 0
    return Card(
        title=f"Boarding pass: {trip.flight.number}",
        body=f"{formats.route(trip.flight)} · {formats.day(trip.day)}. Show the code at the gate.",
        fields=(
            Field("Passenger", booking.name),
            Field("Gate", status.gate),
            Field("Seat", booking.seat or "at the gate"),
            Field("Boarding", formats.clock(boards_at(leaving))),
            Field("Departs", departs),
            Field("Bags", f"{bags} checked, 1 cabin"),
            Field("Code", boarding_code(booking)),
        ),
        buttons=(Button("Tell me about this flight", "follow", {"reference": booking.reference}),),
    )


def _save(context: Context, booking: Booking) -> None:
    Bookings(context.person_state).put(booking, today=context.now.date())
