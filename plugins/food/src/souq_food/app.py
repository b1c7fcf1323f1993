"""Food: find a restaurant, browse its menu and fill a cart, without leaving the chat.

Restaurant lists and menus posted by a command are public, so a group can choose
together; each person's cart and everything a button press answers are private.
"""

from __future__ import annotations

from typing import Any

from souq_sdk import App, Button, Card, Context, Field, Item, ListReply, Text, Update, Visibility

from souq_food.cart import Cart, CartError
from souq_food.catalogue import City, Restaurant, catalogue

app = App(
    slug="food",
    name="Food",
    version="1.0.0",
    summary="Order food from restaurants in Roma, Milano, Paris and Lisbon",
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
                body=f"{r.cuisine} · {r.address}",
                buttons=(Button("Menu", "menu", {"restaurant": r.id}),),
            )
            for r in catalogue().in_city(city)
        ),
        visibility=Visibility.PUBLIC,
    )


@app.command()
def menu(restaurant: str) -> ListReply | Text:
    """Show a restaurant's menu, with a button to add each dish to your cart.

    Args:
        restaurant: the restaurant's id or name, as in /food restaurants
    """
    found = catalogue().restaurant(restaurant)
    if found is None:
        return _unknown_restaurant(restaurant)
    return _menu(found, Visibility.PUBLIC)


@app.command()
def cart(context: Context) -> ListReply | Text:
    """Show your cart, with buttons to change quantities."""
    return _cart_view(Cart.load(context.person_state))


@app.command()
def clear(context: Context) -> Text:
    """Empty your cart."""
    Cart().save(context.person_state)
    return Text("Your cart is empty.")


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
        "Did you mean " + " or ".join(r.id for r in close) + "?"
        if close
        else "See /food restaurants " + " | ".join(c.value for c in City) + "."
    )
    return Text(f"No restaurant called {name!r}. {hint}")


def _dishes(count: int) -> str:
    return f"{count} dish" if count == 1 else f"{count} dishes"
