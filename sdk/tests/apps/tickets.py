"""A paying mini-app written as a plain module of hook implementations, without App.

``/tickets buy SEATS`` asks for 9.50 a seat; ``/tickets refund PAYMENT [AMOUNT]`` gives
money back. Every outcome is recorded in the person's state; only a completed payment
gets a receipt.
"""

from typing import Any

from souq_sdk import (
    Card,
    Context,
    Field,
    PaymentEvent,
    PaymentOutcome,
    PaymentRequest,
    Refund,
    format_amount,
    hookimpl,
)

SEAT = 950


@hookimpl
def souq_manifest() -> dict[str, Any]:
    return {
        "slug": "tickets",
        "name": "Tickets",
        "version": "1.0.0",
        "summary": "Cinema tickets",
        "scopes": ["payments.request"],
        "commands": [
            {
                "name": "buy",
                "summary": "Buy seats.",
                "params": [
                    {"name": "seats", "type": "int", "min": 1, "max": 9, "help": "how many"}
                ],
            },
            {
                "name": "refund",
                "summary": "Give money back.",
                "params": [
                    {"name": "payment", "type": "str", "help": "the payment id"},
                    {"name": "amount", "type": "int", "required": False, "help": "minor units"},
                ],
            },
        ],
    }


@hookimpl
def souq_command(command: str, args: dict[str, Any], context: Context) -> PaymentRequest | Refund:
    if command == "refund":
        amount = args.get("amount")
        return Refund(
            payment_id=args["payment"],
            reason="Show cancelled",
            key=f"refund-{args['payment']}-{amount or 'all'}",
            amount=amount,
        )
    number = context.person_state.get("orders", 0) + 1
    context.person_state.set("orders", number)
    return PaymentRequest(
        amount=SEAT * args["seats"],
        description=f"{args['seats']} seats",
        reference=f"order-{number}",
    )


@hookimpl
def souq_payment(event: PaymentEvent, context: Context) -> Card | None:
    outcomes = context.person_state.get("outcomes", [])
    context.person_state.set("outcomes", [*outcomes, f"{event.reference} {event.outcome}"])
    if event.outcome is not PaymentOutcome.COMPLETED:
        return None
    return Card(
        title="Your tickets",
        fields=(
            Field("Paid", format_amount(event.amount, event.currency)),
            Field("Payment", event.payment_id),
        ),
    )
