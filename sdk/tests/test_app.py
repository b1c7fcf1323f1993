"""The declarative layer: annotations become typed parameters, docstrings become help."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any, Literal, Optional

import pytest
from souq_sdk import Amount, App, Context, InvalidManifest, Range, Rest, Text, distribution
from souq_sdk.manifest import ParamSpec, ParamType
from souq_sdk.params import ParameterError
from souq_sdk.testing import AppHarness


class Size(StrEnum):
    SMALL = "small"
    LARGE = "large"


def new_app() -> App:
    return App(slug="shop", name="Shop", version="1.0.0", summary="Buy things")


def test_annotations_become_typed_parameters() -> None:
    app = new_app()

    @app.command("order")
    def order(
        context: Context,
        item: str,
        qty: Range[int, 1, 10],
        size: Size,
        tip: Range[Decimal, "0.5", None] | None = None,
        gift: bool = False,
        when: Optional[datetime.date] = None,  # noqa: UP045 - both spellings are supported
        wrap: Literal["paper", "box"] = "paper",
        pay: Amount.JPY | None = None,
        note: Rest = "",
    ) -> Text:
        """Order an item.

        Delivered within the hour.

        Args:
            item: what to order
            qty: how many,
                at most ten
        """
        return Text("ok")

    command = app.manifest().command("order")
    assert command is not None
    assert command.summary == "Order an item."
    assert command.description == "Delivered within the hour."
    assert command.params == (
        ParamSpec("item", ParamType.STR, help="what to order"),
        ParamSpec("qty", ParamType.INT, help="how many, at most ten", min=1, max=10),
        ParamSpec("size", ParamType.CHOICE, choices=("small", "large")),
        ParamSpec("tip", ParamType.DECIMAL, required=False, min=Decimal("0.5")),
        ParamSpec("gift", ParamType.BOOL, required=False),
        ParamSpec("when", ParamType.DATE, required=False),
        ParamSpec("wrap", ParamType.CHOICE, required=False, choices=("paper", "box")),
        ParamSpec("pay", ParamType.AMOUNT, required=False, currency="JPY"),
        ParamSpec("note", ParamType.TEXT, required=False),
    )


def test_handlers_get_converted_values_and_python_defaults() -> None:
    app = new_app()
    seen: list[dict[str, Any]] = []

    @app.command()
    def order(item: str, size: Size, qty: int = 1, note: Rest | None = None) -> Text:
        """Order."""
        seen.append({"item": item, "size": size, "qty": qty, "note": note})
        return Text("ok")

    harness = AppHarness(app)
    harness.run("/shop order tea LARGE")
    harness.run("/shop order 'green tea' small 3 no sugar please")
    assert seen == [
        {"item": "tea", "size": Size.LARGE, "qty": 1, "note": None},
        {"item": "green tea", "size": Size.SMALL, "qty": 3, "note": "no sugar please"},
    ]
    assert isinstance(seen[0]["size"], Size)


def test_names_default_to_the_function_name() -> None:
    app = new_app()

    @app.command()
    def show_cart() -> Text:
        return Text("cart")

    @app.action()
    def add_one() -> Text:
        return Text("added")

    manifest = app.manifest()
    assert [c.name for c in manifest.commands] == ["show-cart"]
    assert manifest.commands[0].summary == "show-cart"  # no docstring: the name is the summary
    assert [a.name for a in manifest.actions] == ["add_one"]


def test_the_context_is_found_by_its_annotation_not_its_name() -> None:
    app = new_app()

    @app.command()
    def whoami(ctx: Context) -> Text:
        return Text(ctx.person_id)

    @app.command()
    def echo(context: str) -> Text:
        return Text(context)

    assert app.manifest().command("whoami").params == ()  # type: ignore[union-attr]
    harness = AppHarness(app)
    assert harness.run("/shop whoami", as_person="ana").text == harness.person_id("ana")  # type: ignore[union-attr]
    assert harness.run("/shop echo hi").text == "hi"  # type: ignore[union-attr]


class Numbered(Enum):
    ONE = 1


def _bad_optional(x: int | None) -> None: ...
def _bad_type(x: list[str]) -> None: ...
def _bad_enum(x: Numbered) -> None: ...
def _bad_literal(x: Literal[1, 2]) -> None: ...
def _bad_rest(x: Rest, y: str) -> None: ...
def _bad_order(x: int = 1, y: int = 2, z: str = "", w: Range[int, 1, 2] = 1, *, k: str) -> None: ...
def _bad_untyped(x) -> None: ...  # type: ignore[no-untyped-def]


def _bad_doc(x: int) -> None:
    """Doc.

    Args:
        y: not a parameter
    """


@pytest.mark.parametrize(
    ("function", "error", "message"),
    [
        (_bad_optional, ParameterError, "parameter 'x' is Optional, so it needs a default"),
        (_bad_type, ParameterError, r"parameter 'x': list\[str\] is not a command type"),
        (_bad_enum, ParameterError, "parameter 'x': Numbered values must be str"),
        (_bad_literal, ParameterError, "parameter 'x': Literal choices must be str"),
        (_bad_rest, InvalidManifest, "a text parameter must be the last one"),
        (_bad_order, ParameterError, "parameter 'k' must be a plain positional one"),
        (_bad_untyped, ParameterError, "parameter 'x' needs a type"),
        (_bad_doc, ParameterError, r"the docstring documents unknown parameters \['y'\]"),
    ],
)
def test_unsupported_handlers_fail_at_declaration(function, error, message) -> None:
    app = new_app()
    with pytest.raises(error, match=message):
        app.command("go")(function)
    with pytest.raises(InvalidManifest, match="needs at least one command"):
        app.manifest()  # the failed declaration left nothing behind


def test_range_takes_only_numbers() -> None:
    with pytest.raises(TypeError, match="Range takes int or Decimal"):
        Range[str, 1, 2]  # type: ignore[misc]


def test_a_command_or_action_cannot_be_declared_twice() -> None:
    app = new_app()
    app.command("go")(lambda: Text("a"))
    app.action("go")(lambda: Text("a"))
    with pytest.raises(ValueError, match="command 'go' declared twice"):
        app.command("go")(lambda: Text("b"))
    with pytest.raises(ValueError, match="action 'go' declared twice"):
        app.action("go")(lambda: Text("b"))


def test_an_action_takes_typed_payload_keys_or_the_whole_payload_alone() -> None:
    app = new_app()
    with pytest.raises(ParameterError, match="a lone dict parameter takes the whole payload"):

        @app.action()
        def add(context: Context, payload: dict[str, Any], extra: int) -> Text:
            return Text("x")


def test_invalid_app_settings_fail_at_the_first_declaration() -> None:
    app = App(slug="Shop!", name="Shop", version="one", summary="x")
    with pytest.raises(InvalidManifest) as caught:
        app.command("go")(lambda: Text("x"))
    assert [p.split(":")[0] for p in caught.value.problems] == ["slug", "version"]


def test_an_app_is_a_pluggy_plugin() -> None:
    from souq_sdk.dispatch import plugin_manager

    app = new_app()
    app.command("go")(lambda: Text("x"))
    pm = plugin_manager()
    pm.register(app)
    assert {impl.plugin for impl in pm.hook.souq_command.get_hookimpls()} == {app}
    assert repr(app) == "App(slug='shop', version='1.0.0')"


@pytest.mark.parametrize("record", [True, False], ids=["wheel install", "editable install"])
def test_an_app_without_a_version_has_its_installed_distributions(
    install_demo: Callable[..., None], record: bool
) -> None:
    install_demo("2.3.4", record=record)
    from souq_demo.app import app  # type: ignore[import-not-found]

    assert app.version == "2.3.4"
    assert app.manifest().version == "2.3.4"


@pytest.mark.parametrize("record", [True, False], ids=["wheel install", "editable install"])
def test_one_scan_reads_the_installed_distributions_once_and_only_within(
    install_demo: Callable[..., None], monkeypatch: pytest.MonkeyPatch, record: bool
) -> None:
    reads: list[str] = []

    def counted(read: Callable[..., Any], name: str) -> Callable[..., Any]:
        def counting(*args: Any, **kwargs: Any) -> Any:
            reads.append(name)
            return read(*args, **kwargs)

        return counting

    for name in ("packages_distributions", "entry_points"):
        monkeypatch.setattr(distribution, name, counted(getattr(distribution, name), name))
    assert distribution.distribution_of("souq_demo.app") is None
    assert reads.count("packages_distributions") == 1
    install_demo("2.3.4", record=record)
    with distribution.one_scan():
        for _ in range(3):
            found = distribution.distribution_of("souq_demo.app")
            assert found is not None and found.version == "2.3.4"
    assert reads.count("packages_distributions") == 2
    assert reads.count("entry_points") == (1 if record else 2)
    # outside, each call reads again: what was installed since a scan is found
    found = distribution.distribution_of("souq_demo")
    assert found is not None and found.version == "2.3.4"
    assert reads.count("packages_distributions") == 3


def test_an_app_without_a_version_must_be_installed() -> None:
    with pytest.raises(InvalidManifest) as raised:
        App(slug="loose", name="Loose", summary="Not installed")
    assert raised.value.problems == [
        f"version: not given, and no installed distribution holds {__name__!r}; "
        "install the project (uv run does) or pass App(version=...)"
    ]


@pytest.mark.parametrize("default", [None, ""])
def test_a_rest_of_line_parameter_may_be_optional(default: str | None) -> None:
    app = new_app()
    annotation = Rest | None if default is None else Rest

    def order(dish: str, note: Any = default) -> Text:
        """Order a dish."""
        return Text(f"{dish}: {note!r}")

    order.__annotations__["note"] = annotation
    app.command("order")(order)
    harness = AppHarness(app)
    assert harness.run("/shop order pizza") == Text(f"pizza: {default!r}")
    assert harness.run("/shop order pizza no olives, please") == Text("pizza: 'no olives, please'")
    (_, note) = app.manifest().command("order").params  # type: ignore[union-attr]
    assert (note.type, note.required) == (ParamType.TEXT, False)


def test_float_bounds_of_a_decimal_range_are_read_as_written() -> None:
    app = new_app()

    @app.command()
    def dose(amount: Range[Decimal, 0.1, 20.5]) -> Text:
        """Take a dose."""
        return Text(str(amount))

    (param,) = app.manifest().command("dose").params  # type: ignore[union-attr]
    assert (param.min, param.max) == (Decimal("0.1"), Decimal("20.5"))
