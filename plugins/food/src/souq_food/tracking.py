"""Where each order stands, kept where the restaurant's updates can find it.

A person's orders live in their own state (:mod:`souq_food.orders`), which only their own
calls see. The restaurant's backend reports progress with the ``order-status`` event,
which runs for nobody in particular; so each order is also kept in a shared document of
the app, ``order:<id>``::

    {"owner": "<the app's id for the person>", "restaurant": "Da Enzo al 29",
     "status": "paid"}

The person's own calls write it: checkout (``pending``), then the payment of the order
(``paid``). The event moves a paid order on, forward only, through :data:`PROGRESS`:
``preparing``, ``on_its_way``, ``delivered`` (a step may be skipped; a step already
reached is not told twice). The person's calls are done with the document once the order
is paid, before the restaurant reports anything, so the event does not race them; only
the same step reported twice at the very same moment could be told twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from souq_sdk import Shared

from souq_food.orders import Order

PENDING = "pending"
PAID = "paid"
PROGRESS = ("preparing", "on_its_way", "delivered")
"""The steps of a paid order the restaurant reports, in order."""
ORDER_ID = re.compile(r"F-[0-9A-F]{6}")


@dataclass(frozen=True)
class Tracked:
    """An order as its shared document has it."""

    id: str
    owner: str
    restaurant: str
    status: str

    @property
    def step(self) -> int:
        """How far along :data:`PROGRESS` the order is: -1 while pending, 0 once paid."""
        if self.status == PENDING:
            return -1
        return 0 if self.status == PAID else PROGRESS.index(self.status) + 1


def document(order_id: str) -> str:
    """The name of the shared document of an order."""
    return f"order:{order_id}"


def find(shared: Shared, order_id: str) -> Tracked | None:
    """The order with that id, or None (no such order, or not an order id at all)."""
    if not ORDER_ID.fullmatch(order_id):
        return None
    saved = shared[document(order_id)]
    if "owner" not in saved:
        return None
    return Tracked(order_id, saved.get("owner"), saved.get("restaurant"), saved.get("status"))


def track(shared: Shared, order: Order, owner: str, status: str) -> None:
    """Write what the order's document should say: who ordered it, where it stands."""
    saved = shared[document(order.id)]
    saved.set("owner", owner)
    saved.set("restaurant", order.restaurant_name)
    saved.set("status", status)


def advance(shared: Shared, order: Tracked, status: str) -> None:
    """Record that a paid order reached ``status`` (one of :data:`PROGRESS`)."""
    shared[document(order.id)].set("status", status)
