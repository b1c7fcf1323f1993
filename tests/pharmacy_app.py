"""A pharmacy app as a newcomer writes it from docs/writing-apps.md, with postponed
annotations (``from __future__ import annotations``): a typed order command with an
optional rest-of-line note, a card whose buttons carry a typed payload, a Confirm that
updates its card and asks for payment, a Cancel that streams, and a public receipt."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal
from enum import StrEnum

from souq_sdk import (
    App,
    Button,
    Card,
    Context,
    Field,
    PaymentEvent,
    PaymentOutcome,
    PaymentRequest,
    Range,
    Rest,
    Text,
    Update,
    Visibility,
)

PACK_PRICE = 450  # cents


class Form(StrEnum):
    """How a medicine comes."""

    TABLET = "tablet"
    SYRUP = "syrup"


app = App(
    slug="pharmacy",
    name="Pharmacy",
    version="1.0.0",
    summary="Order medicines",
    scopes=["payments.request"],
)


@app.command()
def order(
    context: Context,
    medicine: str,
    form: Form,
    packs: Range[int, 1, 10],
    dose: Range[Decimal, 0.1, 20] = Decimal("1"),
    note: Rest | None = None,
) -> Card:
    """Order a medicine.

    The pharmacist on duty prepares it once you confirm and pay.

    Args:
        medicine: what to order
        form: tablets or syrup
        packs: how many packs
        dose: tablets or spoons a day
        note: anything the pharmacist should know
    """
    number = context.person_state.get("orders", 0) + 1
    context.person_state.set("orders", number)
    reference = f"A-{number}"
    fields = [Field("Packs", str(packs)), Field("Dose", f"{dose} a day")]
    if note is not None:
        fields.append(Field("Note", note))
    return Card(
        title=f"Order {reference}: {medicine} ({form.value})",
        fields=tuple(fields),
        buttons=(
            Button("Confirm", "confirm", {"order": reference, "packs": packs, "form": form}),
            Button("Cancel", "cancel", {"order": reference}),
            Button("Check stock", "stock", {"order": reference}),
            Button("Recall", "recall", {"order": reference}),
        ),
    )


@app.command()
def mislabel() -> Card:
    """Show a card whose button payload does not fit its action (a bug)."""
    return Card(title="Order 17", buttons=(Button("Confirm", "confirm", {"order": 17}),))


@app.action()
def confirm(context: Context, order: str, packs: int, form: Form) -> Update:
    """Confirm an order: the card says so, then a thank-you and the payment request."""
    return Update(
        Card(title=f"Order {order}", body=f"Confirmed: {packs} packs of {form.value}"),
        then=(
            Text(f"Thank you, {order} is confirmed."),
            PaymentRequest(
                amount=PACK_PRICE * packs, description=f"Order {order}", reference=order
            ),
        ),
    )


@app.action()
async def cancel(order: str) -> AsyncIterator[Text | Update]:
    """Cancel an order: say so at once, then mark the card cancelled."""
    yield Text(f"Cancelling {order}…")
    yield Update(Card(title=f"Order {order}", body="Cancelled"))


@app.action()
async def stock(order: str) -> AsyncIterator[Text | Update]:
    """Check the stock: the card says so at once, a note follows, then the card is ready."""
    yield Update(Card(title=f"Order {order}", body="Checking the stock…"))
    yield Text(f"{order}: in stock.")
    yield Update(Card(title=f"Order {order}", body="Ready"), then=(Text("Come and collect it."),))


@app.action()
async def recall(order: str) -> AsyncIterator[Update | int]:
    """A bug: update the card, then yield something that is not a reply."""
    yield Update(Card(title=f"Order {order}", body="Recalling…"))
    yield 42


@app.on_payment(PaymentOutcome.COMPLETED)
def paid(event: PaymentEvent) -> Text:
    """A public receipt: the conversation sees that the order is paid."""
    return Text(f"{event.reference} is paid.", visibility=Visibility.PUBLIC)
