"""The demo billers and their bills.

A real deployment would ask each biller's system for a customer's bills; the demo ships a
few fixed bills, shared by everyone, each found by its reference (``EN-1001``).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

CURRENCY = "EUR"


@dataclass(frozen=True)
class Bill:
    """One bill: ``amount`` is in minor units (cents) of :data:`CURRENCY`."""

    reference: str
    amount: int
    due: date
    holder: str


@dataclass(frozen=True)
class Biller:
    """A company whose bills can be paid; its references start with ``prefix``."""

    id: str
    name: str
    kind: str
    prefix: str
    bills: tuple[Bill, ...]

    def bills_of(self, holder: str) -> list[Bill]:
        """The bills of one account holder, the earliest due first."""
        return sorted((b for b in self.bills if b.holder == holder), key=lambda b: b.due)


BILLERS: tuple[Biller, ...] = (
    Biller(
        id="energy",
        name="Lumen Energy",
        kind="electricity and gas",
        prefix="EN",
        bills=(
            Bill("EN-1001", 8450, date(2026, 12, 15), "Ana Costa"),
            Bill("EN-1002", 9120, date(2027, 1, 15), "Ana Costa"),
            Bill("EN-1003", 6275, date(2026, 12, 20), "Bruno Lima"),
            Bill("EN-1004", 11309, date(2026, 12, 28), "Chloé Martin"),
        ),
    ),
    Biller(
        id="water",
        name="Aqua Water",
        kind="water",
        prefix="WA",
        bills=(
            Bill("WA-2001", 3280, date(2026, 12, 10), "Ana Costa"),
            Bill("WA-2002", 2915, date(2026, 12, 12), "Bruno Lima"),
            Bill("WA-2003", 4102, date(2027, 1, 8), "Chloé Martin"),
        ),
    ),
    Biller(
        id="phone",
        name="Tel Phone",
        kind="mobile and internet",
        prefix="TE",
        bills=(
            Bill("TE-3001", 2999, date(2026, 12, 5), "Ana Costa"),
            Bill("TE-3002", 4550, date(2026, 12, 18), "Bruno Lima"),
            Bill("TE-3003", 4550, date(2027, 1, 18), "Bruno Lima"),
            Bill("TE-3004", 1999, date(2026, 12, 22), "Chloé Martin"),
        ),
    ),
)


def find_bill(reference: str) -> tuple[Biller, Bill] | None:
    """The bill with that reference, and its biller; case, spaces and dashes do not matter
    (``en-1001``, ``EN1001``)."""
    key = _compact(reference)
    return next(((r, b) for r in BILLERS for b in r.bills if _compact(b.reference) == key), None)


def find_biller(name: str) -> Biller | None:
    """The biller with that id, name or reference prefix, ignoring case (``energy``,
    ``Lumen Energy``, ``EN``)."""
    key = "-".join(name.casefold().split())
    return next(
        (
            r
            for r in BILLERS
            if key in (r.id, "-".join(r.name.casefold().split()), r.prefix.lower())
        ),
        None,
    )


def biller(biller_id: str) -> Biller | None:
    """The biller with exactly that id."""
    return next((r for r in BILLERS if r.id == biller_id), None)


def closest_references(reference: str) -> list[str]:
    """References close to ``reference``, best first."""
    known = [b.reference for r in BILLERS for b in r.bills]
    return difflib.get_close_matches(reference.strip().upper(), known, n=2, cutoff=0.7)


def reference_hint(reference: str) -> str:
    """What to tell someone whose reference matches no bill."""
    close = closest_references(reference)
    if close:
        return "Did you mean " + " or ".join(close) + "?"
    examples = ", ".join(f"{r.bills[0].reference} ({r.name})" for r in BILLERS)
    return f"References are printed on your bill, such as {examples}."


def day(when: date) -> str:
    """A due date as people read it: ``15 Dec 2026``."""
    return f"{when.day} {when:%b %Y}"


def _compact(reference: str) -> str:
    return "".join(c for c in reference.upper() if c.isalnum())
