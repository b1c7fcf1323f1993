"""How a paid order is going, told to its owner outside any command if they allowed it:
the receipt's "Tell me when it's on its way", the shared document of each order, and the
restaurant's ``order-status`` event, in the souq-sdk harness."""

from datetime import timedelta

import pytest
from souq_food import orders
from souq_food.app import app
from souq_sdk import AskScope, Button, Card, ListReply, PaymentRequest, Text
from souq_sdk.notices import Basis, Refusal
from souq_sdk.testing import AppHarness

NOTIFY = "messages.notify"
TELL_ME = "Tell me when it's on its way"


@pytest.fixture
def food() -> AppHarness:
    return AppHarness(app)


def order(food: AppHarness, person: str = "ana") -> PaymentRequest:
    """Check out a carbonara at Da Enzo as ``person``; the payment request."""
    menu = food.run("/food menu da-enzo", as_person=person, in_conversation="friends")
    assert isinstance(menu, ListReply)
    food.press(menu.items[0].buttons[0], as_person=person)
    request = food.run("/food checkout", as_person=person, in_conversation="friends")
    assert isinstance(request, PaymentRequest)
    return request


def paid(food: AppHarness, person: str = "ana") -> tuple[str, Card]:
    """An order of ``person``, paid: its id and its receipt."""
    request = order(food, person)
    receipt = food.pay(request)
    assert isinstance(receipt, Card)
    return request.reference, receipt


def status(food: AppHarness, order_id: str, step: str) -> dict[str, object] | None:
    return food.event("order-status", {"order": order_id, "status": step})


def test_the_manifest_asks_for_service_messages_and_declares_the_event(food) -> None:
    assert food.manifest.version == "1.3.0"
    assert food.manifest.scopes == ("payments.request", NOTIFY)
    assert list(food.manifest.events) == ["order-status"]
    assert [a.name for a in food.manifest.actions][-1] == "tell-me"


def test_each_order_is_kept_in_a_shared_document_with_its_owner(food: AppHarness) -> None:
    request = order(food)
    document = f"order:{request.reference}"
    ana = food.person_id("ana")
    assert food.shared(document) == {
        "owner": ana,
        "restaurant": "Da Enzo al 29",
        "status": "pending",
    }
    food.pay(request)
    assert food.shared(document)["status"] == "paid"
    assert food.shared(document)["owner"] == ana


def test_a_declined_order_stays_pending_in_its_document(food: AppHarness) -> None:
    request = order(food)
    food.decline(request)
    assert food.shared(f"order:{request.reference}")["status"] == "pending"
    assert status(food, request.reference, "preparing") == {
        "order": request.reference,
        "status": "preparing",
        "delivered": False,
        "why": f"order {request.reference} is not paid",
    }


def test_the_receipt_offers_to_tell_the_payer_who_then_allows_it(food: AppHarness) -> None:
    order_id, receipt = paid(food)
    assert receipt.buttons == (Button(TELL_ME, "tell-me", {"order": order_id}),)
    ask = food.press(receipt.buttons[0])
    assert ask == AskScope(NOTIFY, f"to tell you when order {order_id} is on its way")
    assert food.allow(ask) is None  # a button asked: nothing runs again
    assert food.grants("ana") == frozenset({NOTIFY})
    assert food.press(receipt.buttons[0]) == Text(
        f"Food will tell you when order {order_id} is on its way."
    )


def test_only_the_payer_can_follow_an_order(food: AppHarness) -> None:
    order_id, receipt = paid(food)  # a public receipt: anyone in the group sees the button
    assert food.press(receipt.buttons[0], as_person="bruno") == Text(
        f"Only the person who paid for order {order_id} can follow it."
    )
    assert food.grants("bruno") == frozenset()


def test_someone_who_allowed_it_already_gets_a_receipt_without_the_offer(food) -> None:
    food.grant("ana", NOTIFY)
    _, receipt = paid(food)
    assert receipt.buttons == ()


def test_the_owner_who_allowed_it_is_told_each_step(food: AppHarness) -> None:
    order_id, receipt = paid(food)
    food.allow(food.press(receipt.buttons[0]))  # type: ignore[arg-type]
    food.advance(timedelta(days=2))  # long after their last command: the grant is what counts
    for step, news in [
        ("preparing", f"Da Enzo al 29 is preparing your order {order_id}."),
        ("on_its_way", f"Your order {order_id} from Da Enzo al 29 is on its way."),
        ("delivered", f"Your order {order_id} from Da Enzo al 29 was delivered. Enjoy your meal!"),
    ]:
        summary = status(food, order_id, step)
        assert summary == {"order": order_id, "status": step, "delivered": True}
        assert food.shared(f"order:{order_id}")["status"] == step
        assert food.delivered[-1].reply == Text(news)
    assert [(d.person, d.delivered.basis) for d in food.delivered] == [("ana", Basis.GRANTED)] * 3
    assert food.refused == []


def test_someone_who_did_not_allow_it_is_not_told_even_right_after_ordering(food) -> None:
    order_id, _ = paid(food)
    # souq would let a service message through within a day of a command; Food does not.
    assert status(food, order_id, "on_its_way") == {
        "order": order_id,
        "status": "on_its_way",
        "delivered": False,
        "refused": "not_opted_in",
        "why": "the person has not allowed Food to message them",
    }
    food.advance(timedelta(hours=25))
    summary = status(food, order_id, "delivered")
    assert summary is not None and summary["refused"] == "not_opted_in"
    assert str(summary["why"]).startswith("the person has not allowed service messages")
    assert food.delivered == []
    assert food.shared(f"order:{order_id}")["status"] == "delivered"  # recorded all the same


def test_a_revoked_or_blocked_owner_is_not_told(food: AppHarness) -> None:
    order_id, _ = paid(food)
    food.grant("ana", NOTIFY)
    food.block("ana")
    assert status(food, order_id, "preparing") == {
        "order": order_id,
        "status": "preparing",
        "delivered": False,
        "refused": str(Refusal.BLOCKED),
        "why": "the person blocked the app",
    }
    food.block("ana", False)
    food.revoke("ana", NOTIFY)
    summary = status(food, order_id, "on_its_way")
    assert summary is not None and summary["delivered"] is False
    assert food.delivered == []


def test_a_step_is_told_once_and_never_goes_back(food: AppHarness) -> None:
    food.grant("ana", NOTIFY)
    order_id, _ = paid(food)
    assert status(food, order_id, "on_its_way") == {
        "order": order_id,
        "status": "on_its_way",
        "delivered": True,
    }
    for step in ("on_its_way", "preparing"):  # the backend retried, or reported late
        assert status(food, order_id, step) == {
            "order": order_id,
            "status": step,
            "delivered": False,
            "why": f"order {order_id} is already on_its_way",
        }
    assert len(food.delivered) == 1
    assert food.shared(f"order:{order_id}")["status"] == "on_its_way"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"order": "F-000000", "status": "on_its_way"}, "no order 'F-000000'"),
        ({"order": "x" * 100, "status": "on_its_way"}, f"no order {'x' * 100!r}"),
        ({"order": 17, "status": "on_its_way"}, "no order 17"),
        ({"status": "delivered"}, "no order None"),
        (
            {"order": "F-000000", "status": "eaten"},
            "status must be one of preparing, on_its_way, delivered, not 'eaten'",
        ),
        ({"order": "F-000000"}, "status must be one of preparing, on_its_way, delivered, not None"),
        (
            {"order": "F-000000", "status": "paid"},
            "status must be one of preparing, on_its_way, delivered, not 'paid'",
        ),
    ],
)
def test_an_unknown_order_or_status_is_answered_and_nothing_is_sent(food, data, error) -> None:
    food.grant("ana", NOTIFY)
    paid(food)
    assert food.event("order-status", data) == {"error": error}
    assert food.delivered == [] and food.refused == []


def test_an_order_id_taken_by_anyone_is_never_given_again(food, monkeypatch) -> None:
    ids = iter(["F-AAAAAA", "F-AAAAAA", "F-BBBBBB"])
    monkeypatch.setattr(orders, "_new_id", lambda: next(ids))
    assert order(food, "bruno").reference == "F-AAAAAA"
    assert order(food, "ana").reference == "F-BBBBBB"
    assert food.shared("order:F-AAAAAA")["owner"] == food.person_id("bruno")
