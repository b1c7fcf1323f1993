"""Demo accounts: their numbers, what each one starts with, and the shared document that
holds it (``account:<number>``)::

    {"number": "NL31SOUQ4018661667", "owner": "<person id>", "currency": "EUR",
     "balance": 250000, "country": "NL", "opened": "2026-11-30T19:40:00+00:00",
     "payees": ["Lumen Energy", ...],
     "history": [{"id": "t-1", "amount": 4200, "payee": "Lumen Energy", "country": "NL",
                  "status": "completed", "outcome": "€42.00 to Lumen Energy (NL) went
                  through.", "at": "..."}]}

Balances and amounts are in euro cents. The person's own state says which account is
theirs (``{"account": "NL31SOUQ4018661667"}``), so commands find it without a search.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from souq_sdk import State

CURRENCY = "EUR"
BANK_CODE = "SOUQ"
HOME_COUNTRY = "NL"
STARTING_BALANCE = 2_500_00
"""What a new demo account holds: €2,500.00."""
KNOWN_PAYEES = ("Lumen Energy", "Aqua Water", "Tel Phone", "Albert Heijn")
"""The payees a new account has paid before (the billers of /billpay, and a supermarket)."""
HISTORY = 10
"""How many settled transfers an account remembers."""
PAYEES = 20
"""How many payees an account knows (the earliest are forgotten first)."""


def document(number: str) -> str:
    """The name of the shared document of the account ``number``."""
    return f"account:{number}"


def account_number(person_id: str, attempt: int = 0) -> str:
    """The demo account number of a person: an IBAN (``NL..SOUQ`` and ten digits) derived
    from the id the app sees for them, so it is stable but cannot be guessed from a
    sequence. ``attempt`` gives another number should one already belong to someone else."""
    digest = hashlib.sha256(f"souq-bank\0{person_id}\0{attempt}".encode()).digest()
    digits = f"{int.from_bytes(digest[:8], 'big') % 10**10:010d}"
    return iban(HOME_COUNTRY, f"{BANK_CODE}{digits}")


def iban(country: str, bban: str) -> str:
    """The IBAN of the domestic account ``bban`` in ``country``, with its check digits."""
    check = 98 - _mod97(f"{bban}{country}00")
    return f"{country}{check:02d}{bban}"


def is_iban(number: str) -> bool:
    """Whether ``number`` (upper case, no spaces) is an IBAN of this bank whose check digits
    are right."""
    return (
        len(number) == 18
        and number[:2] == HOME_COUNTRY
        and number[2:4].isdigit()
        and number[4:8] == BANK_CODE
        and number[8:].isdigit()
        and number.isascii()
        and _mod97(number[4:] + number[:4]) == 1
    )


def _mod97(text: str) -> int:
    return int("".join(str(int(c, 36)) for c in text)) % 97


class Account:
    """Reads and writes one account's shared document; changes are saved with the call."""

    def __init__(self, state: State) -> None:
        self.state = state

    @property
    def exists(self) -> bool:
        """Whether the account was opened."""
        return "owner" in self.state

    def open(self, number: str, owner: str, now: datetime) -> None:
        """Open the account ``number`` for ``owner``, with the demo's starting money."""
        self.state.set("number", number)
        self.state.set("owner", owner)
        self.state.set("currency", CURRENCY)
        self.state.set("balance", STARTING_BALANCE)
        self.state.set("country", HOME_COUNTRY)
        self.state.set("payees", list(KNOWN_PAYEES))
        self.state.set("opened", now.isoformat())

    @property
    def number(self) -> str:
        """The account number (an IBAN)."""
        number: str = self.state.get("number")
        return number

    @property
    def owner(self) -> str:
        """The person id of the account holder."""
        owner: str = self.state.get("owner")
        return owner

    @property
    def balance(self) -> int:
        """What the account holds, in cents."""
        balance: int = self.state.get("balance", 0)
        return balance

    @property
    def country(self) -> str:
        """The account holder's home country (ISO 3166 code)."""
        country: str = self.state.get("country", HOME_COUNTRY)
        return country

    @property
    def payees(self) -> list[str]:
        """Who the account has paid before."""
        payees: list[str] = self.state.get("payees", [])
        return payees

    def knows(self, payee: str) -> bool:
        """Whether the account has paid ``payee`` before (ignoring case and spacing)."""
        return _key(payee) in {_key(p) for p in self.payees}

    def pay(self, amount: int, payee: str) -> None:
        """Take ``amount`` cents out for ``payee``, who becomes a known payee."""
        self.state.set("balance", self.balance - amount)
        if not self.knows(payee):
            self.state.set("payees", [*self.payees, payee][-PAYEES:])

    def history(self) -> list[dict[str, Any]]:
        """The settled transfers, the latest first."""
        history: list[dict[str, Any]] = self.state.get("history", [])
        return history

    def remember(self, entry: dict[str, Any]) -> None:
        """Add a settled transfer to the history (which keeps the latest :data:`HISTORY`)."""
        self.state.set("history", [entry, *self.history()][:HISTORY])


def _key(payee: str) -> str:
    return " ".join(payee.casefold().split())
