"""Typed button payloads: an action's parameters say what its buttons carry.

::

    @app.action()
    def confirm(context: Context, order: str, copies: int = 1) -> Update: ...

    Button("Confirm", "confirm", {"order": "A-17", "copies": 2})

Each parameter of an action after the context is a key of the payload, typed with one of
``str``, ``int``, ``float``, ``bool``, an ``Enum`` (its values), ``Literal[...]`` or
``X | None``; a default makes it optional. The :class:`~souq_sdk.app.App` checks the
buttons of every reply it returns against the payload its action declares (so a wrong
payload fails in the app's tests, not when someone presses), and hands the action the
converted values. A payload that no longer fits (a button shown by an older version)
answers the person that the button is out of date.

An action with one parameter annotated ``dict`` (or not annotated) gets the whole
payload as a dict instead.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal, get_args, get_origin

from souq_sdk.params import ParameterError, strip_optional

SCALARS: tuple[type, ...] = (str, int, float, bool)
MISSING: Any = inspect.Parameter.empty


@dataclass(frozen=True)
class PayloadField:
    """One key of an action's payload: its name, its type and its default, if any."""

    name: str
    annotation: Any
    default: Any = MISSING

    @property
    def required(self) -> bool:
        """Whether every button of the action must carry this key."""
        return self.default is MISSING


def wants_whole_payload(annotation: Any) -> bool:
    """Whether a lone action parameter takes the whole payload (``dict``, ``Mapping``,
    ``Any`` or no annotation)."""
    if annotation is MISSING or annotation is Any:
        return True
    origin = get_origin(annotation) or annotation
    return isinstance(origin, type) and issubclass(origin, dict | Mapping)


def payload_field(name: str, annotation: Any, default: Any) -> PayloadField:
    """The payload key of one action parameter; ParameterError for a type a JSON payload
    cannot carry."""
    kind = strip_optional(annotation) or annotation
    scalar = kind in SCALARS or get_origin(kind) is Literal
    if not scalar and not (isinstance(kind, type) and issubclass(kind, Enum)):
        raise ParameterError(
            f"action parameter {name!r}: {kind!r} cannot come from a button payload "
            "(str, int, float, bool, an Enum, Literal or X | None; "
            "a lone dict parameter takes the whole payload)"
        )
    return PayloadField(name, annotation, default)


def payload_problems(fields: tuple[PayloadField, ...], payload: Mapping[str, Any]) -> list[str]:
    """What is wrong with ``payload`` for an action with ``fields`` (empty: it fits)."""
    problems = []
    known = {f.name for f in fields}
    problems += [f"unknown key {key!r}" for key in sorted(payload.keys() - known)]
    for field in fields:
        if field.name not in payload:
            if field.required:
                problems.append(f"missing key {field.name!r}")
            continue
        try:
            _convert(field.annotation, payload[field.name])
        except (TypeError, ValueError) as error:
            problems.append(f"{field.name!r}: {error}")
    return problems


def bind_payload(fields: tuple[PayloadField, ...], payload: Mapping[str, Any]) -> dict[str, Any]:
    """The action's keyword arguments from a payload; ValueError listing every problem."""
    problems = payload_problems(fields, payload)
    if problems:
        raise ValueError("; ".join(problems))
    return {f.name: _convert(f.annotation, payload[f.name]) for f in fields if f.name in payload}


def _convert(annotation: Any, value: Any) -> Any:
    inner = strip_optional(annotation)
    if inner is not None:
        return None if value is None else _convert(inner, value)
    if get_origin(annotation) is Literal:
        if value not in get_args(annotation) or isinstance(value, bool):
            raise ValueError(f"{value!r} is not one of {list(get_args(annotation))}")
        return value
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        try:
            return annotation(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a {annotation.__name__}") from None
    wrong = isinstance(value, bool) and annotation is not bool
    if annotation is float and isinstance(value, int) and not wrong:
        return float(value)
    if wrong or not isinstance(value, annotation):
        raise TypeError(f"expected {annotation.__name__}, got {type(value).__name__}")
    return value
