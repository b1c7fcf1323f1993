"""The one command parser: invocations, typed arguments and usage errors (table-driven)."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from souq_sdk.commands import (
    Invocation,
    find_command,
    format_app_help,
    format_help,
    format_usage,
    parse_arguments,
    parse_invocation,
)
from souq_sdk.errors import UsageError
from souq_sdk.manifest import validate_manifest

MANIFEST = validate_manifest(
    {
        "slug": "shop",
        "name": "Shop",
        "version": "1.0.0",
        "summary": "Buy things",
        "commands": [
            {
                "name": "order",
                "summary": "Order an item.",
                "params": [
                    {"name": "item", "type": "str", "help": "what to order"},
                    {"name": "qty", "type": "int", "min": 1, "max": 10},
                    {"name": "size", "type": "choice", "choices": ["Small", "large"]},
                    {"name": "tip", "type": "decimal", "required": False, "min": "0", "max": "50"},
                    {"name": "gift", "type": "bool", "required": False},
                    {"name": "when", "type": "date", "required": False},
                    {"name": "note", "type": "text", "required": False},
                ],
            },
            {
                "name": "say",
                "summary": "Say it.",
                "params": [{"name": "words", "type": "text"}],
            },
            {"name": "status", "summary": "Show the status."},
            {
                "name": "tip",
                "summary": "Tip.",
                "params": [
                    {"name": "euros", "type": "amount", "currency": "EUR"},
                    {"name": "yen", "type": "amount", "currency": "JPY", "required": False},
                ],
            },
        ],
    }
)
ORDER = MANIFEST.command("order")
SAY = MANIFEST.command("say")
STATUS = MANIFEST.command("status")
TIP = MANIFEST.command("tip")
ORDER_USAGE = "/shop order <item> <qty> <size> [tip] [gift] [when] [note...]"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/food menu roma", Invocation("food", "menu", "roma")),
        ("  /Food   MENU   roma  'da enzo' ", Invocation("food", "menu", "roma  'da enzo'")),
        ("/food", Invocation("food", None, "")),
        ("/food help", Invocation("food", "help", "")),
        ("/help", Invocation("help", None, "")),
        ("/food say two\nlines", Invocation("food", "say", "two\nlines")),
    ],
)
def test_parse_invocation(line: str, expected: Invocation) -> None:
    assert parse_invocation(line) == expected


@pytest.mark.parametrize("line", ["food menu", "", "/", "/ food"])
def test_parse_invocation_refuses_what_is_not_a_command(line: str) -> None:
    with pytest.raises(UsageError, match="starts with /"):
        parse_invocation(line)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pizza 2 small", {"item": "pizza", "qty": 2, "size": "Small"}),
        ('"hawaii pizza" 10 LARGE', {"item": "hawaii pizza", "qty": 10, "size": "large"}),
        (
            "pizza +3 small 2.50",
            {"item": "pizza", "qty": 3, "size": "Small", "tip": Decimal("2.50")},
        ),
        (
            "pizza 1 small 0 yes",
            {"item": "pizza", "qty": 1, "size": "Small", "tip": 0, "gift": True},
        ),
        (
            "pizza 1 small 1 off 2025-03-14",
            {
                "item": "pizza",
                "qty": 1,
                "size": "Small",
                "tip": Decimal(1),
                "gift": False,
                "when": date(2025, 3, 14),
            },
        ),
        (
            'pizza 1 small 1 no 2025-03-14 ring twice, it\'s "urgent"  ',
            {
                "item": "pizza",
                "qty": 1,
                "size": "Small",
                "tip": Decimal(1),
                "gift": False,
                "when": date(2025, 3, 14),
                "note": 'ring twice, it\'s "urgent"',
            },
        ),
        ("it\\'s 1 small", {"item": "it's", "qty": 1, "size": "Small"}),
        ("'#1' 1 small", {"item": "#1", "qty": 1, "size": "Small"}),
    ],
)
def test_parse_arguments(text: str, expected: dict[str, Any]) -> None:
    assert parse_arguments("shop", ORDER, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello   world ", "hello   world"),
        ('"hello world"', "hello world"),
        ("'it''s'", "its"),
        ('"unbalanced', '"unbalanced'),
        ('"a" and "b"', '"a" and "b"'),
    ],
)
def test_text_takes_the_rest_of_the_line(text: str, expected: str) -> None:
    assert parse_arguments("shop", SAY, text) == {"words": expected}


@pytest.mark.parametrize(
    ("command", "text", "problem"),
    [
        (ORDER, "", "Missing <item>."),
        (ORDER, "pizza", "Missing <qty>."),
        (ORDER, "pizza 2", "Missing <size>."),
        (ORDER, "pizza two small", "<qty> must be a whole number from 1 to 10, not 'two'."),
        (ORDER, "pizza 1_000 small", "<qty> must be a whole number from 1 to 10, not '1_000'."),
        (ORDER, "pizza 0 small", "<qty> must be a whole number from 1 to 10, not 0."),
        (ORDER, "pizza 11 small", "<qty> must be a whole number from 1 to 10, not 11."),
        (ORDER, "pizza 1 medium", "<size> must be one of Small, large, not 'medium'."),
        (
            ORDER,
            "pizza 1 small NaN",
            "<tip> must be a number such as 12.50 from 0 to 50, not 'NaN'.",
        ),
        (
            ORDER,
            "pizza 1 small 50.01",
            "<tip> must be a number such as 12.50 from 0 to 50, not 50.01.",
        ),
        (
            ORDER,
            "pizza 1 small 99999999999999999999",
            "<tip> may have at most 18 digits before the point and 18 after it, "
            "not '99999999999999999999'.",
        ),
        (
            ORDER,
            "pizza 1 small 0.0000000000000000001",
            "<tip> may have at most 18 digits before the point and 18 after it",
        ),
        (ORDER, "pizza 1234567890123456789 small", "<qty> may have at most 18 digits, not"),
        (ORDER, "pizza ١٢ small", "<qty> must be written with the digits 0-9, not '١٢'."),
        (ORDER, "pizza 1 small ٣.5", "<tip> must be written with the digits 0-9, not '٣.5'."),
        (ORDER, "pizza 1 small 1 maybe", "<gift> must be yes or no, not 'maybe'."),
        (ORDER, "pizza 1 small 1 yes 14/03/2025", "<when> must be a date such as 2025-03-14"),
        (ORDER, "pizza 1 small 1 yes 2025-02-30", "<when> must be a date such as 2025-03-14"),
        (ORDER, '"pizza 1 small', "Unbalanced quotes: no closing quotation."),
        (ORDER, "pizza 1 small\\", "Unbalanced quotes: no escaped character."),
        (TIP, "10.005", "<euros>: EUR has 2 decimal places; '10.005' has more."),
        (TIP, "1 1.5", "<yen>: JPY has 0 decimal places; '1.5' has more."),
        (TIP, "0", "<euros>: an amount must be from €0.01 to €100,000.00."),
        (TIP, "100000.01", "<euros>: an amount must be from €0.01 to €100,000.00."),
        (TIP, "1e3", "<euros> must be an amount in EUR such as 12.50, not '1e3'."),
        (TIP, "١٢", "<euros> must be written with the digits 0-9, not '١٢'."),
        (SAY, "", "Missing <words>."),
        (STATUS, "now", "Unexpected extra argument 'now'."),
        (STATUS, '"now later"', "Unexpected extra argument 'now later'."),
    ],
)
def test_usage_errors_say_what_was_wrong_and_show_the_usage(command, text, problem) -> None:
    with pytest.raises(UsageError) as caught:
        parse_arguments("shop", command, text)
    assert caught.value.problem.startswith(problem)
    assert caught.value.usage == format_usage("shop", command)
    assert str(caught.value) == f"{caught.value.problem}\nUsage: {caught.value.usage}"


def test_usage_line() -> None:
    assert format_usage("shop", ORDER) == ORDER_USAGE
    assert format_usage("shop", SAY) == "/shop say <words...>"
    assert format_usage("shop", STATUS) == "/shop status"


def test_help_has_a_line_per_parameter() -> None:
    assert format_help("shop", ORDER).splitlines() == [
        ORDER_USAGE,
        "Order an item.",
        "",
        "  item  what to order (a word (quote several words))",
        "  qty   a whole number from 1 to 10",
        "  size  one of Small, large",
        "  tip   a number such as 12.50 from 0 to 50, optional",
        "  gift  yes or no, optional",
        "  when  a date such as 2025-03-14, optional",
        "  note  text, to the end of the line, optional",
    ]


def test_app_help_lists_the_commands() -> None:
    assert format_app_help(MANIFEST).splitlines() == [
        "Shop 1.0.0: Buy things",
        f"  {ORDER_USAGE}  Order an item.",
        "  /shop say <words...>  Say it.",
        "  /shop status  Show the status.",
        "  /shop tip <euros> [yen]  Tip.",
        "Type /shop help COMMAND for a command's parameters.",
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("ordr", "Shop has no command 'ordr'. Did you mean /shop order?"),
        ("stats", "Shop has no command 'stats'. Did you mean /shop status?"),
        ("xyzzy", "Shop has no command 'xyzzy'. Type /shop help to see its commands."),
    ],
)
def test_unknown_commands_get_a_suggestion(name: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        find_command(MANIFEST, name)
    assert str(caught.value) == message


def test_an_amount_reaches_the_handler_as_exact_minor_units() -> None:
    assert parse_arguments("shop", TIP, "12.5 1500") == {"euros": 1250, "yen": 1500}
    assert parse_arguments("shop", TIP, "100000.00") == {"euros": 10_000_000}
