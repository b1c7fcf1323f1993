"""A person's cart, kept in the app's person state as JSON.

The state holds ``{"restaurant": "da-enzo", "items": {"carbonara": 2}}``: one restaurant
per cart, as a kitchen delivers its own dishes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from souq_sdk import State

from souq_food.catalogue import Dish, Restaurant, catalogue

STATE_KEY = "cart"
MAX_QUANTITY = 20


class CartError(Exception):
    """A change the cart refuses; the message is for the person."""


@dataclass
class Cart:
    """The dishes a person picked, all from one restaurant."""

    restaurant: Restaurant | None = None
    quantities: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, state: State) -> Cart:
        """The cart saved in ``state`` (dishes no longer on the menu are dropped)."""
        saved = state.get(STATE_KEY) or {}
        restaurant = catalogue().restaurant(saved.get("restaurant", ""))
        if restaurant is None:
            return cls()
        quantities = {
            dish: qty for dish, qty in saved.get("items", {}).items() if restaurant.dish(dish)
        }
        return cls(restaurant, quantities) if quantities else cls()

    def save(self, state: State) -> None:
        """Write the cart back to ``state``; an empty cart is deleted."""
        if self.restaurant is None or not self.quantities:
            state.delete(STATE_KEY)
        else:
            state.set(STATE_KEY, {"restaurant": self.restaurant.id, "items": self.quantities})

    def add(self, restaurant: Restaurant, dish: Dish) -> int:
        """Add one ``dish``; returns its new quantity."""
        if self.restaurant is not None and self.restaurant.id != restaurant.id:
            raise CartError(
                f"Your cart holds dishes from {self.restaurant.name}. "
                f"Empty it with /food clear to order from {restaurant.name}."
            )
        quantity = self.quantities.get(dish.id, 0) + 1
        if quantity > MAX_QUANTITY:
            raise CartError(f"{MAX_QUANTITY} x {dish.name} is as many as we deliver at once.")
        self.restaurant = restaurant
        self.quantities[dish.id] = quantity
        return quantity

    def remove(self, dish_id: str) -> None:
        """Take one of ``dish_id`` out, if it is there."""
        quantity = self.quantities.get(dish_id, 0) - 1
        if quantity > 0:
            self.quantities[dish_id] = quantity
        else:
            self.quantities.pop(dish_id, None)
        if not self.quantities:
            self.restaurant = None

    def take_out(self, restaurant_id: str, items: dict[str, int]) -> None:
        """Take out what an order of ``restaurant_id`` took (``{"carbonara": 2}``)."""
        if self.restaurant is None or self.restaurant.id != restaurant_id:
            return
        for dish_id, ordered in items.items():
            quantity = self.quantities.get(dish_id, 0) - ordered
            if quantity > 0:
                self.quantities[dish_id] = quantity
            else:
                self.quantities.pop(dish_id, None)
        if not self.quantities:
            self.restaurant = None

    def lines(self) -> list[tuple[Dish, int]]:
        """Each dish with its quantity, in the order they were first added."""
        if self.restaurant is None:
            return []
        return [(d, q) for d_id, q in self.quantities.items() if (d := self.restaurant.dish(d_id))]

    @property
    def count(self) -> int:
        """How many dishes in all."""
        return sum(self.quantities.values())

    @property
    def total(self) -> int:
        """The total price in minor units."""
        return sum(dish.price * quantity for dish, quantity in self.lines())
