"""A person's orders, kept in the app's person state as JSON::

    {"orders": {"F-3A9C2E": {"restaurant": "da-enzo", "name": "Da Enzo al 29",
                             "lines": [["carbonara", "Spaghetti alla carbonara", 2, 2600]],
                             "status": "pending"}},
     "refunds_due": {"<payment id>": "F-07B1D4"}}

``/food checkout`` places a ``pending`` order: a copy of the cart at the prices of the
time, with a random id (``F-3A9C2E``) that is the reference of its payment request. Checking out again places
another one; the first of them whose payment completes becomes ``paid`` and every other
pending order ``cancelled``, so one cart is never delivered twice. A payment that
completes for an order no longer pending is due back to the payer (``refunds_due``). A
declined or expired payment makes its order ``declined`` or ``expired``. Only the last
:data:`MAX_ORDERS` orders are kept. Who placed each order, and how far it got once paid,
is also in a shared document of its own (see :mod:`souq_food.tracking`).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from souq_sdk import State

from souq_food.cart import Cart

STATE_KEY = "orders"
REFUNDS_KEY = "refunds_due"
MAX_ORDERS = 10


class Status(StrEnum):
    """Where an order stands."""

    PENDING = "pending"
    PAID = "paid"
    CANCELLED = "cancelled"
    DECLINED = "declined"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Line:
    """One dish of an order: ``amount`` is its quantity times its price, in minor units."""

    dish: str
    name: str
    quantity: int
    amount: int


@dataclass(frozen=True)
class Order:
    """What a person checked out: dishes of one restaurant, at the prices of the time."""

    id: str
    restaurant: str
    restaurant_name: str
    lines: tuple[Line, ...]
    status: Status

    @property
    def count(self) -> int:
        """How many dishes in all."""
        return sum(line.quantity for line in self.lines)

    @property
    def total(self) -> int:
        """The price of the order in minor units."""
        return sum(line.amount for line in self.lines)

    @property
    def items(self) -> dict[str, int]:
        """Each dish id with its quantity."""
        return {line.dish: line.quantity for line in self.lines}

    def to_dict(self) -> dict[str, Any]:
        """The JSON kept in state."""
        return {
            "restaurant": self.restaurant,
            "name": self.restaurant_name,
            "lines": [[li.dish, li.name, li.quantity, li.amount] for li in self.lines],
            "status": str(self.status),
        }


class Orders:
    """Reads and writes one person's orders; each change is saved with the call."""

    def __init__(self, state: State) -> None:
        self.state = state

    def get(self, order_id: str) -> Order | None:
        """The order with that id, or None (never placed, or dropped long ago)."""
        saved = self.state.get(STATE_KEY, {}).get(order_id)
        if saved is None:
            return None
        return Order(
            id=order_id,
            restaurant=saved["restaurant"],
            restaurant_name=saved["name"],
            lines=tuple(Line(*line) for line in saved["lines"]),
            status=Status(saved["status"]),
        )

    def place(self, basket: Cart, taken: Callable[[str], bool]) -> Order:
        """A new pending order of everything in ``basket`` (which must not be empty), with
        an id that is neither one of the person's nor ``taken`` (by anybody's order)."""
        assert basket.restaurant is not None
        orders = self.state.get(STATE_KEY, {})
        order_id = _new_id()
        while order_id in orders or taken(order_id):
            order_id = _new_id()
        order = Order(
            id=order_id,
            restaurant=basket.restaurant.id,
            restaurant_name=basket.restaurant.name,
            lines=tuple(
                Line(dish.id, dish.name, quantity, dish.price * quantity)
                for dish, quantity in basket.lines()
            ),
            status=Status.PENDING,
        )
        orders[order.id] = order.to_dict()
        self.state.set(STATE_KEY, dict(list(orders.items())[-MAX_ORDERS:]))
        return order

    def settle(self, order: Order, status: Status) -> None:
        """Give ``order`` its final status; a paid order cancels the other pending ones."""
        orders = self.state.get(STATE_KEY, {})
        for order_id, saved in orders.items():
            if order_id == order.id:
                saved["status"] = str(status)
            elif status is Status.PAID and saved["status"] == Status.PENDING:
                saved["status"] = str(Status.CANCELLED)
        self.state.set(STATE_KEY, orders)

    def owe_refund(self, payment_id: str, order_id: str) -> None:
        """Record a payment for an order that was not placed: its money is due back."""
        refunds = self.state.get(REFUNDS_KEY, {})
        refunds[payment_id] = order_id
        self.state.set(REFUNDS_KEY, refunds)

    def refund_due(self, payment_id: str) -> str | None:
        """The order of a payment whose money is due back, or None."""
        due: str | None = self.state.get(REFUNDS_KEY, {}).get(payment_id)
        return due


def _new_id() -> str:
    return f"F-{secrets.token_hex(3).upper()}"
