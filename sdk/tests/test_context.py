"""Context and per-app state: JSON values, copies, size limits, change tracking."""

import pytest
from souq_sdk import State, StateError
from souq_sdk.context import STATE_LIMIT, MemoryStateStore


def test_get_set_delete() -> None:
    state = State({"n": 1}, app="food", scope="person")
    assert state.get("n") == 1
    assert state.get("missing", "default") == "default"
    state.set("cart", {"margherita": 2})
    state.delete("n")
    state.delete("never there")
    assert "cart" in state and "n" not in state
    assert list(state) == ["cart"] and len(state) == 1
    assert state.to_dict() == {"cart": {"margherita": 2}}


def test_changes_are_tracked() -> None:
    state = State({"n": 1}, app="food", scope="person")
    state.set("n", 1)
    state.delete("other")
    assert not state.changed
    state.set("n", 2)
    assert state.changed


def test_values_are_copies() -> None:
    state = State(app="food", scope="person")
    cart = {"items": ["a"]}
    state.set("cart", cart)
    cart["items"].append("b")
    state.get("cart")["items"].append("c")
    assert state.get("cart") == {"items": ["a"]}


def test_values_must_be_json() -> None:
    state = State(app="food", scope="person")
    with pytest.raises(StateError, match=r"App 'food': state value for 'when' is not JSON"):
        state.set("when", {1, 2})
    with pytest.raises(StateError, match="is not JSON"):
        state.set("n", float("nan"))
    with pytest.raises(StateError, match="a state key is a string"):
        state.set("", 1)
    assert not state.changed


def test_size_is_limited_and_a_refused_set_changes_nothing() -> None:
    state = State({"a": "x" * (STATE_LIMIT - 100)}, app="food", scope="conversation")
    with pytest.raises(
        StateError, match=r"App 'food': conversation state would be \d+ bytes; the limit is 16384"
    ):
        state.set("b", "y" * 200)
    assert "b" not in state and not state.changed


def test_memory_store_keeps_state_per_app_scope_and_key() -> None:
    store = MemoryStateStore()
    store.save("food", "person", "p1", {"cart": [1]})
    assert store.load("food", "person", "p1") == {"cart": [1]}
    assert store.load("food", "conversation", "p1") == {}
    assert store.load("cinema", "person", "p1") == {}
    store.load("food", "person", "p1")["cart"].append(2)
    assert store.load("food", "person", "p1") == {"cart": [1]}
