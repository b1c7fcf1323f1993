"""The food app, run in the souq-sdk harness: no server, no database."""

from importlib.metadata import entry_points

import pytest
from souq_food.app import _receipt, app
from souq_food.cart import MAX_QUANTITY
from souq_food.catalogue import City, catalogue
from souq_food.orders import MAX_ORDERS, Line, Order, Status
from souq_sdk import (
    Button,
    Card,
    Context,
    Field,
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

EMPTY_CART = Text("Your cart is empty. Find a restaurant with /food restaurants roma.")


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


@pytest.mark.parametrize(
    "name", ["da-enzo", "DA-ENZO", "da enzo", "Da Enzo al 29", "da enzo al 29", '"Da Enzo al 29"']
)
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
        ("da enzzo", "No restaurant called 'da enzzo'. Did you mean Da Enzo al 29 (da-enzo)?"),
        (
            "xyz",
            "No restaurant called 'xyz'. See /food restaurants roma | milano | paris | lisbon.",
        ),
    ],
)
def test_an_unknown_restaurant_gets_a_suggestion(food: AppHarness, name: str, answer: str) -> None:
    assert food.run(f"/food menu {name}") == Text(answer)


def test_what_the_restaurant_list_shows_can_be_typed(food: AppHarness) -> None:
    listed = food.run("/food restaurants roma")
    assert isinstance(listed, ListReply)
    for item in listed.items:
        shown = food.run(f"/food menu {item.title}")
        assert isinstance(shown, ListReply) and shown.title == f"{item.title}: menu"
        typed = item.body.rsplit(" · ", 1)[1]  # the list says what to type, too
        assert food.run(typed) == shown


def test_a_city_as_the_menu_lists_its_restaurants(food: AppHarness) -> None:
    """The guides' own example, ``/food menu roma``."""
    assert food.run("/food menu roma") == food.run("/food restaurants roma")
    assert food.run("/food menu Lisbon") == food.run("/food restaurants lisbon")


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
        ("refund", {"payment_id": "pay-1"}, "That payment has nothing to refund."),
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


# Checkout and payment


def fill_cart(food: AppHarness, person: str = "ana", conversation: str = "friends") -> None:
    """Two carbonara and a tiramisù at Da Enzo (€32.50)."""
    menu = food.run("/food menu da-enzo", as_person=person, in_conversation=conversation)
    assert isinstance(menu, ListReply)
    for index in (0, 0, 4):
        food.press(menu.items[index].buttons[0], as_person=person)


def checkout(
    food: AppHarness, person: str = "ana", conversation: str = "friends"
) -> PaymentRequest:
    request = food.run("/food checkout", as_person=person, in_conversation=conversation)
    assert isinstance(request, PaymentRequest), request
    return request


def order_status(food: AppHarness, order_id: str, person: str = "ana") -> str:
    return food.person_state(person)["orders"][order_id]["status"]


def test_the_manifest_asks_for_payments(food: AppHarness) -> None:
    assert food.manifest.version == "1.3.0"
    assert food.manifest.scopes == ("payments.request", "messages.notify")
    assert [c.name for c in food.manifest.commands] == [
        "restaurants",
        "menu",
        "cart",
        "clear",
        "checkout",
    ]


def test_checkout_of_an_empty_cart_says_so(food: AppHarness) -> None:
    assert food.run("/food checkout") == Text(
        "Your cart is empty: add dishes from a menu first, such as /food menu da-enzo."
    )
    assert food.payments == {}
    assert food.person_state("ana") == {}


def test_checkout_asks_to_pay_the_cart_total(food: AppHarness) -> None:
    fill_cart(food)
    request = checkout(food)
    assert request == PaymentRequest(
        amount=3250,
        currency="EUR",
        description="Order at Da Enzo al 29: 3 dishes",
        reference=request.reference,
    )
    assert request.visibility is Visibility.PRIVATE
    assert request.reference.startswith("F-")
    assert food.person_state("ana")["orders"] == {
        request.reference: {
            "restaurant": "da-enzo",
            "name": "Da Enzo al 29",
            "lines": [
                ["carbonara", "Spaghetti alla carbonara", 2, 2600],
                ["tiramisu", "Tiramisù", 1, 650],
            ],
            "status": "pending",
        }
    }
    cart = food.run("/food cart")  # the cart stays until the order is paid
    assert isinstance(cart, ListReply) and cart.title == "Your cart at Da Enzo al 29: €32.50"


def test_a_paid_order_is_confirmed_in_the_conversation_and_empties_the_cart(
    food: AppHarness,
) -> None:
    fill_cart(food)
    request = checkout(food, conversation="friends")
    receipt = food.pay(request)
    assert receipt == Card(
        title=f"Order {request.reference} confirmed",
        body="Da Enzo al 29 is preparing 3 dishes. Estimated delivery: 30 to 45 minutes.",
        fields=(
            Field("2 x Spaghetti alla carbonara", "€26.00"),
            Field("1 x Tiramisù", "€6.50"),
            Field("Total", "€32.50"),
        ),
        buttons=(Button("Tell me when it's on its way", "tell-me", {"order": request.reference}),),
        visibility=Visibility.PUBLIC,
    )
    assert (food.last.person, food.last.conversation) == ("ana", "friends")
    assert order_status(food, request.reference) == "paid"
    assert "cart" not in food.person_state("ana")
    assert food.run("/food cart") == EMPTY_CART
    with pytest.raises(HarnessError, match="already completed"):
        food.pay(request)


def test_dishes_added_after_checkout_stay_in_the_cart(food: AppHarness) -> None:
    fill_cart(food)
    request = checkout(food)
    add_from_menu(food, "da-enzo", 3)  # carciofi, after checking out
    add_from_menu(food, "da-enzo", 0)  # a third carbonara
    food.pay(request)
    cart = food.run("/food cart")
    assert isinstance(cart, ListReply)
    assert [i.title for i in cart.items] == [
        "1 x Spaghetti alla carbonara",
        "1 x Carciofi alla giudia",
    ]


def test_a_paid_order_leaves_a_cart_of_another_restaurant_alone(food: AppHarness) -> None:
    fill_cart(food)
    request = checkout(food)
    food.run("/food clear")
    add_from_menu(food, "luini", 0)
    food.pay(request)
    cart = food.run("/food cart")
    assert isinstance(cart, ListReply) and [i.title for i in cart.items] == [
        "1 x Panzerotto classico"
    ]


@pytest.mark.parametrize(
    ("settle", "why", "status"),
    [
        (AppHarness.decline, "You declined the payment", "declined"),
        (AppHarness.expire, "The payment request expired", "expired"),
    ],
)
def test_a_declined_or_expired_payment_keeps_the_cart(food, settle, why, status) -> None:
    fill_cart(food)
    request = checkout(food)
    assert settle(food, request) == Text(
        f"{why}, so order {request.reference} was not placed. "
        "Your cart is still there: /food checkout when you are ready."
    )
    assert order_status(food, request.reference) == status
    cart = food.run("/food cart")
    assert isinstance(cart, ListReply) and cart.title == "Your cart at Da Enzo al 29: €32.50"

    again = checkout(food)
    assert again.reference != request.reference
    assert isinstance(food.pay(again), Card)
    assert food.run("/food cart") == EMPTY_CART


def test_checking_out_again_while_an_order_is_pending_makes_a_new_order(food: AppHarness) -> None:
    fill_cart(food)
    first, second = checkout(food), checkout(food)
    assert first.reference != second.reference
    assert (first.amount, second.amount) == (3250, 3250)
    assert [order_status(food, r.reference) for r in (first, second)] == ["pending", "pending"]

    receipt = food.pay(second)
    assert isinstance(receipt, Card) and receipt.title == f"Order {second.reference} confirmed"
    assert order_status(food, first.reference) == "cancelled"
    assert food.expire(first) is None  # the cart was ordered with the other request


def test_a_second_paid_checkout_of_one_cart_is_offered_back(food: AppHarness) -> None:
    fill_cart(food)
    first, second = checkout(food), checkout(food)
    food.pay(first)
    late = food.pay(second)
    payment_id = food.payment_of(second).payment_id
    assert late == Card(
        title=f"Order {second.reference} was not placed",
        body="Another order of your cart was paid first. Press Refund to get €32.50 back.",
        buttons=(Button("Refund €32.50", "refund", {"payment_id": payment_id}),),
    )
    assert late.visibility is Visibility.PRIVATE
    assert order_status(food, second.reference) == "cancelled"

    refund = food.press(late.buttons[0])
    assert refund == Refund(
        payment_id=payment_id, reason=f"Order {second.reference} was not placed", key=payment_id
    )
    food.press(late.buttons[0])  # pressed twice: refunded once
    assert food.refunds == [refund]
    assert food.payments[payment_id].refunded == 3250
    assert food.payments[food.payment_of(first).payment_id].refunded == 0


def test_only_the_last_orders_are_kept(food: AppHarness) -> None:
    fill_cart(food)
    requests = [checkout(food) for _ in range(MAX_ORDERS + 1)]
    assert list(food.person_state("ana")["orders"]) == [r.reference for r in requests[1:]]
    forgotten = food.pay(requests[0])
    assert isinstance(forgotten, Card)
    assert forgotten.title == f"Order {requests[0].reference} was not placed"
    assert forgotten.body == "That order is no longer open. Press Refund to get €32.50 back."
    assert isinstance(food.pay(requests[-1]), Card)
    assert food.run("/food cart") == EMPTY_CART


def test_each_person_pays_for_their_own_cart(food: AppHarness) -> None:
    fill_cart(food, person="ana")
    menu = food.run("/food menu luini", as_person="bob", in_conversation="friends")
    assert isinstance(menu, ListReply)
    food.press(menu.items[1].buttons[0], as_person="bob")
    ana, bob = checkout(food, person="ana"), checkout(food, person="bob")
    assert (ana.amount, bob.amount) == (3250, 400)
    assert bob.description == "Order at Luini: 1 dish"
    assert food.payment_of(bob).person == "bob"

    food.pay(bob)
    assert food.run("/food cart", as_person="bob") == EMPTY_CART
    cart = food.run("/food cart", as_person="ana")
    assert isinstance(cart, ListReply) and cart.title == "Your cart at Da Enzo al 29: €32.50"
    assert order_status(food, ana.reference) == "pending"


def test_a_long_receipt_folds_its_last_lines() -> None:
    order = Order(
        id="F-000001",
        restaurant="da-enzo",
        restaurant_name="Da Enzo al 29",
        lines=tuple(Line(f"d{i}", f"Dish {i}", 1, 100 * i) for i in range(1, 11)),
        status=Status.PAID,
    )
    receipt = _receipt(order)
    assert [(f.label, f.value) for f in receipt.fields] == [
        *((f"1 x Dish {i}", f"€{i}.00") for i in range(1, 8)),
        ("3 dishes more", "€27.00"),
        ("Total", "€55.00"),
    ]
