"""The bill-pay app, run in the souq-sdk harness: no server, no database, no real money."""

from importlib.metadata import entry_points

import pytest
from souq_billpay.app import app
from souq_billpay.billers import BILLERS, find_bill, find_biller
from souq_sdk import (
    Button,
    Card,
    Context,
    Field,
    Item,
    ListReply,
    PaymentRequest,
    Refund,
    State,
    Text,
    Update,
    UsageError,
    Visibility,
)
from souq_sdk.dispatch import call_app, plugin_manager
from souq_sdk.testing import AppHarness, HarnessError

OTHER_BILLERS = (
    Item(
        title="Aqua Water",
        body="Water bills: pay with /billpay pay WA-2001, "
        "or keep yours here with /billpay save WA-2001.",
    ),
    Item(
        title="Tel Phone",
        body="Mobile and internet bills: pay with /billpay pay TE-3001, "
        "or keep yours here with /billpay save TE-3001.",
    ),
)


@pytest.fixture
def billpay() -> AppHarness:
    return AppHarness(app)


def ask(billpay: AppHarness, reference: str, person: str = "ana") -> PaymentRequest:
    request = billpay.run(f"/billpay pay {reference}", as_person=person)
    assert isinstance(request, PaymentRequest), request
    return request


def receipt(reference: str, biller: str, amount: str, payment_id: str) -> Card:
    return Card(
        title="Bill paid",
        body="Thank you: the biller has your payment.",
        fields=(
            Field("Biller", biller),
            Field("Reference", reference),
            Field("Amount", amount),
            Field("Payment", payment_id),
        ),
    )


def test_the_app_is_registered_under_the_souq_entry_point() -> None:
    (entry_point,) = entry_points(group="souq", name="billpay")
    assert entry_point.load() is app


def test_the_manifest_asks_for_payments(billpay: AppHarness) -> None:
    manifest = billpay.manifest
    assert (manifest.slug, manifest.name, manifest.version) == ("billpay", "Bill Pay", "1.1.0")
    assert manifest.scopes == ("payments.request", "messages.notify")
    assert [c.name for c in manifest.commands] == ["bills", "pay", "save", "forget", "remind"]
    assert [a.name for a in manifest.actions] == ["pay", "forget", "remind", "refund"]


def test_the_demo_bills_are_unique_and_payable() -> None:
    references = [b.reference for r in BILLERS for b in r.bills]
    assert len(set(references)) == len(references)
    assert [r.name for r in BILLERS] == ["Lumen Energy", "Aqua Water", "Tel Phone"]
    for biller in BILLERS:
        assert all(b.reference.startswith(f"{biller.prefix}-") for b in biller.bills)
        assert all(0 < b.amount <= 10_000_000 for b in biller.bills)
    assert find_bill(" en-1001 ") == (BILLERS[0], BILLERS[0].bills[0])
    assert find_biller("Lumen Energy") is find_biller("en") is find_biller("ENERGY") is BILLERS[0]


def test_bills_lists_every_biller_with_how_to_pay(billpay: AppHarness) -> None:
    assert billpay.run("/billpay bills") == ListReply(
        title="Billers",
        items=(
            Item(
                title="Lumen Energy",
                body="Electricity and gas bills: pay with /billpay pay EN-1001, "
                "or keep yours here with /billpay save EN-1001.",
            ),
            *OTHER_BILLERS,
        ),
    )


@pytest.mark.parametrize("typed", ["EN-1001", "en-1001", "EN1001"])
def test_pay_asks_for_the_exact_amount_due(billpay: AppHarness, typed: str) -> None:
    request = ask(billpay, typed)
    assert request == PaymentRequest(
        amount=8450,
        currency="EUR",
        description="Lumen Energy: bill EN-1001 of Ana Costa, due 15 Dec 2026",
        reference="EN-1001:1",
    )
    assert request.visibility is Visibility.PRIVATE
    assert ask(billpay, typed).reference == "EN-1001:2"  # each request is its own attempt
    assert ask(billpay, "TE-3004").amount == 1999


def test_paying_records_the_bill_and_answers_with_a_receipt(billpay: AppHarness) -> None:
    request = ask(billpay, "WA-2002")
    payment_id = billpay.payment_of(request).payment_id
    assert billpay.pay(request) == receipt("WA-2002", "Aqua Water", "€29.15", payment_id)
    assert billpay.person_state("ana")["paid"] == {"WA-2002": payment_id}


def test_a_paid_bill_cannot_be_paid_again(billpay: AppHarness) -> None:
    request = ask(billpay, "EN-1001")
    billpay.pay(request)
    payment_id = billpay.payment_of(request).payment_id
    answer = billpay.run("/billpay pay en-1001")
    assert answer == Text(f"Lumen Energy bill EN-1001 is already paid (payment {payment_id}).")
    assert len(billpay.payments) == 1
    with pytest.raises(HarnessError, match="already completed"):
        billpay.pay(request)


@pytest.mark.parametrize(
    ("settle", "why"),
    [
        (AppHarness.decline, "You declined the payment"),
        (AppHarness.expire, "The payment request expired"),
    ],
)
def test_a_declined_or_expired_payment_leaves_the_bill_open(billpay, settle, why) -> None:
    request = ask(billpay, "EN-1003")
    assert settle(billpay, request) == Text(
        f"{why}: Lumen Energy bill EN-1003 is still open. Pay it with /billpay pay EN-1003."
    )
    assert "paid" not in billpay.person_state("ana")
    again = ask(billpay, "EN-1003")
    assert again.reference == "EN-1003:2"
    assert isinstance(billpay.pay(again), Card)


def test_an_old_request_of_a_bill_paid_since_ends_quietly(billpay: AppHarness) -> None:
    old, new = ask(billpay, "TE-3001"), ask(billpay, "TE-3001")
    billpay.pay(new)
    assert billpay.expire(old) is None


def test_a_second_payment_of_the_same_bill_can_be_refunded(billpay: AppHarness) -> None:
    first, second = ask(billpay, "EN-1004"), ask(billpay, "EN-1004")  # both open at once
    billpay.pay(first)
    first_id, second_id = (billpay.payment_of(r).payment_id for r in (first, second))
    duplicate = billpay.pay(second)
    assert duplicate == Card(
        title="Bill EN-1004 was already paid",
        body=f"Payment {first_id} paid it before this one. Press Refund to get €113.09 back.",
        fields=(
            Field("Biller", "Lumen Energy"),
            Field("Reference", "EN-1004"),
            Field("Amount", "€113.09"),
            Field("Payment", second_id),
        ),
        buttons=(Button("Refund €113.09", "refund", {"payment_id": second_id}),),
    )
    assert billpay.person_state("ana")["paid"] == {"EN-1004": first_id}

    with pytest.raises(HarnessError, match="private to ana"):
        billpay.press(duplicate.buttons[0], as_person="bruno")
    refund = billpay.press(duplicate.buttons[0])
    assert refund == Refund(
        payment_id=second_id, reason="Bill EN-1004 was already paid", key=second_id
    )
    billpay.press(duplicate.buttons[0])  # pressed twice: refunded once
    assert billpay.refunds == [refund]
    assert billpay.payments[second_id].refunded == 11309
    assert billpay.payments[first_id].refunded == 0


async def test_a_refund_button_works_only_for_a_payment_due_back() -> None:
    pm = plugin_manager()
    pm.register(app)
    context = Context(
        app="billpay",
        person_id="p1",
        conversation_id="c1",
        person_state=State({"paid": {"EN-1001": "pay-1"}}, app="billpay", scope="person"),
        conversation_state=State(app="billpay", scope="conversation"),
    )
    reply = await call_app(
        pm, app, "souq_action", action="refund", payload={"payment_id": "pay-1"}, context=context
    )
    assert reply == Text("That payment has nothing to refund.")


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("EN-1009", "Did you mean EN-1004 or EN-1003?"),
        ("WA-2030", "Did you mean WA-2003 or WA-2002?"),
        (
            "gas",
            "References are printed on your bill, such as "
            "EN-1001 (Lumen Energy), WA-2001 (Aqua Water), TE-3001 (Tel Phone).",
        ),
    ],
)
@pytest.mark.parametrize("command", ["pay", "save"])
def test_an_unknown_reference_gets_a_hint(billpay, typed: str, hint: str, command: str) -> None:
    answer = billpay.run(f"/billpay {command} {typed}")
    assert answer == Text(f"No bill with reference {typed!r}. {hint}")
    assert billpay.payments == {}
    assert billpay.person_state("ana") == {}


def test_pay_needs_a_reference(billpay: AppHarness) -> None:
    with pytest.raises(UsageError, match=r"Usage: /billpay pay <reference>"):
        billpay.run("/billpay pay")


def test_saved_billers_list_their_open_bills_with_pay_buttons(billpay: AppHarness) -> None:
    saved = billpay.run("/billpay save en-1002")
    assert saved == Card(
        title="Saved Lumen Energy",
        body="Bills of Ana Costa. See all your billers with /billpay bills.",
        fields=(
            Field("EN-1001", "€84.50 due 15 Dec 2026"),
            Field("EN-1002", "€91.20 due 15 Jan 2027"),
        ),
        buttons=(
            Button("Pay EN-1001 · €84.50", "pay", {"reference": "EN-1001"}),
            Button("Pay EN-1002 · €91.20", "pay", {"reference": "EN-1002"}),
            Button("Remind me before they are due", "remind"),
        ),
    )
    bills = billpay.run("/billpay bills")
    assert isinstance(bills, ListReply)
    assert bills.title == "Your bills"
    assert bills.items == (
        Item(
            title="Lumen Energy · Ana Costa",
            body="EN-1001: €84.50 due 15 Dec 2026; EN-1002: €91.20 due 15 Jan 2027",
            buttons=(
                Button("Pay EN-1001 · €84.50", "pay", {"reference": "EN-1001"}),
                Button("Pay EN-1002 · €91.20", "pay", {"reference": "EN-1002"}),
                Button("Forget", "forget", {"biller": "energy"}),
            ),
        ),
        *OTHER_BILLERS,
    )

    request = billpay.press(bills.items[0].buttons[0])
    assert isinstance(request, PaymentRequest) and request.amount == 8450
    billpay.pay(request)
    after = billpay.run("/billpay bills")
    assert isinstance(after, ListReply)
    assert after.items[0].body == "EN-1002: €91.20 due 15 Jan 2027"
    assert [b.label for b in after.items[0].buttons] == ["Pay EN-1002 · €91.20", "Forget"]
    billpay.pay(billpay.press(after.items[0].buttons[0]))  # type: ignore[arg-type]
    done = billpay.run("/billpay bills")
    assert isinstance(done, ListReply)
    assert done.items[0].body == "Nothing to pay: every bill is paid."
    assert billpay.run("/billpay save EN-1001") == Card(
        title="Saved Lumen Energy",
        body="Bills of Ana Costa. See all your billers with /billpay bills.",
        fields=(Field("Open bills", "none: everything is paid"),),
    )


def test_a_paid_bill_button_answers_that_it_is_paid(billpay: AppHarness) -> None:
    saved = billpay.run("/billpay save TE-3001")
    assert isinstance(saved, Card)
    billpay.pay(billpay.press(saved.buttons[0]))  # type: ignore[arg-type]
    again = billpay.press(saved.buttons[0])  # the old card still has the button
    assert isinstance(again, Text) and again.text.startswith("Tel Phone bill TE-3001 is already")


def test_saved_billers_are_forgotten_by_command_or_button(billpay: AppHarness) -> None:
    billpay.run("/billpay save WA-2001")
    billpay.run("/billpay save TE-3001")
    assert billpay.person_state("ana")["saved"] == {"water": "WA-2001", "phone": "TE-3001"}
    assert billpay.run('/billpay forget "Aqua Water"') == Text("Forgot Aqua Water.")
    assert billpay.run("/billpay forget water") == Text(
        "Aqua Water is not one of your saved billers."
    )
    assert billpay.run("/billpay forget gas") == Text(
        "No biller called 'gas'. The billers are energy, water, phone."
    )

    bills = billpay.run("/billpay bills")
    assert isinstance(bills, ListReply)
    assert [i.title for i in bills.items] == ["Tel Phone · Ana Costa", "Lumen Energy", "Aqua Water"]
    forget = bills.items[0].buttons[-1]
    assert forget.label == "Forget"
    assert billpay.press(forget) == Update(
        ListReply(
            title="Billers",
            items=(
                Item(
                    title="Lumen Energy",
                    body="Electricity and gas bills: pay with /billpay pay EN-1001, "
                    "or keep yours here with /billpay save EN-1001.",
                ),
                *OTHER_BILLERS,
            ),
        )
    )
    assert billpay.person_state("ana") == {}


def test_saving_another_bill_of_a_biller_replaces_the_account(billpay: AppHarness) -> None:
    billpay.run("/billpay save TE-3001")
    billpay.run("/billpay save TE-3003")
    bills = billpay.run("/billpay bills")
    assert isinstance(bills, ListReply)
    assert bills.items[0].title == "Tel Phone · Bruno Lima"
    assert bills.items[0].body == "TE-3002: €45.50 due 18 Dec 2026; TE-3003: €45.50 due 18 Jan 2027"


def test_each_person_has_their_own_billers_and_paid_bills(billpay: AppHarness) -> None:
    billpay.run("/billpay save EN-1001", as_person="ana")
    billpay.pay(ask(billpay, "EN-1001", person="ana"))

    bills = billpay.run("/billpay bills", as_person="bruno")
    assert isinstance(bills, ListReply) and bills.title == "Billers"
    # The demo bills are shared: a bill paid by Ana is still open for Bruno.
    request = ask(billpay, "EN-1001", person="bruno")
    assert request.reference == "EN-1001:1"
    record = billpay.payment_of(request)
    assert record.person == "bruno"
    assert billpay.pay(request) == receipt("EN-1001", "Lumen Energy", "€84.50", record.payment_id)
    assert billpay.person_state("bruno") == {
        "attempts": {"EN-1001": 1},
        "paid": {"EN-1001": record.payment_id},
    }
    assert billpay.person_state("ana")["saved"] == {"energy": "EN-1001"}
    assert billpay.person_state("ana")["paid"] != billpay.person_state("bruno")["paid"]
