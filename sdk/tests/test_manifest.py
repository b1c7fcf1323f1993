"""Manifest validation: a typed manifest, or every problem listed at once."""

from decimal import Decimal
from typing import Any

import pytest
from souq_sdk import InvalidManifest
from souq_sdk.manifest import ParamType, validate_manifest


def manifest(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "slug": "food",
        "name": "Food",
        "version": "1.0.0",
        "summary": "Order food",
        "scopes": ["profile.name"],
        "commands": [
            {
                "name": "menu",
                "summary": "Show a menu.",
                "params": [
                    {"name": "restaurant", "type": "str", "help": "which one"},
                    {"name": "page", "type": "int", "required": False, "min": 1, "max": 9},
                ],
            }
        ],
        "actions": [{"name": "add", "summary": "Add a dish."}],
    }
    data.update(changes)
    return data


def test_a_valid_manifest_is_typed_and_round_trips() -> None:
    typed = validate_manifest(manifest())
    assert typed.slug == "food"
    menu = typed.command("menu")
    assert menu is not None and menu.params[1].type is ParamType.INT
    assert (menu.params[1].min, menu.params[1].max) == (1, 9)
    assert typed.action("add") is not None and typed.action("remove") is None
    assert typed.command("nope") is None
    assert validate_manifest(typed.to_dict()) == typed


def test_decimal_bounds_are_exact_strings() -> None:
    params = [{"name": "tip", "type": "decimal", "min": "0.5", "max": 20}]
    typed = validate_manifest(
        manifest(commands=[{"name": "tip", "summary": "Tip.", "params": params}])
    )
    tip = typed.commands[0].params[0]
    assert (tip.min, tip.max) == (Decimal("0.5"), Decimal(20))
    assert tip.to_dict() == {
        "name": "tip",
        "type": "decimal",
        "required": True,
        "help": "",
        "min": "0.5",
        "max": "20",
    }


def param(**fields: Any) -> dict[str, Any]:
    return manifest(commands=[{"name": "go", "summary": "Go.", "params": [fields]}])


@pytest.mark.parametrize(
    ("data", "problems"),
    [
        ([], ["a manifest is a dict, got list"]),
        (
            {},
            [
                "slug: missing",
                "name: missing",
                "version: missing",
                "summary: missing",
                "an app needs at least one command or action",
            ],
        ),
        (
            manifest(slug="Food!"),
            ["slug: 'Food!' must be 2-31 of a-z, 0-9 and -, starting with a letter"],
        ),
        (manifest(version="1.0"), ["version: '1.0' is not a semantic version such as 1.0.0"]),
        (manifest(name=""), ["name: must not be empty"]),
        (manifest(colour="red"), ["manifest: unknown key 'colour'"]),
        (
            manifest(scopes=["contacts"]),
            [
                "scopes[0]: unknown scope 'contacts' (known: profile.name, profile.phone, messages.notify, messages.promote, payments.request)"
            ],
        ),
        (
            manifest(commands=[{"name": "help", "summary": "Help."}]),
            ["commands[0].name: 'help' is reserved by the host"],
        ),
        (
            manifest(commands=[{"name": "a", "summary": "A."}] * 2),
            ["commands: command 'a' is declared twice"],
        ),
        (
            manifest(actions=[{"name": "Add"}]),
            ["actions[0].name: 'Add' must be a-z, 0-9, _ and -, starting with a letter"],
        ),
        (
            param(name="when", type="datetime"),
            [
                "commands[0].params[0].type: 'datetime' is not one of str, int, decimal, bool, date, choice, text, amount"
            ],
        ),
        (
            param(name="size", type="choice"),
            ["commands[0].params[0].choices: a choice parameter needs choices"],
        ),
        (
            param(name="size", type="choice", choices=["a b", "A", "a"]),
            [
                "commands[0].params[0].choices[0]: 'a b' must be a word without spaces",
                "commands[0].params[0].choices: choices must differ ignoring case",
            ],
        ),
        (
            param(name="tip", type="amount", currency="XYZ"),
            ["commands[0].params[0].currency: 'XYZ' is not one of EUR, USD, GBP, CHF, JPY"],
        ),
        (
            param(name="tip", type="decimal", currency="EUR"),
            ["commands[0].params[0].currency: only an amount parameter has a currency"],
        ),
        (
            param(name="size", type="str", choices=["a"]),
            ["commands[0].params[0].choices: only a choice parameter has choices"],
        ),
        (
            param(name="n", type="int", min=5, max=1),
            ["commands[0].params[0]: min 5 is greater than max 1"],
        ),
        (
            param(name="n", type="int", min=1.5),
            ["commands[0].params[0].min: 1.5 is not a bound for a int parameter"],
        ),
        (
            param(name="n", type="str", max=3),
            ["commands[0].params[0].max: only int and decimal parameters have bounds, not str"],
        ),
        (
            param(name="n", type="int", required="yes"),
            ["commands[0].params[0].required: must be true or false"],
        ),
        (
            param(name="Bad-Name", type="str"),
            [
                "commands[0].params[0].name: 'Bad-Name' must be a-z, 0-9 and _, starting with a letter"
            ],
        ),
        (
            manifest(
                commands=[
                    {
                        "name": "go",
                        "summary": "Go.",
                        "params": [
                            {"name": "rest", "type": "text"},
                            {"name": "opt", "type": "str", "required": False},
                            {"name": "req", "type": "str"},
                            {"name": "req", "type": "str"},
                        ],
                    }
                ]
            ),
            [
                "commands[0].params: parameter 'req' is declared twice",
                "commands[0].params[0]: a text parameter must be the last one",
                "commands[0].params[2]: a required parameter cannot follow an optional one",
                "commands[0].params[3]: a required parameter cannot follow an optional one",
            ],
        ),
    ],
)
def test_every_problem_is_listed(data: object, problems: list[str]) -> None:
    with pytest.raises(InvalidManifest) as caught:
        validate_manifest(data)
    assert caught.value.problems == problems


def test_the_error_names_the_app() -> None:
    with pytest.raises(InvalidManifest, match=r"Invalid manifest of app 'food':\n- version: "):
        validate_manifest(manifest(version="one"))
