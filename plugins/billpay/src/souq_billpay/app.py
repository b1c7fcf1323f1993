"""Bill Pay: pay energy, water and phone bills in chat, by their reference.

``/billpay pay EN-1001`` answers with a payment request for the amount due; the person
confirms it with one press. ``/billpay save EN-1001`` keeps the biller (with the account
of that bill) so ``/billpay bills`` lists its open bills with Pay buttons, and
``/billpay forget energy`` drops it again. Every reply is private to the person.

The app keeps no database: what it knows is in the host's person state (see
:mod:`souq_billpay.records`). A bill becomes paid when the ``completed`` outcome of its
payment arrives, and is recorded in the payer's state, so that person cannot pay it
again. In a real deployment the biller's own system would know which bills are paid, for
everyone; the demo bills are shared by everyone, so here **a bill is paid per person**:
once Ana has paid EN-1001, Bruno can still pay it himself. Two requests for the same bill
may both be confirmed (one was still open when the other was paid); the second payment
is not kept: its receipt offers a Refund button that gives the money back.

``/billpay remind`` (or the Remind button of a saved biller) asks for reminders: the
person's open bills are kept for the reminder job, and souq asks them to allow Bill Pay's
service messages (``messages.notify``). An hourly job then reminds them of each bill of
their saved billers due within three days, once per bill (see
:mod:`souq_billpay.reminders`). People who do not allow it get nothing, and people who
never asked leave nothing in the job's documents.
"""

from __future__ import annotations

from datetime import timedelta

from souq_sdk import (
    App,
    AskScope,
    Button,
    Card,
    Context,
    Field,
    Item,
    ListReply,
    Notifier,
    PaymentEvent,
    PaymentOutcome,
    PaymentRequest,
    Refund,
    Shared,
    Text,
    Update,
    format_amount,
)

from souq_billpay.billers import (
    BILLERS,
    CURRENCY,
    Bill,
    Biller,
    day,
    find_bill,
    find_biller,
    reference_hint,
)
from souq_billpay.records import Records, bill_of, payment_reference
from souq_billpay.reminders import (
    DAYS_AHEAD,
    NOTIFY,
    due_soon,
    schedule,
    send_reminder,
    unschedule,
)

app = App(
    slug="billpay",
    name="Bill Pay",
    summary="Pay your energy, water and phone bills in chat",
    scopes=["payments.request", NOTIFY],
)


@app.command()
def bills(context: Context) -> ListReply:
    """List the billers, and your saved billers with their open bills to pay."""
    return _bills_view(Records(context.person_state))


@app.command()
def pay(context: Context, reference: str) -> PaymentRequest | Text:
    """Pay a bill: shows the amount due for you to confirm.

    Args:
        reference: the bill's reference, such as EN-1001
    """
    return _payment_request(Records(context.person_state), reference)


@app.command()
def save(context: Context, reference: str) -> Card | Text:
    """Save a biller, with the account of one of your bills, to see its bills in /billpay bills.

    Args:
        reference: the reference of one of your bills, such as EN-1001
    """
    found = find_bill(reference)
    if found is None:
        return _unknown_bill(reference)
    biller, bill = found
    records = Records(context.person_state)
    before = _account_bills(records, biller.id)
    records.save(biller.id, bill.reference)
    due = _open_bills(records, biller, bill.holder)
    unschedule(context.shared, context.person_id, [b for b in before if b not in due])
    if records.wants_reminders():
        schedule(context.shared, context.person_id, due)
    offer = bool(due) and not (records.wants_reminders() and NOTIFY in context.grants)
    return Card(
        title=f"Saved {biller.name}",
        body=f"Bills of {bill.holder}. See all your billers with /billpay bills.",
        fields=tuple(Field(b.reference, _amount_due(b)) for b in due)
        or (Field("Open bills", "none: everything is paid"),),
        buttons=(
            *(_pay_button(b) for b in due[:4]),
            *((Button("Remind me before they are due", "remind"),) if offer else ()),
        ),
    )


@app.command()
def forget(context: Context, biller: str) -> Text:
    """Forget a saved biller.

    Args:
        biller: the biller's name or id, such as energy
    """
    found = find_biller(biller)
    if found is None:
        known = ", ".join(b.id for b in BILLERS)
        return Text(f"No biller called {biller!r}. The billers are {known}.")
    if not _forget(context, Records(context.person_state), found.id):
        return Text(f"{found.name} is not one of your saved billers.")
    return Text(f"Forgot {found.name}.")


@app.command()
def remind(context: Context) -> AskScope | Text:
    """Get a message a few days before each bill of your saved billers is due."""
    return _reminders(context)


@app.action("pay")
def pay_button(context: Context, reference: str) -> PaymentRequest | Text:
    """Pay the bill of the button."""
    return _payment_request(Records(context.person_state), reference)


@app.action("forget")
def forget_button(context: Context, biller: str) -> Update:
    """Forget a saved biller, updating the list of bills in place."""
    records = Records(context.person_state)
    _forget(context, records, biller)
    return Update(_bills_view(records))


@app.action("remind")
def remind_button(context: Context) -> AskScope | Text:
    """Ask for reminders of the saved billers' bills."""
    return _reminders(context)


@app.action("refund")
def refund_button(context: Context, payment_id: str) -> Refund | Text:
    """Give back a payment of a bill that was already paid."""
    bill = Records(context.person_state).refund_due(payment_id)
    if bill is None:
        return Text("That payment has nothing to refund.")
    # The key is the payment: pressing again never refunds it twice.
    return Refund(payment_id=payment_id, reason=f"Bill {bill} was already paid", key=payment_id)


@app.on_payment(PaymentOutcome.COMPLETED)
def paid(context: Context, event: PaymentEvent) -> Card:
    """Record the bill as paid and answer with a receipt."""
    records = Records(context.person_state)
    reference = bill_of(event.reference)
    found = find_bill(reference)
    amount = format_amount(event.amount, event.currency)
    fields = (
        Field("Biller", found[0].name if found else event.description),
        Field("Reference", reference),
        Field("Amount", amount),
        Field("Payment", event.payment_id),
    )
    earlier = records.paid_by(reference)
    if earlier is not None and earlier != event.payment_id:
        records.owe_refund(event.payment_id, reference)
        return Card(
            title=f"Bill {reference} was already paid",
            body=f"Payment {earlier} paid it before this one. Press Refund to get {amount} back.",
            fields=fields,
            buttons=(Button(f"Refund {amount}", "refund", {"payment_id": event.payment_id}),),
        )
    records.mark_paid(reference, event.payment_id)
    if found is not None:
        unschedule(context.shared, context.person_id, [found[1]])
    return Card(title="Bill paid", body="Thank you: the biller has your payment.", fields=fields)


@app.on_payment(PaymentOutcome.DECLINED, PaymentOutcome.EXPIRED)
def unpaid(context: Context, event: PaymentEvent) -> Text | None:
    """Say that the bill is still open (nothing, if another payment paid it since)."""
    reference = bill_of(event.reference)
    if Records(context.person_state).paid_by(reference) is not None:
        return None
    found = find_bill(reference)
    what = f"{found[0].name} bill {reference}" if found else f"Bill {reference}"
    why = (
        "You declined the payment"
        if event.outcome is PaymentOutcome.DECLINED
        else "The payment request expired"
    )
    return Text(f"{why}: {what} is still open. Pay it with /billpay pay {reference}.")


@app.job("remind", every=timedelta(hours=1))
def remind_due_bills(notifier: Notifier, shared: Shared) -> None:
    """Remind the people who allow it of their bills due within a few days, once each."""
    today = shared.now.date()
    for due in list(due_soon(shared, today)):
        send_reminder(notifier, shared, due, today)


def _reminders(context: Context) -> AskScope | Text:
    """Keep the person's open bills for the reminder job, and ask for the permission it
    needs (the job leaves alone anyone who does not grant it)."""
    records = Records(context.person_state)
    records.want_reminders()
    due = [
        b
        for biller in BILLERS
        if (found := find_bill(records.saved().get(biller.id, ""))) is not None
        for b in _open_bills(records, biller, found[1].holder)
    ]
    schedule(context.shared, context.person_id, due)
    if NOTIFY not in context.grants:
        return AskScope(
            NOTIFY, f"to remind you of your bills {DAYS_AHEAD} days before they are due"
        )
    if not due:
        return Text(
            f"Bill Pay will remind you of your saved billers' bills {DAYS_AHEAD} days before "
            "they are due. Save one with /billpay save EN-1001."
        )
    listed = ", ".join(f"{b.reference} (due {day(b.due)})" for b in due)
    return Text(
        f"Bill Pay will remind you of each of these bills {DAYS_AHEAD} days before it is "
        f"due: {listed}."
    )


def _forget(context: Context, records: Records, biller_id: str) -> bool:
    """Forget a saved biller and its reminders; whether it was saved."""
    unschedule(context.shared, context.person_id, _account_bills(records, biller_id))
    return records.forget(biller_id)


def _account_bills(records: Records, biller_id: str) -> list[Bill]:
    """The bills of the account saved for a biller (none if it is not saved)."""
    found = find_bill(records.saved().get(biller_id, ""))
    return found[0].bills_of(found[1].holder) if found else []


def _payment_request(records: Records, reference: str) -> PaymentRequest | Text:
    found = find_bill(reference)
    if found is None:
        return _unknown_bill(reference)
    biller, bill = found
    payment = records.paid_by(bill.reference)
    if payment is not None:
        return Text(f"{biller.name} bill {bill.reference} is already paid (payment {payment}).")
    return PaymentRequest(
        amount=bill.amount,
        currency=CURRENCY,
        description=f"{biller.name}: bill {bill.reference} of {bill.holder}, due {day(bill.due)}",
        reference=payment_reference(bill.reference, records.next_attempt(bill.reference)),
    )


def _bills_view(records: Records) -> ListReply:
    saved: list[Item] = []
    others: list[Item] = []
    for biller in BILLERS:
        found = find_bill(records.saved().get(biller.id, ""))
        if found is not None:
            saved.append(_saved_item(records, biller, found[1].holder))
        else:
            example = biller.bills[0].reference
            others.append(
                Item(
                    title=biller.name,
                    body=f"{biller.kind.capitalize()} bills: pay with /billpay pay {example}, "
                    f"or keep yours here with /billpay save {example}.",
                )
            )
    return ListReply(title="Your bills" if saved else "Billers", items=(*saved, *others))


def _saved_item(records: Records, biller: Biller, holder: str) -> Item:
    due = _open_bills(records, biller, holder)
    body = "; ".join(f"{b.reference}: {_amount_due(b)}" for b in due)
    return Item(
        title=f"{biller.name} · {holder}",
        body=body or "Nothing to pay: every bill is paid.",
        buttons=(
            *(_pay_button(b) for b in due[:2]),
            Button("Forget", "forget", {"biller": biller.id}),
        ),
    )


def _open_bills(records: Records, biller: Biller, holder: str) -> list[Bill]:
    return [b for b in biller.bills_of(holder) if records.paid_by(b.reference) is None]


def _pay_button(bill: Bill) -> Button:
    return Button(
        f"Pay {bill.reference} · {format_amount(bill.amount, CURRENCY)}",
        "pay",
        {"reference": bill.reference},
    )


def _amount_due(bill: Bill) -> str:
    return f"{format_amount(bill.amount, CURRENCY)} due {day(bill.due)}"


def _unknown_bill(reference: str) -> Text:
    return Text(f"No bill with reference {reference!r}. {reference_hint(reference)}")
