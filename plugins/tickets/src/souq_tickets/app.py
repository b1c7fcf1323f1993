"""Tickets: see what's on at the demo cinema, choose seats on a seat map, pay, and cancel
for a refund, without leaving the chat.

``/tickets films`` lists today's films with a button per showing; a showing's seat map has
a button per seat. Pressing a free seat holds it for five minutes in the showing's shared
document (see :mod:`souq_tickets.seating`), so two people can never hold the same seat;
"Pay for my seats" asks the presser to pay for the seats they hold. The payment makes a
private ticket card with a code; cancelling it before the showing starts refunds it.

In a group, ``/tickets group dune 19:00`` posts a public seat map: every member presses
their own seats and pays for them, and each press updates the map in place.
"""

from __future__ import annotations

from datetime import date

from souq_sdk import (
    App,
    Button,
    Card,
    Context,
    Field,
    Item,
    ListReply,
    PaymentEvent,
    PaymentOutcome,
    PaymentRequest,
    Refund,
    Text,
    Update,
    UsageError,
    format_amount,
)

from souq_tickets.bookings import Bookings, Ticket, TicketStatus
from souq_tickets.catalogue import (
    CURRENCY,
    FILMS,
    Film,
    Show,
    day_name,
    find_film,
    find_show,
    programme_days,
    show_at,
    shows_of,
    when,
)
from souq_tickets.seating import HOLD, MAX_HELD, Seating, SeatStatus, document
from souq_tickets.seatmap import seat_map

app = App(
    slug="tickets",
    name="Tickets",
    summary="Cinema tickets: what's on, choose your seats, pay and go",
    scopes=["payments.request"],
)


@app.command()
def films(context: Context, day: date | None = None) -> ListReply:
    """What's on: the films of a day, with a button per showing to choose seats.

    Args:
        day: the day, such as 2026-12-24 (default: today)
    """
    day = _on_sale(context, day)
    items = []
    for film in FILMS:
        open_shows = [s for s in shows_of(film, day) if s.starts > context.now]
        items.append(
            Item(
                title=film.title,
                body=f"{film.minutes} min · {film.rating} · "
                f"{format_amount(film.price, CURRENCY)} · /tickets times {film.id}"
                + ("" if open_shows else " · no more showings this day"),
                buttons=tuple(
                    Button(f"{s.starts:%H:%M} · {s.hall.name}", "map", {"show": s.id})
                    for s in open_shows
                ),
            )
        )
    return ListReply(title=f"What's on {day_name(day)}", items=tuple(items))


@app.command()
def times(context: Context, film: str, day: date | None = None) -> ListReply:
    """The showings of a film on a day, with the seats still free.

    Args:
        film: the film, such as dune or "perfect days"
        day: the day, such as 2026-12-24 (default: today)
    """
    found = _film(film)
    day = _on_sale(context, day)
    items = []
    for show in shows_of(found, day):
        free = show.hall.capacity - len(_seating(context, show).taken())
        started = show.starts <= context.now
        items.append(
            Item(
                title=f"{show.starts:%H:%M} · {show.hall.name}",
                body="Started: no longer on sale"
                if started
                else f"{free} of {show.hall.capacity} seats free",
                buttons=() if started else (Button("Choose seats", "map", {"show": show.id}),),
            )
        )
    return ListReply(title=f"{found.title} · {day_name(day)}", items=tuple(items))


@app.command()
def seats(context: Context, film: str, time: str, day: date | None = None) -> ListReply:
    """The seat map of a showing, for you: press seats to hold them, then pay.

    Args:
        film: the film, such as dune
        time: the showing's time, such as 19:00
        day: the day, such as 2026-12-24 (default: today)
    """
    show = _typed_show(context, film, time, day)
    return seat_map(show, _seating(context, show), context.person_id)


@app.command()
def group(context: Context, film: str, time: str, day: date | None = None) -> ListReply:
    """Post a showing's seat map for the whole conversation: each member presses their
    own seats and pays for them.

    Args:
        film: the film, such as dune
        time: the showing's time, such as 19:00
        day: the day, such as 2026-12-24 (default: today)
    """
    show = _typed_show(context, film, time, day)
    return seat_map(show, _seating(context, show), None)


@app.command()
def mine(context: Context) -> ListReply | Text:
    """Your tickets, newest first, with a Cancel button for those you can still cancel."""
    tickets = Bookings(context.person_state).tickets()[:10]
    if not tickets:
        return Text("You have no tickets yet. See what's on with /tickets films.")
    items = []
    for ticket in tickets:
        show = find_show(ticket.show)
        cancellable = (
            ticket.status is TicketStatus.PAID and show is not None and show.starts > context.now
        )
        items.append(
            Item(
                title=f"{ticket.code} · {show.name if show else ticket.show}",
                body=f"Seats {', '.join(ticket.seats)} · "
                f"{format_amount(ticket.amount, CURRENCY)} · {ticket.status.value}",
                buttons=(Button("Cancel", "cancel", {"code": ticket.code}),) if cancellable else (),
            )
        )
    return ListReply(title="Your tickets", items=tuple(items))


@app.command("cancel")
def cancel_command(context: Context, code: str) -> Refund | Text:
    """Cancel a ticket before its showing starts: you get your money back.

    Args:
        code: the ticket's code, such as T-7KQ2MX4D
    """
    return _cancel(context, code)


@app.action("map")
def show_map(context: Context, show: str) -> ListReply | Text:
    """Show a showing's seat map to the person who pressed."""
    found = find_show(show)
    if found is None or found.starts <= context.now:
        return _closed(found)
    return seat_map(found, _seating(context, found), context.person_id)


@app.action()
def seat(context: Context, show: str, seat: str, group: bool) -> Update | Text:
    """Hold a free seat (or let go of one you hold), updating the map in place."""
    found = find_show(show)
    if found is None or found.starts <= context.now:
        return _closed(found)
    if not found.hall.has_seat(seat):
        return Text(f"{found.hall.name} has no seat {seat}.")
    seating = _seating(context, found)
    me = context.person_id
    status = seating.status(seat, me)
    note: str | None = None
    if status in (SeatStatus.SOLD, SeatStatus.HELD):
        note = f"{seat} is taken: choose another seat."
    elif status is SeatStatus.MINE:
        seating.release([seat], me)
    elif len(seating.held_by(me)) >= MAX_HELD:
        note = f"You can hold at most {MAX_HELD} seats of a showing: pay for them first."
    else:
        seating.hold(seat, me)
    view = seat_map(found, seating, None if group else me)
    return Update(view, then=(Text(note),) if note else ())


@app.action()
def pay(context: Context, show: str) -> PaymentRequest | Text:
    """Ask the person who pressed to pay for the seats they hold for the showing."""
    found = find_show(show)
    if found is None or found.starts <= context.now:
        return _closed(found)
    seating = _seating(context, found)
    held = seating.held_by(context.person_id)
    if not held:
        return Text("You hold no seats for this showing: press free seats on the map first.")
    booking = Bookings(context.person_state).book(found.id, held, found.film.price * len(held))
    seating.await_payment(held, context.person_id, booking.reference)
    return PaymentRequest(
        amount=booking.amount,
        currency=CURRENCY,
        description=f"{found.name}, {found.hall.name}: seats {', '.join(held)}",
        reference=booking.reference,
        expires_in=int(HOLD.total_seconds()),
    )


@app.action()
def release(context: Context, show: str, group: bool) -> Update | Text:
    """Let go of every seat the person who pressed holds for the showing."""
    found = find_show(show)
    if found is None:
        return _closed(found)
    seating = _seating(context, found)
    me = context.person_id
    seating.release(seating.held_by(me), me)
    return Update(seat_map(found, seating, None if group else me))


@app.action("cancel")
def cancel_button(context: Context, code: str) -> Refund | Text:
    """Cancel a ticket from its card or from /tickets mine."""
    return _cancel(context, code)


@app.action()
def refund(context: Context, payment_id: str) -> Refund | Text:
    """Give back a payment that bought no seats."""
    reference = Bookings(context.person_state).refund_due(payment_id)
    if reference is None:
        return Text("That payment has nothing to refund.")
    # The key is the payment: pressing again never refunds it twice.
    return Refund(payment_id=payment_id, reason=f"No seats for {reference}", key=payment_id)


@app.on_payment(PaymentOutcome.COMPLETED)
def paid(context: Context, event: PaymentEvent) -> Card:
    """Sell the held seats to the payer and answer with their ticket; if the seats went
    to someone else meanwhile, offer the money back."""
    bookings = Bookings(context.person_state)
    booking = bookings.booking(event.reference)
    show = find_show(booking.show) if booking else None
    me = context.person_id
    if booking is not None and show is not None:
        seating = _seating(context, show)
        bookings.settle(booking.reference)
        if seating.can_sell(list(booking.seats), me):
            ticket = bookings.issue(booking, event.payment_id)
            seating.sell(list(booking.seats), ticket.code)
            return _ticket_card(ticket)
        seating.release(list(booking.seats), me)
    bookings.owe_refund(event.payment_id, event.reference)
    amount = format_amount(event.amount, event.currency)
    return Card(
        title="Your seats went to someone else",
        body=f"Your hold ran out before the payment arrived. Press Refund to get {amount} back.",
        buttons=(Button(f"Refund {amount}", "refund", {"payment_id": event.payment_id}),),
    )


@app.on_payment(PaymentOutcome.DECLINED, PaymentOutcome.EXPIRED)
def unpaid(context: Context, event: PaymentEvent) -> Text | None:
    """Free the seats the payment was for, and say so."""
    bookings = Bookings(context.person_state)
    booking = bookings.booking(event.reference)
    show = find_show(booking.show) if booking else None
    if booking is None or show is None:
        return None
    bookings.settle(booking.reference)
    _seating(context, show).release(list(booking.seats), context.person_id, event.reference)
    why = "You declined the payment" if event.outcome is PaymentOutcome.DECLINED else "Time is up"
    return Text(
        f"{why}: seats {', '.join(booking.seats)} for {show.name} are free again. "
        f"Choose again with /tickets seats {show.film.id} {show.starts:%H:%M}"
        + ("" if show.starts.date() == context.now.date() else f" {show.starts.date()}")
        + "."
    )


def _cancel(context: Context, code: str) -> Refund | Text:
    bookings = Bookings(context.person_state)
    ticket = bookings.ticket(code)
    if ticket is None:
        raise UsageError(f"You have no ticket {code!r}: see yours with /tickets mine.")
    show = find_show(ticket.show)
    name = show.name if show else ticket.show
    if ticket.status is TicketStatus.CANCELLED:
        return Text(f"Ticket {ticket.code} is already cancelled and refunded.")
    if show is None or show.starts <= context.now:
        return Text(
            f"{name} has started: ticket {ticket.code} can no longer be cancelled or refunded."
        )
    _seating(context, show).give_back(ticket.code)
    bookings.cancel(ticket.code)
    # The key is the ticket: cancelling twice never refunds twice.
    return Refund(
        payment_id=ticket.payment,
        reason=f"Ticket {ticket.code} cancelled",
        key=f"cancel:{ticket.code}",
    )


def _ticket_card(ticket: Ticket) -> Card:
    show = find_show(ticket.show)
    assert show is not None  # a ticket is only issued for a showing that exists
    return Card(
        title=f"Ticket {ticket.code}",
        body="Show this code at the door. Cancel before the film starts to get your money back.",
        fields=(
            Field("Film", show.film.title),
            Field("When", when(show.starts)),
            Field("Hall", show.hall.name),
            Field("Seats", ", ".join(ticket.seats)),
            Field("Paid", format_amount(ticket.amount, CURRENCY)),
        ),
        buttons=(Button("Cancel ticket", "cancel", {"code": ticket.code}),),
    )


def _seating(context: Context, show: Show) -> Seating:
    return Seating(context.shared[document(show.id)], context.now)


def _film(name: str) -> Film:
    found = find_film(name)
    if found is None:
        known = ", ".join(f.id for f in FILMS)
        raise UsageError(f"No film called {name!r}. On the programme: {known}.")
    return found


def _on_sale(context: Context, day: date | None) -> date:
    first, last = programme_days(context.now.date())
    day = day or first
    if not first <= day <= last:
        raise UsageError(f"Showings are on sale from {first} to {last}, not on {day}.")
    return day


def _typed_show(context: Context, film: str, time: str, day: date | None) -> Show:
    found = _film(film)
    day = _on_sale(context, day)
    show = show_at(found, day, time)
    if show is None:
        at = " and ".join(f"{s.starts:%H:%M}" for s in shows_of(found, day))
        raise UsageError(f"{found.title} is on at {at}, not at {time!r}.")
    if show.starts <= context.now:
        raise UsageError(f"{show.name} has started: choose a later showing (/tickets times).")
    return show


def _closed(show: Show | None) -> Text:
    if show is None:
        return Text("That showing is not on the programme. See what's on with /tickets films.")
    return Text(f"{show.name} has started: its seats are no longer on sale.")
