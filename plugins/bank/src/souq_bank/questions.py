"""Asking "Was this you?": the question card, the card an answer leaves in its place,
and the index of questions still open.

The index is the shared document ``pending``: each held transfer's id, with when its
question expires and the account it leaves::

    {"t-1": ["2026-11-30T20:15:00+00:00", "NL31SOUQ4018661667"]}

Only the ``transfer`` event adds to it (and takes back a question souq would not
deliver), and only the ``expire-questions`` job drops entries: an answer leaves its entry
for the job to drop once it expires. So a person's answer never makes an event run again,
which could ask the same question twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from souq_sdk import Button, Card, Field, State, format_amount

from souq_bank.accounts import CURRENCY
from souq_bank.transfers import REASON_TEXT, Record, Status

WINDOW = timedelta(minutes=15)
"""How long a held transfer waits for its holder's answer before it is blocked."""
INDEX = "pending"
"""The shared document listing the held transfers."""
PHONE = "+31 20 555 0100"
"""The demo bank's phone number, for people who did not make a transfer."""

TITLES = {
    Status.COMPLETED: "Transfer sent",
    Status.BLOCKED: "Transfer blocked",
    Status.DECLINED: "Transfer declined",
}


class Pending:
    """The index of held transfers (the shared document :data:`INDEX`)."""

    def __init__(self, state: State) -> None:
        self.state = state

    def add(self, transfer_id: str, expires: datetime, account: str) -> None:
        """List a held transfer (:class:`~souq_sdk.StateError` when the index is full)."""
        self.state.set(transfer_id, [expires.isoformat(), account])

    def drop(self, transfer_id: str) -> None:
        """Take a transfer off the list."""
        self.state.delete(transfer_id)

    def expired(self, now: datetime, limit: int) -> list[str]:
        """The transfers whose question expired by ``now``, the oldest first, at most
        ``limit``."""
        due = sorted(
            (datetime.fromisoformat(entry[0]), transfer_id)
            for transfer_id in self.state
            if (entry := self.state.get(transfer_id)) is not None
        )
        return [transfer_id for expires, transfer_id in due if expires <= now][:limit]

    def of_account(self, account: str) -> list[str]:
        """The held transfers out of ``account``."""
        return [t for t in self.state if (self.state.get(t) or [None, None])[1] == account]


def question(record: Record) -> Card:
    """The card that asks the holder about a held transfer, with Yes and No."""
    expires = record.expires
    assert expires is not None
    why = ", ".join(REASON_TEXT[r] for r in record.reasons)
    return Card(
        title="Was this you?",
        body=f"We are holding a transfer of {record.describe()} from your account. "
        f"Answer by {_clock(expires)}; without an answer we block it.",
        fields=(
            Field("Amount", format_amount(record.amount, CURRENCY)),
            Field("To", f"{record.payee} ({record.country})"),
            Field("From", record.account),
            Field("Why we ask", why[:1].upper() + why[1:]),
        ),
        buttons=(
            Button("Yes, it was me", "yes", {"transfer": record.id}),
            Button("No", "no", {"transfer": record.id}),
        ),
    )


def answered(record: Record, *, already: bool = False) -> Card:
    """The card that takes the question's place once the transfer is settled; ``already``
    says it was settled before this press."""
    body = record.outcome
    if already:
        body = f"This was settled already. {body}"
    return Card(
        title=TITLES[record.status],
        body=body,
        fields=(
            Field("Amount", format_amount(record.amount, CURRENCY)),
            Field("To", f"{record.payee} ({record.country})"),
        ),
    )


def sent(record: Record, balance: int) -> str:
    """The outcome of a transfer the holder let through."""
    left = format_amount(balance, CURRENCY)
    return f"You said it was you: {record.describe()} is on its way. Your balance is {left}."


def refused_by_holder(record: Record) -> str:
    """The outcome of a transfer the holder said they did not make."""
    return (
        f"You said it was not you, so we blocked {record.describe()}: nothing left your "
        f"account. We are cancelling your card and sending you a new one. Call us on {PHONE} "
        "if someone may know your banking details."
    )


def unanswered(record: Record) -> str:
    """The outcome of a transfer nobody answered about in time."""
    minutes = int(WINDOW / timedelta(minutes=1))
    return (
        f"Nobody answered within {minutes} minutes, so we blocked {record.describe()}: "
        f"nothing left your account. If you made it, make it again; if not, call us on {PHONE}."
    )


CANNOT_ASK = {
    "not_opted_in": "you have not allowed Souq Bank to message you",
    "blocked": "you blocked Souq Bank",
    "too_many_pending": "too many transfers are waiting for answers",
}
"""Why the bank could not ask, by souq's refusal code (or the bank's own)."""


def not_asked(record: Record, refusal: str) -> str:
    """The outcome of a suspicious transfer the bank could not ask about (``refusal``: a
    code of :data:`CANNOT_ASK`, or another of souq's refusal codes)."""
    why = CANNOT_ASK.get(refusal, f"souq did not let us message you: {refusal}")
    return (
        f"We blocked {record.describe()} because it looked unusual and we could not ask you "
        f"({why}). Allow Souq Bank to message you with /bank link so we can ask next time."
    )


def short_of_money(record: Record, balance: int) -> str:
    """The outcome of a transfer the account could not pay."""
    left = format_amount(balance, CURRENCY)
    return f"{record.describe()} was declined: your balance is only {left}."


def _clock(at: datetime) -> str:
    return f"{at:%H:%M} UTC"
