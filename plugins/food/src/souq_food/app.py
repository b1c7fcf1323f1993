"""Food: find a restaurant, browse its menu, fill a cart and pay for it, without leaving
the chat.

Restaurant lists and menus posted by a command are public, so a group can choose
together; each person's cart and everything a button press answers are private.
``/food checkout`` turns the cart into an order (see :mod:`souq_food.orders`) and asks
the person to pay its total. When the payment completes, the order is confirmed publicly
in the conversation and its dishes leave the cart; when it is declined or expires, the
cart stays as it was. Checking out again makes a new order; the first of a person's
pending orders to be paid is placed, and a payment that completes for any other one gets
a private card with a Refund button.

The receipt offers "Tell me when it's on its way": souq asks the person to allow Food's
service messages (``messages.notify``). The restaurant's backend reports each paid
order's progress with the ``order-status`` event, and the order's owner is told, if they
allowed it (see :mod:`souq_food.tracking` and :mod:`souq_food.messages`).
"""

from __future__ import annotations

from typing import Any

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
    Rest,
    Shared,
    Text,
    Update,
    Visibility,
)

from souq_food.cart import Cart, CartError
from souq_food.catalogue import City, Restaurant, catalogue
from souq_food.messages import NOTIFY, news, tell
from souq_food.orders import Order, Orders, Status
from souq_food.tracking import PAID, PENDING, PROGRESS, advance, find, track

DELIVERY = "Estimated delivery: 30 to 45 minutes."
MAX_RECEIPT_LINES = 8

app = App(
    slug="food",
    name="Food",
    summary="Order food from restaurants in Roma, Milano, Paris and Lisbon",
    scopes=["payments.request", NOTIFY],
)


@app.command()
def restaurants(city: City) -> ListReply:
    """List the restaurants that deliver in a city.

    Args:
        city: where to eat
    """
    return ListReply(
        title=f"Restaurants in {city.value.title()}",
        items=tuple(
            Item(
                title=r.name,
                body=f"{r.cuisine} · {r.address} · /food menu {r.id}",
                buttons=(Button("Menu", "menu", {"restaurant": r.id}),),
            )
            for r in catalogue().in_city(city)
        ),
        visibility=Visibility.PUBLIC,
    )


@app.command()
def menu(restaurant: Rest) -> ListReply | Text:
    """Show a restaurant's menu, with a button to add each dish to your cart; a city
    lists its restaurants, each with a Menu button.

    Args:
        restaurant: a restaurant as /food restaurants shows it (any case), its short
            name (da-enzo), or a city (roma)
    """
    found = catalogue().restaurant(restaurant)
    if found is not None:
        return _menu(found, Visibility.PUBLIC)
    city = next((c for c in City if c.value == restaurant.strip().casefold()), None)
    if city is not None:
        return restaurants(city)
    return _unknown_restaurant(restaurant)


@app.command()
def cart(context: Context) -> ListReply | Text:
    """Show your cart, with buttons to change quantities."""
    return _cart_view(Cart.load(context.person_state))


@app.command()
def clear(context: Context) -> Text:
    """Empty your cart."""
    Cart().save(context.person_state)
    return Text("Your cart is empty.")


@app.command()
def checkout(context: Context) -> PaymentRequest | Text:
    """Order what is in your cart: asks you to pay its total."""
    basket = Cart.load(context.person_state)
    if basket.restaurant is None:
        return Text("Your cart is empty: add dishes from a menu first, such as /food menu da-enzo.")
    order = Orders(context.person_state).place(
        basket, taken=lambda order_id: find(context.shared, order_id) is not None
    )
    track(context.shared, order, context.person_id, PENDING)
    return PaymentRequest(
        amount=order.total,
        currency=catalogue().currency,
        description=f"Order at {order.restaurant_name}: {_dishes(order.count)}",
        reference=order.id,
    )


@app.action("menu")
def show_menu(payload: dict[str, Any]) -> ListReply | Text:
    """Show a restaurant's menu to the person who pressed."""
    found = catalogue().restaurant(str(payload.get("restaurant", "")))
    if found is None:
        return Text("That restaurant is no longer on souq.")
    return _menu(found, Visibility.PRIVATE)


@app.action()
def add(context: Context, payload: dict[str, Any]) -> Card | Text | Update:
    """Add one dish to the cart (from a menu, or "Add one" on the cart)."""
    restaurant = catalogue().restaurant(str(payload.get("restaurant", "")))
    dish = restaurant.dish(str(payload.get("dish", ""))) if restaurant else None
    if restaurant is None or dish is None:
        return Text("That dish is no longer on the menu.")
    basket = Cart.load(context.person_state)
    try:
        quantity = basket.add(restaurant, dish)
    except CartError as refusal:
        return Text(str(refusal))
    basket.save(context.person_state)
    if payload.get("in_cart"):
        return Update(_cart_view(basket))
    return Card(
        title=f"Added {dish.name}",
        body=f"{quantity} in your cart from {restaurant.name}",
        fields=(
            Field("Cart", _dishes(basket.count)),
            Field("Total", catalogue().price(basket.total)),
        ),
        buttons=(Button("View cart", "cart"),),
    )


@app.action()
def remove(context: Context, payload: dict[str, Any]) -> Update:
    """Take one dish out of the cart, updating the cart in place."""
    basket = Cart.load(context.person_state)
    basket.remove(str(payload.get("dish", "")))
    basket.save(context.person_state)
    return Update(_cart_view(basket))


@app.action("cart")
def show_cart(context: Context) -> ListReply | Text:
    """Show the cart of the person who pressed."""
    return _cart_view(Cart.load(context.person_state))


@app.action()
def refund(context: Context, payload: dict[str, Any]) -> Refund | Text:
    """Give back a payment of an order that was not placed."""
    payment_id = str(payload.get("payment_id", ""))
    order_id = Orders(context.person_state).refund_due(payment_id)
    if order_id is None:
        return Text("That payment has nothing to refund.")
    # The key is the payment: pressing again never refunds it twice.
    return Refund(payment_id=payment_id, reason=f"Order {order_id} was not placed", key=payment_id)


@app.action("tell-me")
def tell_me(context: Context, order: str) -> AskScope | Text:
    """Ask to be told how a paid order is going (only the person who paid for it may)."""
    tracked = find(context.shared, order)
    if tracked is None or tracked.owner != context.person_id:
        return Text(f"Only the person who paid for order {order} can follow it.")
    if NOTIFY not in context.grants:
        return AskScope(NOTIFY, f"to tell you when order {order} is on its way")
    return Text(f"Food will tell you when order {order} is on its way.")


@app.event("order-status")
def order_status(notifier: Notifier, data: dict[str, Any], shared: Shared) -> dict[str, Any]:
    """The restaurant's backend says how a paid order is going
    (``{"order": "F-3A9C2E", "status": "on_its_way"}``): record it, and tell the order's
    owner if they allowed it. Answers what became of the message, or what was wrong."""
    order_id, status = data.get("order"), data.get("status")
    if status not in PROGRESS:
        return {"error": f"status must be one of {', '.join(PROGRESS)}, not {status!r}"}
    tracked = find(shared, order_id) if isinstance(order_id, str) else None
    if tracked is None:
        return {"error": f"no order {order_id!r}"}
    summary: dict[str, Any] = {"order": tracked.id, "status": status}
    if tracked.step < 0:
        return {**summary, "delivered": False, "why": f"order {tracked.id} is not paid"}
    if tracked.step > PROGRESS.index(status):
        why = f"order {tracked.id} is already {tracked.status}"
        return {**summary, "delivered": False, "why": why}
    advance(shared, tracked, status)
    return {**summary, **tell(notifier, tracked.owner, news(tracked, status))}


@app.on_payment(PaymentOutcome.COMPLETED)
def paid(context: Context, event: PaymentEvent) -> Card:
    """Confirm the order in the conversation and take its dishes out of the cart."""
    orders = Orders(context.person_state)
    order = orders.get(event.reference)
    if order is None or order.status is not Status.PENDING:
        orders.owe_refund(event.payment_id, event.reference)
        amount = catalogue().price(event.amount)
        why = (
            "Another order of your cart was paid first"
            if order is not None and order.status is Status.CANCELLED
            else "That order is no longer open"
        )
        return Card(
            title=f"Order {event.reference} was not placed",
            body=f"{why}. Press Refund to get {amount} back.",
            buttons=(Button(f"Refund {amount}", "refund", {"payment_id": event.payment_id}),),
        )
    orders.settle(order, Status.PAID)
    track(context.shared, order, context.person_id, PAID)
    basket = Cart.load(context.person_state)
    basket.take_out(order.restaurant, order.items)
    basket.save(context.person_state)
    return _receipt(order, offer_news=NOTIFY not in context.grants)


@app.on_payment(PaymentOutcome.DECLINED, PaymentOutcome.EXPIRED)
def unpaid(context: Context, event: PaymentEvent) -> Text | None:
    """Say that the order was not placed and the cart is still there."""
    orders = Orders(context.person_state)
    order = orders.get(event.reference)
    if order is None or order.status is not Status.PENDING:
        return None  # another order of the cart was paid since: nothing to say
    orders.settle(order, Status(event.outcome.value))
    why = (
        "You declined the payment"
        if event.outcome is PaymentOutcome.DECLINED
        else "The payment request expired"
    )
    return Text(
        f"{why}, so order {order.id} was not placed. Your cart is still there: "
        "/food checkout when you are ready."
    )


def _receipt(order: Order, *, offer_news: bool = False) -> Card:
    price = catalogue().price
    lines = [
        Field(f"{line.quantity} x {line.name}"[:40], price(line.amount)) for line in order.lines
    ]
    if len(lines) > MAX_RECEIPT_LINES:
        rest = order.lines[MAX_RECEIPT_LINES - 1 :]
        lines[MAX_RECEIPT_LINES - 1 :] = [
            Field(
                f"{_dishes(sum(li.quantity for li in rest))} more",
                price(sum(li.amount for li in rest)),
            )
        ]
    return Card(
        title=f"Order {order.id} confirmed",
        body=f"{order.restaurant_name} is preparing {_dishes(order.count)}. {DELIVERY}",
        fields=(*lines, Field("Total", price(order.total))),
        buttons=(
            (Button("Tell me when it's on its way", "tell-me", {"order": order.id}),)
            if offer_news
            else ()
        ),
        visibility=Visibility.PUBLIC,
    )


def _menu(restaurant: Restaurant, visibility: Visibility) -> ListReply:
    price = catalogue().price
    return ListReply(
        title=f"{restaurant.name}: menu",
        items=tuple(
            Item(
                title=f"{dish.name} · {price(dish.price)}",
                body=dish.description,
                buttons=(Button("Add", "add", {"restaurant": restaurant.id, "dish": dish.id}),),
            )
            for dish in restaurant.dishes
        ),
        visibility=visibility,
    )


def _cart_view(basket: Cart) -> ListReply | Text:
    if basket.restaurant is None:
        return Text("Your cart is empty. Find a restaurant with /food restaurants roma.")
    restaurant = basket.restaurant
    price = catalogue().price
    return ListReply(
        title=f"Your cart at {restaurant.name}: {price(basket.total)}",
        items=tuple(
            Item(
                title=f"{quantity} x {dish.name}",
                body=price(dish.price * quantity),
                buttons=(
                    Button("Remove one", "remove", {"dish": dish.id}),
                    Button(
                        "Add one",
                        "add",
                        {"restaurant": restaurant.id, "dish": dish.id, "in_cart": True},
                    ),
                ),
            )
            for dish, quantity in basket.lines()
        ),
    )


def _unknown_restaurant(name: str) -> Text:
    close = catalogue().closest(name)
    hint = (
        "Did you mean " + " or ".join(f"{r.name} ({r.id})" for r in close) + "?"
        if close
        else "See /food restaurants " + " | ".join(c.value for c in City) + "."
    )
    return Text(f"No restaurant called {name.strip()!r}. {hint}")


def _dishes(count: int) -> str:
    return f"{count} dish" if count == 1 else f"{count} dishes"
