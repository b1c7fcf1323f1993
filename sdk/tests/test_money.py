"""Money in the SDK: amounts, payment and refund replies, App.on_payment, the harness."""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from souq_sdk import (
    App,
    Card,
    Context,
    Field,
    InvalidReply,
    PaymentEvent,
    PaymentOutcome,
    PaymentRequest,
    Refund,
    State,
    Text,
    Update,
    format_amount,
)
from souq_sdk.dispatch import call_app, plugin_manager
from souq_sdk.manifest import validate_manifest
from souq_sdk.money import (
    CURRENCIES,
    MAX_AMOUNT,
    MoneyError,
    check_amount,
    check_currency,
    parse_amount,
)
from souq_sdk.replies import (
    DEFAULT_EXPIRY,
    MAX_EXPIRY,
    MIN_EXPIRY,
    Visibility,
    check_reply,
    reply_from_dict,
    validate_reply,
)
from souq_sdk.testing import AppHarness, HarnessError

APPS = Path(__file__).parent / "apps"


def request(**changes: Any) -> dict[str, Any]:
    """The dict form of a valid payment request, with ``changes``."""
    return {
        "type": "payment",
        "amount": 1250,
        "description": "2 seats",
        "reference": "order-17",
        **changes,
    }


def refund(**changes: Any) -> dict[str, Any]:
    """The dict form of a valid refund, with ``changes``."""
    return {"type": "refund", "payment_id": "pay-1", "reason": "Cancelled", "key": "r1", **changes}


def problems(value: object, **flags: bool) -> list[str]:
    with pytest.raises(InvalidReply) as caught:
        validate_reply(value, "shop", **flags)
    assert caught.value.app == "shop"
    return caught.value.problems


def manifest(*scopes: str) -> Any:
    return validate_manifest(
        {
            "slug": "shop",
            "name": "Shop",
            "version": "1.0.0",
            "summary": "Sells",
            "scopes": list(scopes),
            "commands": [{"name": "go", "summary": "Go."}],
        }
    )


def context(app: str = "shop") -> Context:
    return Context(
        app=app,
        person_id="p1",
        conversation_id="c1",
        person_state=State(app=app, scope="person"),
        conversation_state=State(app=app, scope="conversation"),
    )


def event(outcome: PaymentOutcome = PaymentOutcome.COMPLETED) -> PaymentEvent:
    return PaymentEvent(
        outcome=outcome,
        payment_id="pay-1",
        reference="order-17",
        amount=1250,
        currency="EUR",
        description="2 seats",
    )


# Amounts


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (1250, "EUR", "€12.50"),
        (5, "EUR", "€0.05"),
        (100, "USD", "$1.00"),
        (123456789, "GBP", "£1,234,567.89"),
        (300, "CHF", "CHF 3.00"),
        (1500, "JPY", "¥1,500"),
        (1, "JPY", "¥1"),
        (0, "EUR", "€0.00"),
        (-1250, "EUR", "-€12.50"),
        (-7, "JPY", "-¥7"),
    ],
)
def test_format_amount_writes_minor_units_in_major_units(amount, currency, text) -> None:
    assert format_amount(amount, currency) == text


def test_format_amount_refuses_an_unknown_currency() -> None:
    with pytest.raises(MoneyError, match=r"unknown currency 'XYZ' \(known: EUR, USD, GBP"):
        format_amount(100, "XYZ")


@pytest.mark.parametrize(
    ("text", "currency", "amount"),
    [
        ("12.50", "EUR", 1250),
        ("12.5", "EUR", 1250),
        ("12", "EUR", 1200),
        ("0.01", "EUR", 1),
        (" 7.00 ", "USD", 700),
        ("12.500", "EUR", 1250),  # trailing zeros are still the exact same amount
        ("100000", "EUR", MAX_AMOUNT),
        ("1500", "JPY", 1500),
        ("1500.0", "JPY", 1500),
        ("10000000", "JPY", MAX_AMOUNT),
    ],
)
def test_parse_amount_reads_major_units_exactly(text, currency, amount) -> None:
    assert parse_amount(text, currency) == amount
    assert type(parse_amount(text, currency)) is int


@pytest.mark.parametrize(
    ("text", "currency", "message"),
    [
        ("12.345", "EUR", "EUR has 2 decimal places; '12.345' has more"),
        ("0.001", "USD", "USD has 2 decimal places; '0.001' has more"),
        ("15.5", "JPY", "JPY has 0 decimal places; '15.5' has more"),
        ("0", "EUR", "an amount must be from €0.01 to €100,000.00"),
        ("0.00", "EUR", "an amount must be from €0.01 to €100,000.00"),
        ("-1", "EUR", "an amount must be from €0.01 to €100,000.00"),
        ("100000.01", "EUR", "an amount must be from €0.01 to €100,000.00"),
        ("10000001", "JPY", "an amount must be from ¥1 to ¥10,000,000"),
        ("twelve", "EUR", "'twelve' is not an amount (write it like 12.50)"),
        ("", "EUR", "'' is not an amount"),
        ("12,50", "EUR", "'12,50' is not an amount"),
        ("€12.50", "EUR", "'€12.50' is not an amount"),
        ("NaN", "EUR", "'NaN' is not an amount"),
        ("Infinity", "EUR", "'Infinity' is not an amount"),
        ("12.50", "XYZ", "unknown currency 'XYZ'"),
        ("12.50", "eur", "unknown currency 'eur'"),
    ],
)
def test_parse_amount_refuses_what_is_not_an_exact_positive_amount(text, currency, message) -> None:
    with pytest.raises(MoneyError) as caught:
        parse_amount(text, currency)
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_parse_amount_refuses_extra_decimals_beyond_the_decimal_precision() -> None:
    with pytest.raises(MoneyError, match="decimal places"):
        parse_amount("1.0000000000000000000000000001", "EUR")


def test_parse_amount_answers_a_huge_exponent_with_a_money_error() -> None:
    with pytest.raises(MoneyError):
        parse_amount("1e999999", "EUR")


@given(st.integers(1, MAX_AMOUNT))
def test_parse_amount_reads_back_every_amount_in_euros(amount: int) -> None:
    assert parse_amount(f"{amount // 100}.{amount % 100:02d}", "EUR") == amount
    assert format_amount(amount, "EUR") == f"€{amount // 100:,}.{amount % 100:02d}"


@given(st.integers(1, MAX_AMOUNT), st.sampled_from(sorted(CURRENCIES)))
def test_parse_amount_reads_back_every_amount_in_every_currency(amount: int, currency: str) -> None:
    digits, symbol = CURRENCIES[currency]
    shown = format_amount(amount, currency)
    assert shown.startswith(symbol)
    assert parse_amount(shown.removeprefix(symbol).replace(",", ""), currency) == amount
    assert Decimal(amount).scaleb(-digits) == Decimal(shown.removeprefix(symbol).replace(",", ""))


@pytest.mark.parametrize("amount", [1, 950, MAX_AMOUNT])
def test_check_amount_passes_positive_integers_up_to_the_maximum(amount: int) -> None:
    assert check_amount(amount) == amount


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (0, "between 1 and 10000000"),
        (-5, "between 1 and 10000000"),
        (MAX_AMOUNT + 1, "between 1 and 10000000"),
        (12.5, "not float"),
        (1250.0, "not float"),
        (True, "not bool"),
        ("1250", "not str"),
        (Decimal("12.50"), "not Decimal"),
        (None, "not NoneType"),
    ],
)
def test_check_amount_refuses_anything_else(amount: object, message: str) -> None:
    with pytest.raises(MoneyError, match=message):
        check_amount(amount)


def test_check_currency_knows_the_iso_codes_only() -> None:
    assert [check_currency(c) for c in CURRENCIES] == list(CURRENCIES)
    with pytest.raises(MoneyError, match="unknown currency 'BTC'"):
        check_currency("BTC")


# Payment requests and refunds as replies


def test_a_payment_request_validates_with_its_defaults() -> None:
    reply = validate_reply(
        PaymentRequest(amount=1250, description="2 seats", reference="order-17"),
        "shop",
        allow_money=True,
    )
    assert reply == PaymentRequest(
        amount=1250,
        description="2 seats",
        reference="order-17",
        currency="EUR",
        expires_in=DEFAULT_EXPIRY,
        visibility=Visibility.PRIVATE,
    )
    assert reply.to_dict() == {
        **request(),
        "currency": "EUR",
        "expires_in": 900,
        "visibility": "private",
    }
    assert reply_from_dict(reply.to_dict(), "shop", allow_money=True) == reply


def test_a_public_payment_request_in_yen_keeps_its_settings() -> None:
    reply = validate_reply(
        request(amount=1500, currency="JPY", expires_in=MAX_EXPIRY, visibility="public"),
        "shop",
        allow_money=True,
    )
    assert isinstance(reply, PaymentRequest)
    assert (reply.amount, reply.currency, reply.expires_in) == (1500, "JPY", MAX_EXPIRY)
    assert reply.visibility is Visibility.PUBLIC


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (0, "an amount must be between 1 and 10000000 minor units"),
        (-1250, "an amount must be between 1 and 10000000 minor units"),
        (MAX_AMOUNT + 1, "an amount must be between 1 and 10000000 minor units"),
        (12.5, "an amount is an integer of minor units, not float"),
        (1250.0, "an amount is an integer of minor units, not float"),
        (True, "an amount is an integer of minor units, not bool"),
        ("1250", "an amount is an integer of minor units, not str"),
        (None, "an amount is an integer of minor units, not NoneType"),
    ],
)
def test_a_payment_request_needs_an_integer_amount_in_range(amount, message) -> None:
    assert problems(request(amount=amount), allow_money=True) == [f"reply.amount: {message}"]
    assert problems(
        PaymentRequest(amount=amount, description="x", reference="r"), allow_money=True
    ) == [f"reply.amount: {message}"]


def test_a_payment_request_may_be_missing_its_amount_only_to_be_refused() -> None:
    data = request()
    del data["amount"]
    assert problems(data, allow_money=True) == [
        "reply.amount: an amount is an integer of minor units, not NoneType"
    ]


@pytest.mark.parametrize(
    "reference", ["", " ", "order 17", "-order", "x" * 65, "order/17", "ordre-é", None, 17]
)
def test_a_payment_request_needs_a_short_plain_reference(reference: object) -> None:
    assert problems(request(reference=reference), allow_money=True) == [
        f"reply.reference: {reference!r} is not 1-64 letters, digits and . _ : -"
    ]


@pytest.mark.parametrize("reference", ["a", "order-17", "EN-1001:2", "x" * 64, "A.b_c:d-1"])
def test_references_may_use_letters_digits_and_some_punctuation(reference: str) -> None:
    reply = validate_reply(request(reference=reference), "shop", allow_money=True)
    assert isinstance(reply, PaymentRequest) and reply.reference == reference


@pytest.mark.parametrize("expires_in", [MIN_EXPIRY, 900, MAX_EXPIRY])
def test_a_payment_request_expires_within_bounds(expires_in: int) -> None:
    reply = validate_reply(request(expires_in=expires_in), "shop", allow_money=True)
    assert isinstance(reply, PaymentRequest) and reply.expires_in == expires_in


@pytest.mark.parametrize("expires_in", [0, MIN_EXPIRY - 1, MAX_EXPIRY + 1, -60, 600.0, True, "900"])
def test_a_payment_request_refuses_an_expiry_out_of_bounds(expires_in: object) -> None:
    assert problems(request(expires_in=expires_in), allow_money=True) == [
        "reply.expires_in: seconds from 60 to 86400"
    ]


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"currency": "XYZ"}, "reply.currency: unknown currency 'XYZ'"),
        ({"currency": "eur"}, "reply.currency: unknown currency 'eur'"),
        ({"description": ""}, "reply.description: must not be empty"),
        ({"description": None}, "reply.description: missing"),
        ({"description": "x" * 201}, "reply.description: 201 characters; at most 200"),
        ({"visibility": "everyone"}, "reply.visibility: 'everyone' is neither"),
        ({"tip": 100}, "reply: unknown key 'tip'"),
        ({"payment_id": "pay-1"}, "reply: unknown key 'payment_id'"),
    ],
)
def test_a_payment_request_refuses_other_bad_fields(changes, problem) -> None:
    (found,) = problems(request(**changes), allow_money=True)
    assert found.startswith(problem)


def test_every_problem_of_a_payment_request_is_listed_at_once() -> None:
    found = problems(
        request(amount=0.5, reference="a b", expires_in=5, currency="XXX", extra=1),
        allow_money=True,
    )
    assert [p.split(":")[0] for p in found] == [
        "reply",
        "reply.expires_in",
        "reply.amount",
        "reply.currency",
        "reply.reference",
    ]


def test_a_refund_validates_with_or_without_an_amount() -> None:
    everything = validate_reply(refund(), "shop", allow_money=True)
    assert everything == Refund(payment_id="pay-1", reason="Cancelled", key="r1", amount=None)
    part = validate_reply(
        Refund(payment_id="pay-1", reason="One seat", key="r2", amount=950),
        "shop",
        allow_money=True,
    )
    assert isinstance(part, Refund) and part.amount == 950
    assert part.to_dict() == refund(reason="One seat", key="r2", amount=950)
    assert reply_from_dict(part.to_dict(), "shop", allow_money=True) == part


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"amount": 0}, "reply.amount: an amount must be between 1 and 10000000 minor units"),
        ({"amount": -1}, "reply.amount: an amount must be between 1 and 10000000 minor units"),
        ({"amount": 9.5}, "reply.amount: an amount is an integer of minor units, not float"),
        ({"amount": False}, "reply.amount: an amount is an integer of minor units, not bool"),
        ({"payment_id": ""}, "reply.payment_id: '' is not 1-64 letters"),
        ({"payment_id": None}, "reply.payment_id: None is not 1-64 letters"),
        ({"key": "two words"}, "reply.key: 'two words' is not 1-64 letters"),
        ({"key": 7}, "reply.key: 7 is not 1-64 letters"),
        ({"reason": None}, "reply.reason: missing"),
        ({"reason": "  "}, "reply.reason: must not be empty"),
        ({"reason": "x" * 201}, "reply.reason: 201 characters; at most 200"),
        ({"currency": "EUR"}, "reply: unknown key 'currency'"),
        ({"visibility": "public"}, "reply: unknown key 'visibility'"),
    ],
)
def test_a_refund_refuses_bad_fields(changes, problem) -> None:
    (found,) = problems(refund(**changes), allow_money=True)
    assert found.startswith(problem)


@pytest.mark.parametrize(
    ("money", "kind"),
    [
        (PaymentRequest(amount=1250, description="2 seats", reference="order-17"), "payment"),
        (Refund(payment_id="pay-1", reason="Cancelled", key="r1"), "refund"),
        (request(), "payment"),
        (refund(), "refund"),
    ],
)
def test_money_is_refused_where_it_is_not_allowed(money: object, kind: str) -> None:
    expected = [f"reply: a {kind} only answers a command or a button press"]
    assert problems(money) == expected
    assert problems(money, allow_update=True) == expected


def test_money_cannot_hide_inside_an_update() -> None:
    wrapped = Update(PaymentRequest(amount=1250, description="x", reference="r"))  # type: ignore[arg-type]
    assert problems(wrapped, allow_update=True, allow_money=True) == [
        "reply.reply: unknown reply type 'payment' (expected text, card or list)"
    ]


def test_check_reply_lets_money_through_only_with_the_payments_scope() -> None:
    payment = PaymentRequest(amount=1250, description="2 seats", reference="order-17")
    give_back = Refund(payment_id="pay-1", reason="Cancelled", key="r1")
    assert check_reply(payment, manifest("payments.request"), allow_money=True) == payment
    assert check_reply(give_back, manifest("payments.request"), allow_money=True) == give_back
    for money, kind in ((payment, "payment"), (give_back, "refund")):
        with pytest.raises(InvalidReply) as caught:
            check_reply(money, manifest("profile.name"), allow_money=True)
        assert caught.value.problems == [f"a {kind} needs the 'payments.request' scope"]
        with pytest.raises(InvalidReply, match="only answers a command or a button press"):
            check_reply(money, manifest("payments.request"))


# App.on_payment


def shop(scopes: tuple[str, ...] = ("payments.request",)) -> App:
    return App(slug="shop", name="Shop", version="1.0.0", summary="Sells", scopes=scopes)


async def settle(app: App, outcome: PaymentOutcome, ctx: Context | None = None) -> Any:
    pm = plugin_manager()
    pm.register(app)
    return await call_app(
        pm, app, "souq_payment", event=event(outcome), context=ctx or context(), notifier=None
    )


async def test_on_payment_handles_only_the_outcomes_it_names() -> None:
    app = shop()
    seen: list[PaymentEvent] = []

    @app.on_payment(PaymentOutcome.COMPLETED)
    def paid(context: Context, event: PaymentEvent) -> Text:
        seen.append(event)
        return Text(f"Paid {format_amount(event.amount, event.currency)} for {event.reference}")

    assert await settle(app, PaymentOutcome.COMPLETED) == Text("Paid €12.50 for order-17")
    assert await settle(app, PaymentOutcome.DECLINED) is None
    assert await settle(app, PaymentOutcome.EXPIRED) is None
    assert seen == [event()]


async def test_on_payment_without_outcomes_handles_them_all() -> None:
    app = shop()

    @app.on_payment()
    async def any_outcome(event: PaymentEvent) -> Text:
        return Text(str(event.outcome))

    for outcome in PaymentOutcome:
        assert await settle(app, outcome) == Text(outcome.value)


async def test_on_payment_accepts_outcome_names_and_separate_handlers() -> None:
    app = shop()

    @app.on_payment("completed")
    def paid(context: Context, event: PaymentEvent) -> Text:
        context.person_state.set("paid", event.payment_id)
        return Text("receipt")

    @app.on_payment("declined", PaymentOutcome.EXPIRED)
    def unpaid(context: Context) -> Text:
        return Text("still open")

    ctx = context()
    assert await settle(app, PaymentOutcome.COMPLETED, ctx) == Text("receipt")
    assert ctx.person_state.get("paid") == "pay-1"
    assert await settle(app, PaymentOutcome.DECLINED) == Text("still open")
    assert await settle(app, PaymentOutcome.EXPIRED) == Text("still open")


def test_on_payment_refuses_an_outcome_handled_twice() -> None:
    app = shop()

    @app.on_payment(PaymentOutcome.COMPLETED)
    def first(event: PaymentEvent) -> None:
        return None

    with pytest.raises(ValueError, match=r"shop: payment outcomes \['completed'\] handled twice"):
        app.on_payment(PaymentOutcome.COMPLETED)(first)
    with pytest.raises(ValueError, match=r"handled twice"):
        app.on_payment()(first)  # all outcomes include completed
    app.on_payment(PaymentOutcome.DECLINED)(first)  # nothing was half-registered


def test_on_payment_refuses_an_unknown_outcome() -> None:
    with pytest.raises(ValueError, match="'paid' is not a valid PaymentOutcome"):
        shop().on_payment("paid")


def test_on_payment_refuses_a_handler_taking_more_than_the_event() -> None:
    with pytest.raises(TypeError, match="a payment handler takes the context and the event"):

        @shop().on_payment()
        def greedy(context: Context, event: PaymentEvent, extra: int) -> None:
            return None


async def test_an_app_without_a_payment_handler_answers_nothing() -> None:
    app = shop()
    app.command("go")(lambda: Text("x"))
    for outcome in PaymentOutcome:
        assert await settle(app, outcome) is None


# The harness


def shop_app() -> tuple[App, list[PaymentEvent]]:
    """A shop that sells seats, refunds on request, and records every payment event."""
    app = shop()
    events: list[PaymentEvent] = []

    @app.command()
    def buy(context: Context, seats: int = 1) -> PaymentRequest:
        """Buy seats.

        Args:
            seats: how many
        """
        return PaymentRequest(amount=950 * seats, description=f"{seats} seats", reference="o-1")

    @app.command("refund")
    def give_back(payment: str, key: str, amount: int | None = None) -> Refund:
        """Refund a payment.

        Args:
            payment: the payment id
            key: the refund's idempotency key
            amount: how much, in cents
        """
        return Refund(payment_id=payment, reason="Cancelled", key=key, amount=amount)

    @app.on_payment()
    def outcome(context: Context, event: PaymentEvent) -> Card | Text | None:
        events.append(event)
        context.person_state.set("last", f"{event.reference} {event.outcome}")
        if event.outcome is PaymentOutcome.COMPLETED:
            return Card(
                title="Receipt", fields=(Field("Paid", format_amount(event.amount, "EUR")),)
            )
        if event.outcome is PaymentOutcome.DECLINED:
            return Text("Declined")
        return None

    return app, events


def buy(h: AppHarness, seats: int = 2, person: str = "ana") -> PaymentRequest:
    reply = h.run(f"/shop buy {seats}", as_person=person, in_conversation="c9")
    assert isinstance(reply, PaymentRequest)
    return reply


def test_the_harness_pays_a_request_and_returns_the_receipt_from_one_hook_call() -> None:
    app, events = shop_app()
    h = AppHarness(app)
    payment = buy(h, 2, person="bob")
    assert payment == PaymentRequest(amount=1900, description="2 seats", reference="o-1")
    record = h.payment_of(payment)
    assert (record.person, record.conversation, record.outcome) == ("bob", "c9", None)
    assert h.payments == {record.payment_id: record}

    receipt = h.pay(payment)
    assert receipt == Card(title="Receipt", fields=(Field("Paid", "€19.00"),))
    assert events == [
        PaymentEvent(
            outcome=PaymentOutcome.COMPLETED,
            payment_id=record.payment_id,
            reference="o-1",
            amount=1900,
            currency="EUR",
            description="2 seats",
        )
    ]
    assert record.outcome is PaymentOutcome.COMPLETED
    assert h.person_state("bob") == {"last": "o-1 completed"}  # as the payer, state saved
    assert (h.last.person, h.last.conversation, h.last.final) == ("bob", "c9", receipt)


def test_a_request_is_settled_only_once() -> None:
    app, events = shop_app()
    h = AppHarness(app)
    paid, declined = buy(h), buy(h)
    assert paid is not declined and h.payment_of(paid) is not h.payment_of(declined)
    h.pay(paid)
    h.decline(declined)
    for settled in (paid, declined):
        for again in (h.pay, h.decline, h.expire):
            with pytest.raises(HarnessError, match="that request is already"):
                again(settled)
    assert len(events) == 2


def test_decline_and_expire_call_the_hook_with_their_outcome() -> None:
    app, events = shop_app()
    h = AppHarness(app)
    declined, expired = buy(h), buy(h)
    assert h.decline(declined) == Text("Declined")
    assert h.expire(expired) is None
    assert [e.outcome for e in events] == [PaymentOutcome.DECLINED, PaymentOutcome.EXPIRED]
    assert h.payment_of(expired).outcome is PaymentOutcome.EXPIRED
    assert h.person_state("ana") == {"last": "o-1 expired"}  # saved though nothing was said


def test_only_requests_the_app_made_can_be_paid() -> None:
    app, _ = shop_app()
    h = AppHarness(app)
    made = buy(h)
    with pytest.raises(HarnessError, match="was not answered by this harness's app"):
        h.pay(PaymentRequest(amount=1900, description="2 seats", reference="o-1"))
    assert h.payment_of(made).outcome is None


async def test_async_tests_pay_with_apay_and_asettle() -> None:
    app, events = shop_app()
    h = AppHarness(app)
    first = await h.arun("/shop buy 1")
    second = await h.arun("/shop buy 3")
    assert isinstance(first, PaymentRequest) and isinstance(second, PaymentRequest)
    assert isinstance(await h.apay(first), Card)
    assert await h.asettle(second, PaymentOutcome.EXPIRED) is None
    assert [e.amount for e in events] == [950, 2850]
    with pytest.raises(HarnessError, match=r"use await harness\.arun"):
        h.pay(second)


def paid_shop(seats: int = 2) -> tuple[AppHarness, str]:
    app, _ = shop_app()
    h = AppHarness(app)
    payment = buy(h, seats)
    h.pay(payment)
    return h, h.payment_of(payment).payment_id


def test_a_full_refund_gives_back_all_that_was_paid() -> None:
    h, payment_id = paid_shop(2)
    reply = h.run(f"/shop refund {payment_id} all")
    assert reply == Refund(payment_id=payment_id, reason="Cancelled", key="all")
    assert h.refunds == [reply]
    assert h.payments[payment_id].refunded == 1900
    with pytest.raises(HarnessError, match=f"refund of 1 on '{payment_id}': only 0 is left"):
        h.run(f"/shop refund {payment_id} more 1")


def test_partial_refunds_add_up_to_what_was_paid_and_no_more() -> None:
    h, payment_id = paid_shop(2)
    h.run(f"/shop refund {payment_id} seat-1 950")
    h.run(f"/shop refund {payment_id} part 500")
    assert h.payments[payment_id].refunded == 1450
    with pytest.raises(HarnessError, match=f"refund of 451 on '{payment_id}': only 450 is left"):
        h.run(f"/shop refund {payment_id} too-much 451")
    rest = h.run(f"/shop refund {payment_id} rest")  # no amount: what is left
    assert isinstance(rest, Refund) and rest.amount is None
    assert h.payments[payment_id].refunded == 1900
    assert [r.key for r in h.refunds] == ["seat-1", "part", "rest"]


def test_a_refund_key_is_used_once() -> None:
    h, payment_id = paid_shop(2)
    h.run(f"/shop refund {payment_id} seat-1 950")
    h.run(f"/shop refund {payment_id} seat-1 950")  # a retry: not refunded again
    h.run(f"/shop refund {payment_id} seat-1 500")  # same key, other amount: still not again
    assert h.payments[payment_id].refunded == 950
    assert [r.key for r in h.refunds] == ["seat-1"]


def test_only_a_completed_payment_can_be_refunded() -> None:
    app, _ = shop_app()
    h = AppHarness(app)
    pending, declined = buy(h), buy(h)
    h.decline(declined)
    for payment in (pending, declined):
        payment_id = h.payment_of(payment).payment_id
        with pytest.raises(HarnessError, match=f"refund of '{payment_id}': no completed payment"):
            h.run(f"/shop refund {payment_id} k-{payment_id}")
    with pytest.raises(HarnessError, match="refund of 'pay-99': no completed payment"):
        h.run("/shop refund pay-99 k")
    assert h.refunds == []


def test_money_from_an_app_without_the_payments_scope_is_refused() -> None:
    app = shop(scopes=())
    app.command("buy")(lambda: PaymentRequest(amount=100, description="x", reference="r"))
    h = AppHarness(app)
    with pytest.raises(InvalidReply, match=r"a payment needs the 'payments\.request' scope"):
        h.run("/shop buy")
    assert h.payments == {}


def test_money_is_refused_in_a_stream_and_as_a_payment_hook_reply() -> None:
    app = shop()

    @app.command()
    async def slow() -> AsyncIterator[Text | PaymentRequest]:
        """Ask for money in a stream."""
        yield Text("working")
        yield PaymentRequest(amount=100, description="x", reference="r")

    @app.command()
    def buy() -> PaymentRequest:
        """Buy."""
        return PaymentRequest(amount=100, description="x", reference="r")

    @app.on_payment()
    def outcome(event: PaymentEvent) -> Refund:
        return Refund(payment_id=event.payment_id, reason="changed my mind", key="k")

    h = AppHarness(app)
    with pytest.raises(InvalidReply, match="a payment only answers a command or a button press"):
        h.run("/shop slow")
    payment = h.run("/shop buy")
    assert isinstance(payment, PaymentRequest)
    with pytest.raises(InvalidReply, match="a refund only answers a command or a button press"):
        h.pay(payment)
    assert h.refunds == []


# A plain module of hookimpls


@pytest.fixture
def tickets() -> ModuleType:
    spec = importlib.util.spec_from_file_location("souq_sdk_test_tickets", APPS / "tickets.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_plain_hookimpl_module_takes_payments_and_refunds(tickets: ModuleType) -> None:
    h = AppHarness(tickets)
    first = h.run("/tickets buy 2")
    second = h.run("/tickets buy 1")
    assert first == PaymentRequest(amount=1900, description="2 seats", reference="order-1")
    assert isinstance(second, PaymentRequest) and second.reference == "order-2"

    receipt = h.pay(first)
    payment_id = h.payment_of(first).payment_id
    assert receipt == Card(
        title="Your tickets", fields=(Field("Paid", "€19.00"), Field("Payment", payment_id))
    )
    assert h.expire(second) is None
    assert h.person_state("ana")["outcomes"] == ["order-1 completed", "order-2 expired"]

    h.run(f"/tickets refund {payment_id} 950")
    h.run(f"/tickets refund {payment_id}")
    assert h.payments[payment_id].refunded == 1900
    assert [r.key for r in h.refunds] == [f"refund-{payment_id}-950", f"refund-{payment_id}-all"]
