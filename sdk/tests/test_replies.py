"""Reply values: the dict form, and validation of whatever an app returns."""

import json
from typing import Any

import pytest
from souq_sdk import Button, Card, Field, InvalidReply, Item, ListReply, Text, Update, Visibility
from souq_sdk.replies import reply_from_dict, validate_reply

CARD = Card(
    title="Margherita",
    body="Tomato, mozzarella, basil",
    fields=(Field("Price", "€8.50"),),
    image_url="https://example.com/m.jpg",
    buttons=(Button("Add", "add", {"dish": "margherita"}),),
    visibility=Visibility.PUBLIC,
)


def test_replies_are_private_unless_they_say_otherwise() -> None:
    assert Text("hi").visibility == "private"
    assert Card("t").visibility is Visibility.PRIVATE
    assert ListReply(items=(Item("a"),)).visibility is Visibility.PRIVATE


def test_dict_form() -> None:
    assert CARD.to_dict() == {
        "type": "card",
        "title": "Margherita",
        "body": "Tomato, mozzarella, basil",
        "fields": [{"label": "Price", "value": "€8.50"}],
        "image_url": "https://example.com/m.jpg",
        "buttons": [{"label": "Add", "action": "add", "payload": {"dish": "margherita"}}],
        "visibility": "public",
    }
    assert Update(Text("x")).to_dict() == {
        "type": "update",
        "reply": {"type": "text", "text": "x", "visibility": "private"},
        "then": [],
    }


@pytest.mark.parametrize(
    "reply",
    [
        Text("hello", visibility=Visibility.PUBLIC),
        CARD,
        ListReply(
            title="Restaurants",
            items=(Item("Da Enzo", "Trastevere", buttons=(Button("Menu", "menu", {"r": 1}),)),),
        ),
    ],
)
def test_dict_form_round_trips_through_json(reply: Any) -> None:
    data = json.loads(json.dumps(reply.to_dict()))
    assert reply_from_dict(data, "food") == reply
    assert validate_reply(reply, "food") == reply


def test_validation_normalises_loose_values() -> None:
    loose = Card(title="t", buttons=[Button("b", "go")], visibility="public")  # type: ignore[arg-type]
    assert validate_reply(loose, "food") == Card(
        title="t", buttons=(Button("b", "go"),), visibility=Visibility.PUBLIC
    )
    assert validate_reply({"type": "text", "text": "hi"}, "food") == Text("hi")


def test_updates_only_answer_button_presses() -> None:
    with pytest.raises(InvalidReply, match="an update only answers a button press"):
        validate_reply(Update(Text("x")), "food")
    assert validate_reply(Update(Text("x")), "food", allow_update=True) == Update(Text("x"))


def _card_with(button: dict[str, Any]) -> dict[str, Any]:
    """A card's dict form with one button, as an app without the SDK's classes sends it."""
    return {"type": "card", "title": "t", "buttons": [button]}


def _problems(value: object, **kwargs: Any) -> list[str]:
    with pytest.raises(InvalidReply) as caught:
        validate_reply(value, "food", **kwargs)
    assert caught.value.app == "food"
    assert str(caught.value).startswith("App 'food' returned an invalid reply:")
    return caught.value.problems


@pytest.mark.parametrize(
    ("value", "problems"),
    [
        (None, ["expected a reply (Text, Card, ListReply), got NoneType"]),
        (42, ["expected a reply (Text, Card, ListReply), got int"]),
        ("hi", ["expected a reply (Text, Card, ListReply), got str"]),
        ({}, ["reply: unknown reply type None (expected text, card or list)"]),
        ({"type": "gif"}, ["reply: unknown reply type 'gif' (expected text, card or list)"]),
        ({"type": "text"}, ["reply.text: missing"]),
        ({"type": "text", "text": "hi", "colour": "red"}, ["reply: unknown key 'colour'"]),
        (Text(""), ["reply.text: must not be empty"]),
        (Text("x" * 4001), ["reply.text: 4001 characters; at most 4000"]),
        (
            Text("x", visibility="everyone"),
            ["reply.visibility: 'everyone' is neither 'private' nor 'public'"],
        ),  # type: ignore[arg-type]
        (
            Card("t", image_url="http://example.com/a.png"),
            ["reply.image_url: 'http://example.com/a.png' is not an https:// URL"],
        ),
        (Card("t", fields=(Field("a", "b"),) * 11), ["reply.fields: 11 entries; at most 10"]),
        (Card("t", fields=("a",)), ["reply.fields[0]: expected a field object, got str"]),  # type: ignore[arg-type]
        (Card("t", buttons=(Button("b", "go"),) * 6), ["reply.buttons: 6 entries; at most 5"]),
        (
            Card("t", buttons=(Button("b", "Go!"),)),
            ["reply.buttons[0].action: 'Go!' is not an action name ([a-z][a-z0-9_-]*)"],
        ),
        (
            _card_with({"label": "b", "action": "go", "payload": {"x": "y" * 1100}}),
            ["reply.buttons[0].payload: 1108 bytes of JSON; at most 1024"],
        ),
        (
            _card_with({"label": "b", "action": "go", "payload": {"x": {1, 2}}}),
            ["reply.buttons[0].payload: not JSON: Object of type set is not JSON serializable"],
        ),
        (
            _card_with({"label": "", "action": "go", "payload": [1]}),
            [
                "reply.buttons[0].label: must not be empty",
                "reply.buttons[0].payload: expected a JSON object, got list",
            ],
        ),  # type: ignore[arg-type]
        (ListReply(items=()), ["reply.items: a list needs at least one item"]),
        (ListReply(items=(Item("a"),) * 11), ["reply.items: 11 entries; at most 10"]),
        (
            ListReply(items=(Item("a", buttons=(Button("b", "go"),) * 9),)),
            ["reply.items[0].buttons: 9 entries; at most 8"],
        ),
        ({"type": "update", "reply": 3}, ["reply.reply: expected an object, got int"]),
    ],
)
def test_invalid_replies_name_the_app_and_every_problem(value: object, problems: list[str]) -> None:
    assert _problems(value, allow_update=True) == problems
