"""Transfers: what the ``transfer`` event carries, which ones look suspicious, and the
shared document that records each one (``transfer:<id>``)::

    {"id": "t-1", "account": "NL..", "owner": "<person id>", "amount": 120000,
     "payee": "Gadget Shop", "country": "DE", "reasons": ["large", "new_payee", "abroad"],
     "status": "held", "arrived": "...", "expires": "...", "asked": true,
     "refusal": null, "outcome": null, "settled": null}

A transfer is ``completed`` (the money left the account), ``held`` (waiting for the
holder's answer until ``expires``), ``blocked`` (the holder said no, did not answer in
time, or could not be asked: ``refusal`` says why) or ``declined`` (not enough money).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from souq_sdk import State, format_amount

from souq_bank.accounts import CURRENCY, Account, is_iban

LARGE = 1_000_00
"""From this amount on (€1,000.00) a transfer is held for the holder's answer."""
MAX_AMOUNT = 10_000_000
"""The largest transfer the demo accepts (€100,000.00)."""
MAX_ID = 55
"""The longest transfer id: ``transfer:<id>`` is a document name of at most 64 characters."""
MAX_PAYEE = 70

_ID = re.compile(r"[A-Za-z0-9._:-]+")
_EUROS = re.compile(r"\d{1,6}(\.\d{1,2})?")
_COUNTRY = re.compile(r"[A-Z]{2}")


class Status(StrEnum):
    """Where a transfer stands."""

    COMPLETED = "completed"
    HELD = "held"
    BLOCKED = "blocked"
    DECLINED = "declined"


class Reason(StrEnum):
    """Why a transfer looks suspicious."""

    LARGE = "large"
    NEW_PAYEE = "new_payee"
    ABROAD = "abroad"


REASON_TEXT = {
    Reason.LARGE: "a large amount",
    Reason.NEW_PAYEE: "a payee you have not paid before",
    Reason.ABROAD: "an account abroad",
}


class BadTransfer(ValueError):
    """The event's data is not a transfer; ``problems`` says what is wrong with it."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Transfer:
    """A transfer as the bank's backend reports it; ``amount`` in euro cents."""

    id: str
    account: str
    amount: int
    payee: str
    country: str

    def details(self) -> dict[str, Any]:
        """The fields a repeated event must match."""
        return {
            "account": self.account,
            "amount": self.amount,
            "payee": self.payee,
            "country": self.country,
        }


def document(transfer_id: str) -> str:
    """The name of the shared document of the transfer ``transfer_id``."""
    return f"transfer:{transfer_id}"


def parse_transfer(data: dict[str, Any]) -> Transfer:
    """The transfer ``data`` describes, or :class:`BadTransfer` naming every problem.

    ``amount`` is euro cents as a whole number (``120000``) or euros as a string with at
    most two decimals (``"1200.00"``); a JSON number with a fraction is refused, since it
    may not be what was meant. ``account`` may have spaces and lower case letters.
    """
    problems: list[str] = []
    transfer_id = data.get("id")
    if not isinstance(transfer_id, str) or not _ID.fullmatch(transfer_id):
        problems.append("id: a string of letters, digits and . _ : -")
    elif len(transfer_id) > MAX_ID:
        problems.append(f"id: at most {MAX_ID} characters")
    account = data.get("account")
    if isinstance(account, str):
        account = "".join(account.split()).upper()
    if not isinstance(account, str) or not is_iban(account):
        problems.append("account: a Souq Bank account number such as NL31SOUQ4018661667")
    amount = _cents(data.get("amount"))
    if amount is None:
        problems.append(
            'amount: euro cents as a whole number (120000) or euros as a string ("1200.00")'
        )
    elif not 1 <= amount <= MAX_AMOUNT:
        problems.append(f"amount: from €0.01 to {format_amount(MAX_AMOUNT, CURRENCY)}")
    payee = data.get("payee")
    if isinstance(payee, str):
        payee = " ".join(payee.split())
    if not isinstance(payee, str) or not 1 <= len(payee) <= MAX_PAYEE:
        problems.append(f"payee: a name of 1 to {MAX_PAYEE} characters")
    country = data.get("country")
    if isinstance(country, str):
        country = country.strip().upper()
    if not isinstance(country, str) or not _COUNTRY.fullmatch(country):
        problems.append("country: a two-letter country code such as NL or DE")
    if problems:
        raise BadTransfer(problems)
    assert isinstance(transfer_id, str) and isinstance(account, str) and amount is not None
    assert isinstance(payee, str) and isinstance(country, str)
    return Transfer(transfer_id, account, amount, payee, country)


def _cents(amount: object) -> int | None:
    if isinstance(amount, bool):
        return None
    if isinstance(amount, int):
        return amount
    if isinstance(amount, str) and _EUROS.fullmatch(amount.strip()):
        return int(Decimal(amount.strip()) * 100)
    return None


def suspicions(account: Account, transfer: Transfer) -> list[Reason]:
    """Why ``transfer`` out of ``account`` looks suspicious (nothing: it goes through)."""
    reasons = []
    if transfer.amount >= LARGE:
        reasons.append(Reason.LARGE)
    if not account.knows(transfer.payee):
        reasons.append(Reason.NEW_PAYEE)
    if transfer.country != account.country:
        reasons.append(Reason.ABROAD)
    return reasons


class Record:
    """Reads and writes one transfer's shared document; changes are saved with the call."""

    def __init__(self, state: State) -> None:
        self.state = state

    @property
    def exists(self) -> bool:
        """Whether the transfer arrived."""
        return "id" in self.state

    def arrive(self, transfer: Transfer, owner: str, reasons: list[Reason], now: datetime) -> None:
        """Record ``transfer`` as it arrives, for ``owner``'s account (not settled yet)."""
        self.state.set("id", transfer.id)
        self.state.set("owner", owner)
        for key, value in transfer.details().items():
            self.state.set(key, value)
        self.state.set("reasons", [str(r) for r in reasons])
        self.state.set("arrived", now.isoformat())

    @property
    def id(self) -> str:
        """The transfer's id, as the backend sent it."""
        transfer_id: str = self.state.get("id")
        return transfer_id

    @property
    def owner(self) -> str:
        """The person id of the holder of the account it leaves."""
        owner: str = self.state.get("owner")
        return owner

    @property
    def account(self) -> str:
        """The account it leaves."""
        account: str = self.state.get("account")
        return account

    @property
    def amount(self) -> int:
        """How much, in euro cents."""
        amount: int = self.state.get("amount")
        return amount

    @property
    def payee(self) -> str:
        """Who it goes to."""
        payee: str = self.state.get("payee")
        return payee

    @property
    def country(self) -> str:
        """Where the payee's account is."""
        country: str = self.state.get("country")
        return country

    @property
    def reasons(self) -> list[Reason]:
        """Why it looked suspicious."""
        return [Reason(r) for r in self.state.get("reasons", [])]

    @property
    def status(self) -> Status:
        """Where it stands."""
        return Status(self.state.get("status"))

    @property
    def expires(self) -> datetime | None:
        """Until when a held transfer waits for an answer."""
        expires = self.state.get("expires")
        return datetime.fromisoformat(expires) if expires else None

    @property
    def outcome(self) -> str:
        """What became of it, in a sentence for the holder."""
        outcome: str = self.state.get("outcome") or ""
        return outcome

    def matches(self, transfer: Transfer) -> bool:
        """Whether ``transfer`` is the one recorded (a repeated event)."""
        return all(self.state.get(k) == v for k, v in transfer.details().items())

    def hold(self, expires: datetime) -> None:
        """Hold it: the holder was asked and may answer until ``expires``."""
        self.state.set("status", str(Status.HELD))
        self.state.set("asked", True)
        self.state.set("expires", expires.isoformat())

    def settle(
        self, status: Status, outcome: str, now: datetime, *, refusal: str | None = None
    ) -> None:
        """Settle it as ``status``, saying why in ``outcome``; ``refusal`` is souq's reason
        when the holder could not be asked."""
        self.state.set("status", str(status))
        self.state.set("outcome", outcome)
        self.state.set("settled", now.isoformat())
        if refusal is not None:
            self.state.set("asked", False)
            self.state.set("refusal", refusal)

    def entry(self) -> dict[str, Any]:
        """Its line in the account's history."""
        return {
            "id": self.id,
            "amount": self.amount,
            "payee": self.payee,
            "country": self.country,
            "status": str(self.status),
            "outcome": self.outcome,
            "at": self.state.get("settled") or self.state.get("arrived"),
        }

    def summary(self) -> dict[str, Any]:
        """What the ``transfer`` event answers the backend about it."""
        summary: dict[str, Any] = {
            "transfer": self.id,
            "status": str(self.status),
            "asked": bool(self.state.get("asked")),
            "reasons": [str(r) for r in self.reasons],
        }
        if self.state.get("refusal") is not None:
            summary["refusal"] = self.state.get("refusal")
        if self.status is Status.HELD:
            summary["expires"] = self.state.get("expires")
        return summary

    def describe(self) -> str:
        """``€1,200.00 to Gadget Shop (DE)``."""
        return f"{format_amount(self.amount, CURRENCY)} to {self.payee} ({self.country})"
