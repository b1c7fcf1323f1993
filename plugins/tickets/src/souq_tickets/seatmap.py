"""The seat map of a showing: one list item per row, one button per seat, and a last item
to pay for the seats you hold or release them.

A free seat's button is its label (``A5``); a sold seat reads ``A5 ✗`` and a seat someone
holds ``A5 (held)``; on your own map, a seat you hold reads ``A5 ✓``. Every seat button
has the same action, ``seat``: the press is judged on the seats as they are then, never
on the label, which may be old.
"""

from __future__ import annotations

from souq_sdk import Button, Item, ListReply, Visibility, format_amount

from souq_tickets.catalogue import CURRENCY, Show, when
from souq_tickets.seating import HOLD, MAX_HELD, Seating, SeatStatus

MARKS = {
    SeatStatus.FREE: "",
    SeatStatus.MINE: " ✓",
    SeatStatus.HELD: " (held)",
    SeatStatus.SOLD: " ✗",
}


def seat_map(show: Show, seating: Seating, viewer: str | None) -> ListReply:
    """The map of ``show``: private to ``viewer`` (their holds marked ✓), or, with no
    viewer, public for a group, where every hold reads ``(held)``."""
    group = viewer is None
    rows = tuple(
        Item(
            title=f"Row {row[0][0]}",
            body="Screen this way" if n == 0 else "",
            buttons=tuple(
                Button(
                    seat + MARKS[seating.status(seat, viewer or "")],
                    "seat",
                    {"show": show.id, "seat": seat, "group": group},
                )
                for seat in row
            ),
        )
        for n, row in enumerate(show.hall.labels())
    )
    return ListReply(
        title=f"{show.name} · {show.hall.name}",
        items=(*rows, _summary(show, seating, viewer)),
        visibility=Visibility.PUBLIC if group else Visibility.PRIVATE,
    )


def _summary(show: Show, seating: Seating, viewer: str | None) -> Item:
    total = show.hall.capacity
    free = total - len(seating.taken())
    price = format_amount(show.film.price, CURRENCY)
    minutes = int(HOLD.total_seconds() // 60)
    mine = seating.held_by(viewer) if viewer else []
    if mine:
        until = min(seating.until(s) or seating.now for s in mine)
        amount = format_amount(show.film.price * len(mine), CURRENCY)
        body = f"You hold {', '.join(mine)} until {until:%H:%M}: {amount}. Pay to keep them."
    else:
        body = (
            f"{price} a seat, {free} of {total} free. Press free seats to hold them for "
            f"{minutes} minutes (up to {MAX_HELD}), then Pay. ✗ sold, (held) held by someone."
        )
    return Item(
        title=f"Starts {when(show.starts)}",
        body=body,
        buttons=(
            Button("Pay for my seats", "pay", {"show": show.id}),
            Button("Release my seats", "release", {"show": show.id, "group": viewer is None}),
        ),
    )
