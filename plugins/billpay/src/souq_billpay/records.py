"""What the app remembers for one person, in the host's person state::

    {"saved": {"energy": "EN-1001"},        # biller id -> a bill of the person's account
     "attempts": {"EN-1001": 2},            # payment requests made for each bill
     "paid": {"EN-1001": "pay-17"},         # bill -> the payment that paid it
     "refunds_due": {"pay-18": "EN-1001"},  # payments of a bill that was already paid
     "reminders": true}                     # asked to be reminded of bills due soon

A payment request's reference is the bill's and the attempt's (``EN-1001:2``), so each
request can be told apart while the bill stays the same.
"""

from __future__ import annotations

from souq_sdk import State


def payment_reference(bill: str, attempt: int) -> str:
    """The reference of a payment request: ``EN-1001:2``."""
    return f"{bill}:{attempt}"


def bill_of(payment_reference: str) -> str:
    """The bill a payment request's reference names: ``EN-1001:2`` -> ``EN-1001``."""
    return payment_reference.partition(":")[0]


class Records:
    """Reads and writes one person's records; each change is saved with the call."""

    def __init__(self, state: State) -> None:
        self.state = state

    def saved(self) -> dict[str, str]:
        """The person's saved billers: biller id -> a reference of one of their bills."""
        saved: dict[str, str] = self.state.get("saved", {})
        return saved

    def save(self, biller_id: str, reference: str) -> None:
        """Save a biller with a bill of the person's account (replacing an earlier one)."""
        self._put("saved", biller_id, reference)

    def forget(self, biller_id: str) -> bool:
        """Forget a saved biller; whether it was saved."""
        return self._pop("saved", biller_id) is not None

    def paid_by(self, reference: str) -> str | None:
        """The payment id that paid the bill, or None while it is open."""
        paid: str | None = self.state.get("paid", {}).get(reference)
        return paid

    def mark_paid(self, reference: str, payment_id: str) -> None:
        """Record that ``payment_id`` paid the bill."""
        self._put("paid", reference, payment_id)

    def next_attempt(self, reference: str) -> int:
        """Count one more payment request for the bill and return its number."""
        attempt = int(self.state.get("attempts", {}).get(reference, 0)) + 1
        self._put("attempts", reference, attempt)
        return attempt

    def owe_refund(self, payment_id: str, reference: str) -> None:
        """Record a payment of a bill that was already paid: its money is due back."""
        self._put("refunds_due", payment_id, reference)

    def refund_due(self, payment_id: str) -> str | None:
        """The bill of a payment whose money is due back, or None."""
        due: str | None = self.state.get("refunds_due", {}).get(payment_id)
        return due

    def wants_reminders(self) -> bool:
        """Whether the person asked to be reminded of their bills."""
        return bool(self.state.get("reminders", False))

    def want_reminders(self) -> None:
        """Record that the person asked to be reminded of their bills."""
        self.state.set("reminders", True)

    def _put(self, key: str, name: str, value: object) -> None:
        entries = self.state.get(key, {})
        entries[name] = value
        self.state.set(key, entries)

    def _pop(self, key: str, name: str) -> object:
        entries = self.state.get(key, {})
        value = entries.pop(name, None)
        if entries:
            self.state.set(key, entries)
        else:
            self.state.delete(key)
        return value
