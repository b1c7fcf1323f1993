"""Typed command parameters from Python annotations.

A handler's annotations say what each argument is (as discord.py's ``app_commands`` and
tanchi do)::

    str, int, Decimal, bool, datetime.date
    MyEnum (a StrEnum or an Enum of str values)  -> one of its values
    Literal["small", "large"]                    -> one of those words
    Range[int, 1, 10], Range[Decimal, "0.5", 99] -> a number within bounds
    Rest                                         -> the rest of the line, verbatim
    Amount.EUR (any currency souq knows)         -> money, as int minor units (1250)
    X | None = None, or any default              -> optional

``Range``, ``Rest`` and ``Amount`` are ``typing.Annotated`` underneath, so type checkers
see ``int``, ``Decimal`` and ``str``.
"""

from __future__ import annotations

import types
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from souq_sdk.manifest import ParamSpec, ParamType
from souq_sdk.money import CURRENCIES

SIMPLE_TYPES: dict[Any, ParamType] = {
    str: ParamType.STR,
    int: ParamType.INT,
    Decimal: ParamType.DECIMAL,
    bool: ParamType.BOOL,
    date: ParamType.DATE,
}


@dataclass(frozen=True)
class Bounds:
    """The inclusive bounds of a number parameter (what ``Range`` attaches)."""

    min: int | Decimal | None
    max: int | Decimal | None


class _RestMarker:
    """Marks a str parameter as the rest of the line."""

    def __repr__(self) -> str:
        return "REST"


REST = _RestMarker()

Rest = Annotated[str, REST]
"""The rest of the line, verbatim, spaces included; only as the last parameter."""


class Range:
    """``Range[int, 1, 10]``: an int (or Decimal) from 1 to 10 inclusive.

    Either bound may be None. Decimal bounds may be given as strings (``"0.5"``) or as
    floats, read as written (``0.1`` is ``Decimal("0.1")``): tools that unquote
    annotations under ``from __future__ import annotations`` (ruff's UP037) stay safe.
    """

    def __class_getitem__(cls, params: tuple[Any, Any, Any]) -> Any:
        kind, low, high = params
        if kind not in (int, Decimal):
            raise TypeError(f"Range takes int or Decimal, not {kind!r}")

        def cast(bound: Any) -> int | Decimal:
            return int(bound) if kind is int else Decimal(str(bound))

        return Annotated[
            kind,
            Bounds(None if low is None else cast(low), None if high is None else cast(high)),
        ]


@dataclass(frozen=True)
class Currency:
    """The currency of an amount parameter (what ``Amount`` attaches)."""

    code: str


class Amount:
    """``Amount.EUR`` (one attribute per currency souq knows): an amount of money typed in
    major units (``12.50``), given to the handler as an int of minor units (``1250``), as a
    :class:`~souq_sdk.PaymentRequest` takes it. More decimal places than the currency has,
    zero, negative amounts and amounts over :data:`~souq_sdk.money.MAX_AMOUNT` are
    refused; nothing is rounded.
    """


for _code in CURRENCIES:
    setattr(Amount, _code, Annotated[int, Currency(_code)])


class ParameterError(TypeError):
    """A handler parameter's annotation is not one a command can take."""


@dataclass(frozen=True)
class Converter:
    """Turns a parsed argument into what the handler's annotation asks for."""

    enum: type[Enum] | None = None

    def __call__(self, value: Any) -> Any:
        if self.enum is not None and not isinstance(value, self.enum):
            return self.enum(value)
        return value


def param_from_annotation(
    name: str, annotation: Any, *, has_default: bool, help: str = ""
) -> tuple[ParamSpec, Converter]:
    """The parameter spec of one handler parameter and the converter for its values."""
    required = not has_default
    optional_inner = strip_optional(annotation)
    if optional_inner is not None:
        if not has_default:
            raise ParameterError(f"parameter {name!r} is Optional, so it needs a default")
        annotation = optional_inner
    bounds: Bounds | None = None
    currency: Currency | None = None
    rest = False
    if get_origin(annotation) is Annotated:
        annotation, *extras = get_args(annotation)
        bounds = next((e for e in extras if isinstance(e, Bounds)), None)
        currency = next((e for e in extras if isinstance(e, Currency)), None)
        rest = any(e is REST for e in extras)
    spec = ParamSpec(name=name, type=ParamType.STR, required=required, help=help)
    if currency is not None:
        return replace(spec, type=ParamType.AMOUNT, currency=currency.code), Converter()
    if rest:
        if annotation is not str:
            raise ParameterError(f"parameter {name!r}: Rest is for str")
        return replace(spec, type=ParamType.TEXT), Converter()
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        values = [member.value for member in annotation]
        if not all(isinstance(v, str) for v in values):
            raise ParameterError(f"parameter {name!r}: {annotation.__name__} values must be str")
        return replace(spec, type=ParamType.CHOICE, choices=tuple(values)), Converter(annotation)
    if get_origin(annotation) is Literal:
        values = list(get_args(annotation))
        if not all(isinstance(v, str) for v in values):
            raise ParameterError(f"parameter {name!r}: Literal choices must be str")
        return replace(spec, type=ParamType.CHOICE, choices=tuple(values)), Converter()
    kind = SIMPLE_TYPES.get(annotation)
    if kind is None:
        raise ParameterError(
            f"parameter {name!r}: {annotation!r} is not a command type "
            "(str, int, Decimal, bool, date, an Enum, Literal, Range, Rest, or Optional of one)"
        )
    if bounds is not None:
        if kind not in (ParamType.INT, ParamType.DECIMAL):
            raise ParameterError(f"parameter {name!r}: only numbers have a Range")
        return replace(spec, type=kind, min=bounds.min, max=bounds.max), Converter()
    return replace(spec, type=kind), Converter()


def strip_optional(annotation: Any) -> Any:
    """``X`` for ``X | None`` or ``Optional[X]``; None when the annotation is not optional."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1 and len(get_args(annotation)) == 2:
            return args[0]
    return None
