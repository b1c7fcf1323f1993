"""Reminders of bills due soon, for the people who allow Bill Pay to message them.

A person's saved billers and paid bills live in their own state (see
:mod:`souq_billpay.records`), which only their own calls see. The job that sends
reminders runs for nobody in particular, so the person's calls also keep what it needs in
shared documents of the app, one pair per due date::

    due:2026-12-15       {"<the app's id for the person>": ["EN-1001"]}
    reminded:2026-12-15  {"<the app's id for the person>": ["EN-1001"]}

``due:`` lists the open bills of each person's saved billers by due date: saving a biller
adds the open bills of that account, forgetting it or paying a bill takes them out.
``reminded:`` is written by the job alone (so a person's call never races it): the bills
it has reminded each person of. Every hour the job reads the bills due from today to
:data:`DAYS_AHEAD` days on and reminds of each one, once, as a service message, the
people who granted ``messages.notify``; anyone else is left alone, and a bill stays
unreminded until they allow it or its day passes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from souq_sdk import Button, Card, Notifier, Refused, Shared, StateError, format_amount
from souq_sdk.notices import Basis

from souq_billpay.billers import CURRENCY, Bill, Biller, day, find_bill

NOTIFY = "messages.notify"
DAYS_AHEAD = 3
"""A bill is reminded of from this many days before it is due."""


@dataclass(frozen=True)
class Due:
    """A bill due soon that a person has not been reminded of yet."""

    person: str
    biller: Biller
    bill: Bill


def schedule(shared: Shared, person: str, bills: Iterable[Bill]) -> None:
    """Keep ``bills`` of ``person`` for the reminder job. A date with as many entries as
    a document holds (a few hundred people) takes no more: those bills go unreminded."""
    for bill in bills:
        due = shared[f"due:{bill.due.isoformat()}"]
        listed = due.get(person, [])
        if bill.reference not in listed:
            try:
                due.set(person, [*listed, bill.reference])
            except StateError:
                continue


def unschedule(shared: Shared, person: str, bills: Iterable[Bill]) -> None:
    """Take ``bills`` of ``person`` out of the reminder job's documents."""
    for bill in bills:
        due = shared[f"due:{bill.due.isoformat()}"]
        listed = due.get(person, [])
        if bill.reference in listed:
            listed.remove(bill.reference)
            if listed:
                due.set(person, listed)
            else:
                due.delete(person)


def due_soon(shared: Shared, today: date) -> Iterator[Due]:
    """The bills due from ``today`` to :data:`DAYS_AHEAD` days on, of people not yet
    reminded of them, the earliest first."""
    for ahead in range(DAYS_AHEAD + 1):
        day = (today + timedelta(days=ahead)).isoformat()
        due, reminded = shared[f"due:{day}"], shared[f"reminded:{day}"]
        for person in due:
            done = reminded.get(person, [])
            for reference in due.get(person):
                found = find_bill(reference)
                if found is not None and reference not in done:
                    yield Due(person, *found)


def send_reminder(notifier: Notifier, shared: Shared, due: Due, today: date) -> bool:
    """Remind ``due.person`` of the bill if they granted ``messages.notify``, and record
    it; whether they were reminded."""
    allowed = notifier.can_notify(due.person)
    if isinstance(allowed, Refused) or allowed.basis is not Basis.GRANTED:
        return False
    if isinstance(notifier.notify(due.person, reminder(due, today)), Refused):
        return False
    reminded = shared[f"reminded:{due.bill.due.isoformat()}"]
    reminded.set(due.person, [*reminded.get(due.person, []), due.bill.reference])
    return True


def reminder(due: Due, today: date) -> Card:
    """The message reminding of a bill, with a button to pay it."""
    bill, amount = due.bill, format_amount(due.bill.amount, CURRENCY)
    days = (bill.due - today).days
    when = {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")
    return Card(
        title=f"{due.biller.name} bill {bill.reference} is due {when}",
        body=f"{amount} for {bill.holder}, due {day(bill.due)}.",
        buttons=(Button(f"Pay {amount}", "pay", {"reference": bill.reference}),),
    )
