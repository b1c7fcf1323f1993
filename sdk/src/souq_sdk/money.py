"""Money: integer minor units with an ISO 4217 currency, and the payment values apps use.

Amounts are always integers of the currency's minor unit (cents for EUR): ``1250`` EUR is
€12.50. Never floats. An app asks for money by replying with a :class:`PaymentRequest`
(the person confirms it with one press) and gives money back by replying with a
:class:`Refund`; it learns what became of a request through the ``souq_payment`` hook,
which receives a :class:`PaymentEvent`. Both replies need the ``payments.request`` scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

CURRENCIES: dict[str, tuple[int, str]] = {
    "EUR": (2, "€"),
    "USD": (2, "$"),
    "GBP": (2, "£"),
    "CHF": (2, "CHF "),
    "JPY": (0, "¥"),
}
"""The currencies souq handles: ISO code -> (digits of the minor unit, symbol)."""

DEFAULT_CURRENCY = "EUR"

MAX_AMOUNT = 10_000_000
"""The largest amount of one payment request or top-up, in minor units (€100,000.00)."""


class MoneyError(ValueError):
    """An amount or currency souq cannot use; the message says why."""


def check_currency(currency: str) -> str:
    """``currency`` if souq knows it, else :class:`MoneyError` listing the known ones."""
    if currency not in CURRENCIES:
        known = ", ".join(CURRENCIES)
        raise MoneyError(f"unknown currency {currency!r} (known: {known})")
    return currency


def format_amount(amount: int, currency: str) -> str:
    """``1250, "EUR"`` -> ``"€12.50"``; negative amounts get a leading minus."""
    digits, symbol = CURRENCIES[check_currency(currency)]
    sign = "-" if amount < 0 else ""
    units, minor = divmod(abs(amount), 10**digits)
    text = f"{units:,}" + (f".{minor:0{digits}d}" if digits else "")
    return f"{sign}{symbol}{text}"


def parse_amount(text: str, currency: str) -> int:
    """``"12.50", "EUR"`` -> ``1250``: a positive decimal in major units, exactly.

    Raises :class:`MoneyError` for anything else: more decimals than the currency has,
    zero or negative amounts, amounts over :data:`MAX_AMOUNT`, or text that is no number.
    """
    digits, _symbol = CURRENCIES[check_currency(currency)]
    out_of_range = MoneyError(
        f"an amount must be from {format_amount(1, currency)} "
        f"to {format_amount(MAX_AMOUNT, currency)}"
    )
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise MoneyError(f"{text!r} is not an amount (write it like 12.50)") from None
    if not value.is_finite():
        raise MoneyError(f"{text!r} is not an amount (write it like 12.50)")
    if value.adjusted() >= 16:  # far beyond MAX_AMOUNT: refuse before any arithmetic
        raise out_of_range
    exact = value.quantize(Decimal(1).scaleb(-digits))
    if exact != value:
        raise MoneyError(f"{currency} has {digits} decimal places; {text!r} has more")
    minor = int(exact.scaleb(digits))
    if not 0 < minor <= MAX_AMOUNT:
        raise out_of_range
    return minor


def check_amount(amount: object) -> int:
    """``amount`` if it is a positive integer of at most :data:`MAX_AMOUNT`, else
    :class:`MoneyError`."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise MoneyError(f"an amount is an integer of minor units, not {type(amount).__name__}")
    if not 0 < amount <= MAX_AMOUNT:
        raise MoneyError(f"an amount must be between 1 and {MAX_AMOUNT} minor units")
    return amount


class PaymentOutcome(StrEnum):
    """What became of a payment request."""

    COMPLETED = "completed"
    DECLINED = "declined"
    EXPIRED = "expired"


@dataclass(frozen=True)
class PaymentEvent:
    """An outcome of one of the app's payment requests, as the ``souq_payment`` hook gets it.

    ``payment_id`` is the host's id for the request: keep it to refund the payment later.
    ``reference`` is the app's own, as it put it on the request.
    """

    outcome: PaymentOutcome
    payment_id: str
    reference: str
    amount: int
    currency: str
    description: str
