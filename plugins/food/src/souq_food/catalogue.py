"""The restaurants and their menus, shipped with the package as JSON."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib.resources import files

from souq_sdk import format_amount


class City(StrEnum):
    """The cities the food app delivers in."""

    ROMA = "roma"
    MILANO = "milano"
    PARIS = "paris"
    LISBON = "lisbon"


@dataclass(frozen=True)
class Dish:
    """A dish on a menu; ``price`` is in minor units (cents) of the catalogue's currency."""

    id: str
    name: str
    description: str
    price: int


@dataclass(frozen=True)
class Restaurant:
    """A restaurant and its menu."""

    id: str
    name: str
    city: City
    cuisine: str
    address: str
    dishes: tuple[Dish, ...]

    def dish(self, dish_id: str) -> Dish | None:
        """The dish with that id, or None."""
        return next((d for d in self.dishes if d.id == dish_id), None)


@dataclass(frozen=True)
class Catalogue:
    """Every restaurant, in one currency."""

    currency: str
    restaurants: tuple[Restaurant, ...]

    def in_city(self, city: City) -> list[Restaurant]:
        """The restaurants of ``city``."""
        return [r for r in self.restaurants if r.city is city]

    def restaurant(self, name: str) -> Restaurant | None:
        """The restaurant with that id or name, ignoring case, spaces for dashes and
        quotes around it (``da-enzo``, ``da enzo``, ``Da Enzo al 29``, ``"Da Enzo al 29"``)."""
        key = _key(name.strip().strip("\"'"))
        return next((r for r in self.restaurants if key in (r.id, _key(r.name))), None)

    def closest(self, name: str) -> list[Restaurant]:
        """Restaurants whose id is close to ``name``, best first."""
        ids = difflib.get_close_matches(
            _key(name.strip().strip("\"'")), [r.id for r in self.restaurants], n=3
        )
        return [r for i in ids for r in self.restaurants if r.id == i]

    def price(self, minor_units: int) -> str:
        """A price for people: ``€12.50``."""
        return format_amount(minor_units, self.currency)


def _key(name: str) -> str:
    return "-".join(name.casefold().split())


@cache
def catalogue() -> Catalogue:
    """The catalogue in ``data/restaurants.json``."""
    data = json.loads(files(__package__).joinpath("data/restaurants.json").read_text("utf-8"))
    return Catalogue(
        currency=data["currency"],
        restaurants=tuple(
            Restaurant(
                id=r["id"],
                name=r["name"],
                city=City(r["city"]),
                cuisine=r["cuisine"],
                address=r["address"],
                dishes=tuple(Dish(**d) for d in r["dishes"]),
            )
            for r in data["restaurants"]
        ),
    )
