"""Buttons with typed payloads, updates with follow-ups, and streams that update a card."""

from __future__ import annotations

from collections.abc import AsyncIterator
from enum import StrEnum
from typing import Any, Literal

import pytest
from souq_sdk import (
    App,
    Button,
    Card,
    Context,
    InvalidReply,
    PaymentRequest,
    Text,
    Update,
    UsageError,
)
from souq_sdk.app import STALE_BUTTON
from souq_sdk.context import State
from souq_sdk.params import ParameterError
from souq_sdk.replies import MAX_FOLLOW_UPS, MAX_PAYLOAD_BYTES, check_reply, validate_reply
from souq_sdk.testing import AppHarness


class Size(StrEnum):
    SMALL = "small"
    LARGE = "large"


def test_a_button_refuses_a_payload_over_the_limit_when_it_is_built() -> None:
    Button("Go", "go", {"x": "y" * (MAX_PAYLOAD_BYTES - 8)})  # exactly at the limit
    with pytest.raises(ValueError, match="button 'Go': payload: 1025 bytes of JSON; at most 1024"):
        Button("Go", "go", {"x": "y" * (MAX_PAYLOAD_BYTES - 7)})
    with pytest.raises(ValueError, match="not JSON"):
        Button("Go", "go", {"when": object()})
    with pytest.raises(ValueError, match="expected a JSON object, got list"):
        Button("Go", "go", [1, 2])  # type: ignore[arg-type]


def shop() -> App:
    app = App(
        slug="shop", name="Shop", version="1.0.0", summary="Sells", scopes=["payments.request"]
    )

    @app.command()
    def show() -> Card:
        """Show an item."""
        return Card(
            title="Tea",
            buttons=(
                Button("Buy", "buy", {"item": "tea", "size": Size.LARGE, "price": 3}),
                Button("Note", "note", {"anything": [1, 2]}),
                Button("Slowly", "slowly"),
            ),
        )

    @app.command()
    def wrong() -> Update | Card:
        """A button whose payload misses a key."""
        return Card(title="Tea", buttons=(Button("Buy", "buy", {"item": "tea"}),))

    @app.action()
    def buy(
        context: Context,
        item: str,
        size: Size,
        price: float,
        gift: bool = False,
        colour: Literal["red", "blue"] | None = None,
    ) -> Update:
        """Buy an item."""
        context.person_state.set("bought", [item, size, price, gift, colour])
        assert isinstance(size, Size) and isinstance(price, float)
        return Update(
            Card(title=f"Bought {item}"),
            then=(
                Card(title="Receipt", buttons=(Button("Note", "note", {"k": 1}),)),
                PaymentRequest(amount=300, description="Tea", reference="tea-1"),
            ),
        )

    @app.action()
    def note(payload: dict[str, Any]) -> Text:
        """Take any payload, whole."""
        return Text(f"noted {sorted(payload)}")

    @app.action()
    async def slowly(context: Context) -> AsyncIterator[Text | Update]:
        """Update the card first, then say something, then update it again."""
        yield Update(Card(title="working"))
        yield Text("step")
        yield Update(Card(title="done"), then=(Text("all done"),))

    return app


async def test_an_action_gets_its_payload_typed_and_answers_with_an_update_and_follow_ups() -> None:
    harness = AppHarness(shop())
    card = await harness.arun("/shop show")
    assert isinstance(card, Card)
    answer = await harness.apress(card.buttons[0])
    assert isinstance(answer, Update)
    assert harness.person_state("ana")["bought"] == ["tea", "large", 3.0, False, None]
    receipt, request = answer.then
    assert isinstance(receipt, Card) and isinstance(request, PaymentRequest)
    assert harness.payment_of(request).person == "ana"  # the follow-up's request is payable
    assert await harness.apress(receipt.buttons[0]) == Text("noted ['k']")
    assert await harness.apress(card.buttons[1]) == Text("noted ['anything']")


async def test_a_button_whose_payload_misses_a_key_fails_when_the_card_is_shown() -> None:
    with pytest.raises(InvalidReply, match="button 'Buy': payload for 'buy': missing key 'size'"):
        await AppHarness(shop()).arun("/shop wrong")


@pytest.mark.parametrize(
    "payload",
    [
        {"item": "tea", "size": "medium", "price": 3},
        {"item": "tea", "size": "large", "price": "3"},
        {"item": "tea", "size": "large", "price": True},
        {"item": "tea", "size": "large", "price": 3, "colour": "green"},
        {"item": "tea", "size": "large", "price": 3, "extra": 1},
        {"size": "large", "price": 3},
    ],
)
async def test_a_stale_payload_gets_a_clear_answer_without_its_details(
    payload: dict[str, Any],
) -> None:
    app = shop()
    context = Context(
        app="shop",
        person_id="p",
        conversation_id="c",
        person_state=State({}, app="shop", scope="person"),
        conversation_state=State({}, app="shop", scope="conversation"),
    )
    with pytest.raises(UsageError) as caught:
        await app.souq_action(action="buy", payload=payload, context=context)
    assert str(caught.value) == STALE_BUTTON
    assert isinstance(caught.value.__cause__, ValueError)  # the details, for the developer


async def test_a_stream_answering_a_press_may_update_the_card_at_any_point() -> None:
    harness = AppHarness(shop())
    card = await harness.arun("/shop show")
    assert isinstance(card, Card)
    final = await harness.apress(card.buttons[2])
    assert final == Update(Card(title="done"), then=(Text("all done"),))
    assert harness.last.progress == (Update(Card(title="working")), Text("step"))


def test_follow_ups_are_bounded_and_money_in_them_follows_the_rules() -> None:
    app = shop()
    manifest = app.manifest()
    many = Update(Text("x"), then=(Text("a"),) * (MAX_FOLLOW_UPS + 1))
    with pytest.raises(InvalidReply, match=f"reply.then: 4 entries; at most {MAX_FOLLOW_UPS}"):
        validate_reply(many, "shop", allow_update=True)
    money = Update(Text("x"), then=(PaymentRequest(amount=1, description="d", reference="r"),))
    with pytest.raises(InvalidReply, match=r"reply.then\[0\]: a payment only answers a command"):
        validate_reply(money, "shop", allow_update=True)  # a stream's step: no money
    assert check_reply(money, manifest, allow_update=True, allow_money=True) == money
    broke = App(slug="broke", name="Broke", version="1.0.0", summary="No payments")
    broke.action("go")(lambda: Text("x"))
    with pytest.raises(InvalidReply, match=r"a payment needs the 'payments\.request' scope"):
        check_reply(money, broke.manifest(), allow_update=True, allow_money=True)
    ghost = Update(Text("x"), then=(Card("c", buttons=(Button("b", "ghost"),)),))
    with pytest.raises(InvalidReply, match="button action 'ghost' is not declared"):
        check_reply(ghost, manifest, allow_update=True)
    with pytest.raises(InvalidReply, match="an update only answers a button press"):
        validate_reply({"type": "update", "reply": {"type": "text", "text": "x"}}, "shop")


@pytest.mark.parametrize(
    ("annotation", "message"),
    [
        (list[str], "cannot come from a button payload"),
        (dict[str, Any], "a lone dict parameter takes the whole payload"),
    ],
)
def test_an_action_parameter_must_be_a_type_a_payload_carries(
    annotation: Any, message: str
) -> None:
    app = App(slug="shop", name="Shop", version="1.0.0", summary="Sells")

    def handler(item: str, other: Any) -> Text:
        return Text(item)

    handler.__annotations__["other"] = annotation
    with pytest.raises(ParameterError, match=message):
        app.action("go")(handler)
