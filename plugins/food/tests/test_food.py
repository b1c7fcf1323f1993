"""The food app, run in the souq-sdk harness: no server, no database."""

from importlib.metadata import entry_points

import pytest
from souq_food.app import app
from souq_food.cart import MAX_QUANTITY
from souq_food.catalogue import City, catalogue
from souq_sdk import Card, Context, ListReply, State, Text, Update, UsageError, Visibility
from souq_sdk.dispatch import call_app, plugin_manager
from souq_sdk.testing import AppHarness


@pytest.fixture
def food() -> AppHarness:
    return AppHarness(app)


def add_from_menu(food: AppHarness, restaurant: str, dish_index: int, person: str = "ana") -> Card:
    menu = food.run(f"/food menu {restaurant}", as_person=person)
    assert isinstance(menu, ListReply)
    reply = food.press(menu.items[dish_index].buttons[0], as_person=person)
    assert isinstance(reply, Card), reply
    return reply


def test_the_app_is_registered_under_the_souq_entry_point() -> None:
    (entry_point,) = entry_points(group="souq", name="food")
    assert entry_point.load() is app


def test_the_catalogue_covers_every_city_with_fitting_menus() -> None:
    for city in City:
        assert catalogue().in_city(city), city
    for restaurant in catalogue().restaurants:
        assert 1 <= len(restaurant.dishes) <= 10  # a menu is one list reply
        assert len({d.id for d in restaurant.dishes}) == len(restaurant.dishes)
        assert all(d.price > 0 for d in restaurant.dishes)
    assert len({r.id for r in catalogue().restaurants}) == len(catalogue().restaurants)


def test_restaurants_of_a_city_are_listed_publicly_with_menu_buttons(food: AppHarness) -> None:
    reply = food.run("/food restaurants Roma")
    assert isinstance(reply, ListReply)
    assert reply.visibility is Visibility.PUBLIC
    assert reply.title == "Restaurants in Roma"
    assert [item.title for item in reply.items] == ["Da Enzo al 29", "Pizzeria ai Marmi"]
    menu = food.press(reply.items[1].buttons[0], as_person="bob")
    assert isinstance(menu, ListReply)
    assert menu.title == "Pizzeria ai Marmi: menu"
    assert menu.visibility is Visibility.PRIVATE


def test_restaurants_needs_a_known_city(food: AppHarness) -> None:
    with pytest.raises(UsageError) as caught:
        food.run("/food restaurants tokyo")
    assert str(caught.value) == (
        "<city> must be one of roma, milano, paris, lisbon, not 'tokyo'.\n"
        "Usage: /food restaurants <city>"
    )


@pytest.mark.parametrize("name", ["da-enzo", "DA-ENZO", '"Da Enzo al 29"'])
def test_a_menu_has_an_add_button_per_dish(food: AppHarness, name: str) -> None:
    reply = food.run(f"/food menu {name}")
    assert isinstance(reply, ListReply)
    assert reply.title == "Da Enzo al 29: menu"
    assert reply.items[0].title == "Spaghetti alla carbonara · €13.00"
    assert reply.items[0].buttons[0].label == "Add"
    assert reply.items[0].buttons[0].payload == {"restaurant": "da-enzo", "dish": "carbonara"}
    assert len(reply.items) == len(catalogue().restaurant("da-enzo").dishes)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "answer"),
    [
        ("enzo", "No restaurant called 'enzo'. Did you mean da-enzo?"),
        (
            "xyz",
            "No restaurant called 'xyz'. See /food restaurants roma | milano | paris | lisbon.",
        ),
    ],
)
def test_an_unknown_restaurant_gets_a_suggestion(food: AppHarness, name: str, answer: str) -> None:
    assert food.run(f"/food menu {name}") == Text(answer)


def test_adding_dishes_fills_the_cart_with_quantities_and_a_total(food: AppHarness) -> None:
    added = add_from_menu(food, "da-enzo", 0)
    assert added.title == "Added Spaghetti alla carbonara"
    assert added.visibility is Visibility.PRIVATE
    add_from_menu(food, "da-enzo", 0)
    added = add_from_menu(food, "da-enzo", 4)
    assert [(f.label, f.value) for f in added.fields] == [("Cart", "3 dishes"), ("Total", "€32.50")]

    cart = food.press(added.buttons[0])
    assert cart == food.run("/food cart")
    assert isinstance(cart, ListReply)
    assert cart.visibility is Visibility.PRIVATE
    assert cart.title == "Your cart at Da Enzo al 29: €32.50"
    assert [(i.title, i.body) for i in cart.items] == [
        ("2 x Spaghetti alla carbonara", "€26.00"),
        ("1 x Tiramisù", "€6.50"),
    ]
    assert food.person_state("ana") == {
        "cart": {"restaurant": "da-enzo", "items": {"carbonara": 2, "tiramisu": 1}}
    }


def test_cart_buttons_update_the_cart_in_place(food: AppHarness) -> None:
    add_from_menu(food, "luini", 0)
    add_from_menu(food, "luini", 1)
    cart = food.run("/food cart")
    assert isinstance(cart, ListReply)
    remove_classico, add_classico = cart.items[0].buttons

    more = food.press(add_classico)
    assert isinstance(more, Update) and isinstance(more.reply, ListReply)
    assert [i.title for i in more.reply.items] == [
        "2 x Panzerotto classico",
        "1 x Panzerotto salame",
    ]
    food.press(remove_classico)
    fewer = food.press(remove_classico)
    assert isinstance(fewer, Update) and isinstance(fewer.reply, ListReply)
    assert [i.title for i in fewer.reply.items] == ["1 x Panzerotto salame"]
    assert fewer.reply.title == "Your cart at Luini: €4.00"

    last = fewer.reply.items[0].buttons[0]
    assert food.press(last) == Update(
        Text("Your cart is empty. Find a restaurant with /food restaurants roma.")
    )
    assert food.person_state("ana") == {}


def test_each_person_has_their_own_cart(food: AppHarness) -> None:
    menu = food.run("/food menu chez-janou", as_person="ana", in_conversation="friends")
    assert isinstance(menu, ListReply) and menu.visibility is Visibility.PUBLIC
    food.press(menu.items[0].buttons[0], as_person="ana")
    food.press(menu.items[1].buttons[0], as_person="bob")  # a public menu: anyone can add
    ana, bob = food.run("/food cart", as_person="ana"), food.run("/food cart", as_person="bob")
    assert isinstance(ana, ListReply) and isinstance(bob, ListReply)
    assert [i.title for i in ana.items] == ["1 x Ratatouille"]
    assert [i.title for i in bob.items] == ["1 x Magret de canard"]


def test_a_cart_holds_one_restaurant(food: AppHarness) -> None:
    add_from_menu(food, "da-enzo", 0)
    menu = food.run("/food menu luini")
    assert isinstance(menu, ListReply)
    assert food.press(menu.items[0].buttons[0]) == Text(
        "Your cart holds dishes from Da Enzo al 29. Empty it with /food clear to order from Luini."
    )
    assert food.run("/food clear") == Text("Your cart is empty.")
    assert isinstance(food.press(menu.items[0].buttons[0]), Card)


def test_quantities_are_capped(food: AppHarness) -> None:
    menu = food.run("/food menu pasteis-de-belem")
    assert isinstance(menu, ListReply)
    for _ in range(MAX_QUANTITY):
        food.press(menu.items[0].buttons[0])
    assert food.press(menu.items[0].buttons[0]) == Text(
        f"{MAX_QUANTITY} x Pastel de nata is as many as we deliver at once."
    )


def test_an_empty_cart_says_how_to_start(food: AppHarness) -> None:
    assert food.run("/food cart") == Text(
        "Your cart is empty. Find a restaurant with /food restaurants roma."
    )


def test_a_cart_with_dishes_no_longer_on_the_menu_drops_them(food: AppHarness) -> None:
    food.store.save(
        "food",
        "person",
        food.person_id("ana"),
        {"cart": {"restaurant": "luini", "items": {"gone": 1, "panzerotto-salame": 2}}},
    )
    cart = food.run("/food cart")
    assert isinstance(cart, ListReply)
    assert [i.title for i in cart.items] == ["2 x Panzerotto salame"]


@pytest.mark.parametrize(
    ("action", "payload", "answer"),
    [
        ("add", {"restaurant": "luini", "dish": "gone"}, "That dish is no longer on the menu."),
        ("add", {}, "That dish is no longer on the menu."),
        ("menu", {"restaurant": "closed"}, "That restaurant is no longer on souq."),
    ],
)
async def test_buttons_of_an_older_menu_get_a_clear_answer(action, payload, answer) -> None:
    pm = plugin_manager()
    pm.register(app)
    context = Context(
        app="food",
        person_id="p1",
        conversation_id="c1",
        person_state=State(app="food", scope="person"),
        conversation_state=State(app="food", scope="conversation"),
    )
    reply = await call_app(pm, app, "souq_action", action=action, payload=payload, context=context)
    assert reply == Text(answer)
