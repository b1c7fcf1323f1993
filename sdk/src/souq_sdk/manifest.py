"""The manifest: what an app is, which commands and actions it offers, what it asks for.

An app's ``souq_manifest`` hook returns the manifest as a plain dict; the host and the
harness turn it into a typed :class:`Manifest` with :func:`validate_manifest`, which lists
every problem at once. The :class:`~souq_sdk.app.App` class derives it from the
decorated handlers. The dict form::

    {
      "slug": "food", "name": "Food", "version": "1.0.0", "summary": "Order food in chat",
      "scopes": [],
      "commands": [
        {"name": "menu", "summary": "Show a restaurant's menu.", "description": "",
         "params": [{"name": "restaurant", "type": "str", "required": true,
                     "help": "the restaurant's id"}]}
      ],
      "actions": [{"name": "add", "summary": "Add a dish to the cart."}]
    }

An app that handles events (:func:`~souq_sdk.hookspecs.souq_event`) lists their names in
``"events": ["delayed"]``; one with scheduled jobs (:func:`~souq_sdk.hookspecs.souq_job`)
lists each with its interval in seconds, ``"jobs": [{"name": "remind", "every": 3600}]``
(at least :data:`MIN_JOB_SECONDS`). Both keys are optional.

A parameter may also carry ``choices`` (type ``choice``) and ``min``/``max`` (types
``int`` and ``decimal``; decimal bounds are strings such as ``"0.5"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from souq_sdk.errors import InvalidManifest
from souq_sdk.money import CURRENCIES

SLUG = re.compile(r"[a-z][a-z0-9-]{1,30}")
NAME = re.compile(r"[a-z][a-z0-9_-]{0,31}")
PARAM_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")
SEMVER = re.compile(
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?"
)
RESERVED_COMMANDS = frozenset({"help"})
MAX_NAME = 40
MAX_SUMMARY = 200
MAX_DESCRIPTION = 4000
MAX_HELP = 200
MAX_COMMANDS = 50
MAX_PARAMS = 10
MAX_CHOICES = 25
MAX_EVENTS = 20
MAX_JOBS = 10
MIN_JOB_SECONDS = 60
"""The shortest interval a scheduled job may declare."""
MAX_JOB_SECONDS = 366 * 24 * 3600

SCOPES: dict[str, str] = {
    "profile.name": "see the person's display name",
    "profile.phone": "see the person's phone number",
    "messages.notify": "send the person service messages outside a command",
    "messages.promote": "send the person promotional messages",
    "payments.request": "ask the person to confirm payments",
}
"""Every scope an app may ask for, with what it lets the app do."""


class ParamType(StrEnum):
    """The type of a command parameter, as the parser converts it."""

    STR = "str"
    INT = "int"
    DECIMAL = "decimal"
    BOOL = "bool"
    DATE = "date"
    CHOICE = "choice"
    TEXT = "text"
    """The rest of the line, verbatim; only as the last parameter."""
    AMOUNT = "amount"
    """An amount of money in the parameter's currency, converted to integer minor units."""


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of a command."""

    name: str
    type: ParamType
    required: bool = True
    help: str = ""
    choices: tuple[str, ...] = ()
    min: int | Decimal | None = None
    max: int | Decimal | None = None
    currency: str = ""
    """The currency of an amount parameter (ISO 4217, one souq knows)."""

    def to_dict(self) -> dict[str, Any]:
        """The manifest's dict form of this parameter."""
        data: dict[str, Any] = {
            "name": self.name,
            "type": str(self.type),
            "required": self.required,
            "help": self.help,
        }
        if self.choices:
            data["choices"] = list(self.choices)
        if self.currency:
            data["currency"] = self.currency
        for key, bound in (("min", self.min), ("max", self.max)):
            if bound is not None:
                data[key] = str(bound) if isinstance(bound, Decimal) else bound
        return data


@dataclass(frozen=True)
class CommandSpec:
    """A command: its name, its help (summary and description) and its parameters."""

    name: str
    summary: str
    params: tuple[ParamSpec, ...] = ()
    description: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The manifest's dict form of this command."""
        return {
            "name": self.name,
            "summary": self.summary,
            "description": self.description,
            "params": [p.to_dict() for p in self.params],
        }


@dataclass(frozen=True)
class ActionSpec:
    """A button action the app handles."""

    name: str
    summary: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The manifest's dict form of this action."""
        return {"name": self.name, "summary": self.summary}


@dataclass(frozen=True)
class JobSpec:
    """A scheduled job: the host runs it every ``every`` seconds."""

    name: str
    every: int

    def to_dict(self) -> dict[str, Any]:
        """The manifest's dict form of this job."""
        return {"name": self.name, "every": self.every}


@dataclass(frozen=True)
class Manifest:
    """A validated manifest (build one with :func:`validate_manifest`)."""

    slug: str
    name: str
    version: str
    summary: str
    commands: tuple[CommandSpec, ...] = ()
    actions: tuple[ActionSpec, ...] = ()
    scopes: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    jobs: tuple[JobSpec, ...] = ()

    def command(self, name: str) -> CommandSpec | None:
        """The command called ``name``, or None."""
        return next((c for c in self.commands if c.name == name), None)

    def action(self, name: str) -> ActionSpec | None:
        """The action called ``name``, or None."""
        return next((a for a in self.actions if a.name == name), None)

    def job(self, name: str) -> JobSpec | None:
        """The scheduled job called ``name``, or None."""
        return next((j for j in self.jobs if j.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        """The dict form (what ``souq_manifest`` returns)."""
        extra: dict[str, Any] = {}
        if self.events:
            extra["events"] = list(self.events)
        if self.jobs:
            extra["jobs"] = [j.to_dict() for j in self.jobs]
        return {
            "slug": self.slug,
            "name": self.name,
            "version": self.version,
            "summary": self.summary,
            "scopes": list(self.scopes),
            "commands": [c.to_dict() for c in self.commands],
            "actions": [a.to_dict() for a in self.actions],
            **extra,
        }


def validate_manifest(data: object) -> Manifest:
    """Check a manifest's dict form and return it typed, or raise InvalidManifest.

    Every problem is reported at once, each with where it is
    (``commands[0].params[1].type: ...``).
    """
    checker = _Checker()
    manifest = checker.manifest(data)
    if checker.problems or manifest is None:
        slug = data.get("slug") if isinstance(data, dict) else None
        raise InvalidManifest(
            checker.problems or ["not a manifest"], app=slug if isinstance(slug, str) else None
        )
    return manifest


class _Checker:
    """Walks a manifest's dict form, collecting every problem with its path."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}" if path else message)

    def manifest(self, data: object) -> Manifest | None:
        if not isinstance(data, dict):
            self.fail("", f"a manifest is a dict, got {type(data).__name__}")
            return None
        self.keys(
            data,
            "",
            {"slug", "name", "version", "summary", "commands", "actions", "scopes"}
            | {"events", "jobs"},
        )
        slug = self.string(data.get("slug"), "slug", 31)
        if slug and not SLUG.fullmatch(slug):
            self.fail("slug", f"{slug!r} must be 2-31 of a-z, 0-9 and -, starting with a letter")
        name = self.string(data.get("name"), "name", MAX_NAME)
        version = self.string(data.get("version"), "version", 64)
        if version and not SEMVER.fullmatch(version):
            self.fail("version", f"{version!r} is not a semantic version such as 1.0.0")
        summary = self.string(data.get("summary"), "summary", MAX_SUMMARY)
        scopes = self.list(data.get("scopes", []), "scopes", len(SCOPES))
        for i, scope in enumerate(scopes):
            if scope not in SCOPES:
                self.fail(f"scopes[{i}]", f"unknown scope {scope!r} (known: {', '.join(SCOPES)})")
        commands = tuple(
            self.command(c, f"commands[{i}]")
            for i, c in enumerate(self.list(data.get("commands", []), "commands", MAX_COMMANDS))
        )
        actions = tuple(
            self.action(a, f"actions[{i}]")
            for i, a in enumerate(self.list(data.get("actions", []), "actions", MAX_COMMANDS))
        )
        self.unique([c.name for c in commands], "commands", "command")
        self.unique([a.name for a in actions], "actions", "action")
        events = tuple(
            self.name(e, f"events[{i}]")
            for i, e in enumerate(self.list(data.get("events", []), "events", MAX_EVENTS))
        )
        self.unique(list(events), "events", "event")
        jobs = tuple(
            self.job(j, f"jobs[{i}]")
            for i, j in enumerate(self.list(data.get("jobs", []), "jobs", MAX_JOBS))
        )
        self.unique([j.name for j in jobs], "jobs", "job")
        if not commands and not actions:
            self.fail("", "an app needs at least one command or action")
        return Manifest(
            slug=slug,
            name=name,
            version=version,
            summary=summary,
            commands=commands,
            actions=actions,
            scopes=tuple(s for s in scopes if isinstance(s, str)),
            events=events,
            jobs=jobs,
        )

    def job(self, data: object, path: str) -> JobSpec:
        if not isinstance(data, dict):
            self.fail(path, f"a job is a dict, got {type(data).__name__}")
            return JobSpec("", MIN_JOB_SECONDS)
        self.keys(data, path, {"name", "every"})
        every = data.get("every")
        if isinstance(every, bool) or not isinstance(every, int):
            self.fail(f"{path}.every", "expected whole seconds")
            every = MIN_JOB_SECONDS
        elif not MIN_JOB_SECONDS <= every <= MAX_JOB_SECONDS:
            self.fail(
                f"{path}.every", f"{every} s; between {MIN_JOB_SECONDS} and {MAX_JOB_SECONDS}"
            )
        return JobSpec(self.name(data.get("name"), f"{path}.name"), every)

    def command(self, data: object, path: str) -> CommandSpec:
        if not isinstance(data, dict):
            self.fail(path, f"a command is a dict, got {type(data).__name__}")
            return CommandSpec("", "")
        self.keys(data, path, {"name", "summary", "description", "params"})
        name = self.name(data.get("name"), f"{path}.name")
        if name in RESERVED_COMMANDS:
            self.fail(f"{path}.name", f"{name!r} is reserved by the host")
        raw_params = self.list(data.get("params", []), f"{path}.params", MAX_PARAMS)
        params = tuple(self.param(p, f"{path}.params[{i}]") for i, p in enumerate(raw_params))
        self.unique([p.name for p in params], f"{path}.params", "parameter")
        for i, param in enumerate(params):
            if param.type is ParamType.TEXT and i != len(params) - 1:
                self.fail(f"{path}.params[{i}]", "a text parameter must be the last one")
            if param.required and any(not p.required for p in params[:i]):
                self.fail(
                    f"{path}.params[{i}]", "a required parameter cannot follow an optional one"
                )
        return CommandSpec(
            name=name,
            summary=self.string(data.get("summary"), f"{path}.summary", MAX_SUMMARY),
            description=self.string(
                data.get("description", ""), f"{path}.description", MAX_DESCRIPTION, empty=True
            ),
            params=params,
        )

    def param(self, data: object, path: str) -> ParamSpec:
        if not isinstance(data, dict):
            self.fail(path, f"a parameter is a dict, got {type(data).__name__}")
            return ParamSpec("", ParamType.STR)
        self.keys(
            data, path, {"name", "type", "required", "help", "choices", "min", "max", "currency"}
        )
        name = self.string(data.get("name"), f"{path}.name", 32)
        if name and not PARAM_NAME.fullmatch(name):
            self.fail(f"{path}.name", f"{name!r} must be a-z, 0-9 and _, starting with a letter")
        try:
            kind = ParamType(data["type"])
        except KeyError:
            self.fail(f"{path}.type", "missing")
            kind = ParamType.STR
        except ValueError:
            self.fail(
                f"{path}.type",
                f"{data.get('type')!r} is not one of {', '.join(t.value for t in ParamType)}",
            )
            kind = ParamType.STR
        required = data.get("required", True)
        if not isinstance(required, bool):
            self.fail(f"{path}.required", "must be true or false")
            required = True
        choices = tuple(self.list(data.get("choices", []), f"{path}.choices", MAX_CHOICES))
        if kind is ParamType.CHOICE:
            if not choices:
                self.fail(f"{path}.choices", "a choice parameter needs choices")
            for i, choice in enumerate(choices):
                if not isinstance(choice, str) or not choice or any(c.isspace() for c in choice):
                    self.fail(f"{path}.choices[{i}]", f"{choice!r} must be a word without spaces")
            folded = [c.casefold() for c in choices if isinstance(c, str)]
            if len(set(folded)) != len(folded):
                self.fail(f"{path}.choices", "choices must differ ignoring case")
        elif choices:
            self.fail(f"{path}.choices", "only a choice parameter has choices")
        currency = data.get("currency", "")
        if kind is ParamType.AMOUNT and currency not in CURRENCIES:
            self.fail(f"{path}.currency", f"{currency!r} is not one of {', '.join(CURRENCIES)}")
        elif kind is not ParamType.AMOUNT and currency:
            self.fail(f"{path}.currency", "only an amount parameter has a currency")
        low = self.bound(data.get("min"), f"{path}.min", kind)
        high = self.bound(data.get("max"), f"{path}.max", kind)
        if low is not None and high is not None and low > high:
            self.fail(path, f"min {low} is greater than max {high}")
        return ParamSpec(
            name=name,
            type=kind,
            required=required,
            help=self.string(data.get("help", ""), f"{path}.help", MAX_HELP, empty=True),
            choices=tuple(c for c in choices if isinstance(c, str)),
            min=low,
            max=high,
            currency=currency if isinstance(currency, str) else "",
        )

    def bound(self, value: object, path: str, kind: ParamType) -> int | Decimal | None:
        if value is None:
            return None
        if kind is ParamType.INT and isinstance(value, int) and not isinstance(value, bool):
            return value
        if (
            kind is ParamType.DECIMAL
            and isinstance(value, int | str)
            and not isinstance(value, bool)
        ):
            try:
                bound = Decimal(value)
            except InvalidOperation:
                bound = None
            if bound is not None and bound.is_finite():
                return bound
        if kind in (ParamType.INT, ParamType.DECIMAL):
            self.fail(path, f"{value!r} is not a bound for a {kind} parameter")
        else:
            self.fail(path, f"only int and decimal parameters have bounds, not {kind}")
        return None

    def action(self, data: object, path: str) -> ActionSpec:
        if not isinstance(data, dict):
            self.fail(path, f"an action is a dict, got {type(data).__name__}")
            return ActionSpec("")
        self.keys(data, path, {"name", "summary"})
        return ActionSpec(
            name=self.name(data.get("name"), f"{path}.name"),
            summary=self.string(
                data.get("summary", ""), f"{path}.summary", MAX_SUMMARY, empty=True
            ),
        )

    def name(self, value: object, path: str) -> str:
        name = self.string(value, path, 32)
        if name and not NAME.fullmatch(name):
            self.fail(path, f"{name!r} must be a-z, 0-9, _ and -, starting with a letter")
        return name

    def keys(self, data: dict[str, Any], path: str, known: set[str]) -> None:
        for key in sorted(data.keys() - known, key=str):
            self.fail(path or "manifest", f"unknown key {key!r}")

    def string(self, value: object, path: str, limit: int, *, empty: bool = False) -> str:
        if value is None and not empty:
            self.fail(path, "missing")
            return ""
        if not isinstance(value, str):
            self.fail(path, f"expected a string, got {type(value).__name__}")
            return ""
        if not empty and not value.strip():
            self.fail(path, "must not be empty")
        if len(value) > limit:
            self.fail(path, f"{len(value)} characters; at most {limit}")
        return value

    def list(self, value: object, path: str, limit: int) -> list[Any]:
        if not isinstance(value, list | tuple):
            self.fail(path, f"expected a list, got {type(value).__name__}")
            return []
        if len(value) > limit:
            self.fail(path, f"{len(value)} entries; at most {limit}")
        return list(value)

    def unique(self, names: list[str], path: str, what: str) -> None:
        seen: set[str] = set()
        for name in names:
            if name and name in seen:
                self.fail(path, f"{what} {name!r} is declared twice")
            seen.add(name)
