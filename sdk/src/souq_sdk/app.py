"""The declarative layer: an app object with decorators, built on the hooks.

::

    app = App(slug="food", name="Food", summary="Order food in chat")

    @app.command("menu")
    def menu(context: Context, restaurant: str, page: Range[int, 1, 9] = 1) -> Card:
        '''Show a restaurant's menu.

        Args:
            restaurant: the restaurant's id
            page: which page of the menu
        '''

    @app.action("add")
    def add(context: Context, dish: str, quantity: int = 1) -> Text: ...

    @app.on_payment(PaymentOutcome.COMPLETED)
    def paid(context: Context, event: PaymentEvent) -> Text: ...

    @app.event("delayed")
    def delayed(notifier: Notifier, data: dict[str, Any]) -> dict[str, Any]: ...

    @app.job("remind", every=timedelta(hours=1))
    def remind(notifier: Notifier) -> None: ...

A handler's parameters become the command's typed arguments (see :mod:`souq_sdk.params`);
an action's become the typed keys of its buttons' payload (see :mod:`souq_sdk.payloads`);
a first parameter annotated :class:`~souq_sdk.context.Context` receives the context.
The docstring's first paragraph is the command's summary, the rest its description, and
its ``Args:`` section the help of each parameter. Handlers may be sync or async, or async
generators that yield a progress reply first.

An ``App`` is a pluggy plugin: ``pm.register(app)`` works, and so does the entry point
``food = "souq_food.app:app"`` in the ``souq`` group.

The app's version is its distribution's (the ``version`` in ``pyproject.toml``), read from
the installed package; ``App(version=...)`` may name it too, and ``souq-sdk check`` refuses
a version that differs from the installed distribution's.
"""

from __future__ import annotations

import functools
import inspect
import sys
import typing
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

from souq_sdk.context import Context
from souq_sdk.dispatch import run_sync
from souq_sdk.distribution import distribution_of
from souq_sdk.docstrings import parse_docstring
from souq_sdk.errors import InvalidManifest, InvalidReply, UsageError
from souq_sdk.hookspecs import hookimpl
from souq_sdk.manifest import ActionSpec, CommandSpec, JobSpec, Manifest, validate_manifest
from souq_sdk.money import PaymentEvent, PaymentOutcome
from souq_sdk.notices import Notifier
from souq_sdk.params import Converter, ParameterError, param_from_annotation
from souq_sdk.payloads import (
    MISSING,
    PayloadField,
    bind_payload,
    payload_field,
    payload_problems,
    wants_whole_payload,
)
from souq_sdk.replies import Button, Card, ListReply, Reply, Update, buttons_of
from souq_sdk.shared import Shared

STALE_BUTTON = "That button no longer works. Run the command that showed it again."
"""What a person reads on pressing a button whose payload no longer fits its action."""

Handler = TypeVar("Handler", bound=Callable[..., Any])


@dataclass(frozen=True)
class _Command:
    spec: CommandSpec
    function: Callable[..., Any]
    wants_context: bool
    converters: dict[str, Converter]


@dataclass(frozen=True)
class _Action:
    spec: ActionSpec
    function: Callable[..., Any]
    wants_context: bool
    wants_payload: bool
    """The handler takes the whole payload (or, for payments, the event) as one argument."""
    fields: tuple[PayloadField, ...] | None = None
    """The typed payload keys the handler takes as keyword arguments."""


class App:
    """A souq mini-app declared with decorators.

    ``slug`` names the app in commands (``/food``); ``scopes`` lists what it asks the
    person for (see :data:`souq_sdk.manifest.SCOPES`). ``version`` defaults to the version
    of the installed distribution that holds the module creating the app. The manifest is
    checked as each handler is declared, so mistakes fail at import time, not in production.
    """

    def __init__(
        self,
        *,
        slug: str,
        name: str,
        summary: str,
        version: str | None = None,
        scopes: typing.Sequence[str] = (),
    ) -> None:
        self.slug = slug
        self.name = name
        if version is None:
            version = _installed_version(slug, sys._getframe(1).f_globals.get("__name__", ""))
        self.version = version
        self.summary = summary
        self.scopes = tuple(scopes)
        self._commands: dict[str, _Command] = {}
        self._actions: dict[str, _Action] = {}
        self._payments: dict[PaymentOutcome, _Action] = {}
        self._payment_notifier: dict[PaymentOutcome, str] = {}
        self._shared_parameter: dict[Handler, str | None] = {}
        self._events: dict[str, Callable[..., Any]] = {}
        self._jobs: dict[str, tuple[JobSpec, Callable[..., Any]]] = {}

    def __repr__(self) -> str:
        return f"App(slug={self.slug!r}, version={self.version!r})"

    def command(self, name: str | None = None) -> Callable[[Handler], Handler]:
        """Declare a command handler; ``name`` defaults to the function's name."""

        def decorate(function: Handler) -> Handler:
            command = _build_command(name or function.__name__.replace("_", "-"), function)
            if command.spec.name in self._commands:
                raise ValueError(f"{self.slug}: command {command.spec.name!r} declared twice")
            self._commands[command.spec.name] = command
            self._check(lambda: self._commands.pop(command.spec.name))
            return function

        return decorate

    def action(self, name: str | None = None) -> Callable[[Handler], Handler]:
        """Declare a button action handler; ``name`` defaults to the function's name.

        The handler takes the context (a first parameter annotated ``Context``), then
        either one parameter per payload key, typed (see :mod:`souq_sdk.payloads`), or a
        single ``dict`` parameter that gets the whole payload.
        """

        def decorate(function: Handler) -> Handler:
            action = _build_action(name or function.__name__, function)
            if action.spec.name in self._actions:
                raise ValueError(f"{self.slug}: action {action.spec.name!r} declared twice")
            self._actions[action.spec.name] = action
            self._check(lambda: self._actions.pop(action.spec.name))
            return function

        return decorate

    def on_payment(self, *outcomes: PaymentOutcome | str) -> Callable[[Handler], Handler]:
        """Declare the handler of payment outcomes (default: all of them).

        The handler takes the context (a first parameter annotated ``Context``) and the
        :class:`~souq_sdk.money.PaymentEvent`, and returns a reply to post (a receipt) or
        ``None``. Outcomes without a handler are received and ignored. A last parameter
        annotated :class:`~souq_sdk.notices.Notifier` receives the notifier, to message
        people outside the conversation (see :func:`souq_sdk.hookspecs.souq_event`).
        """
        chosen = [PaymentOutcome(o) for o in outcomes] or list(PaymentOutcome)

        def decorate(function: Handler) -> Handler:
            notifier = _notifier_parameter(function)
            handler = _build_action("payment", function, typed=False, skip=notifier)
            taken = [str(o) for o in chosen if o in self._payments]
            if taken:
                raise ValueError(f"{self.slug}: payment outcomes {taken} handled twice")
            self._payments.update(dict.fromkeys(chosen, handler))
            if notifier is not None:
                self._payment_notifier.update(dict.fromkeys(chosen, notifier))
            return function

        return decorate

    def event(self, name: str | None = None) -> Callable[[Handler], Handler]:
        """Declare the handler of an event (see :func:`souq_sdk.hookspecs.souq_event`);
        ``name`` defaults to the function's name.

        The handler takes the :class:`~souq_sdk.notices.Notifier` and the event's data
        (a ``dict``), and returns ``None`` or a small JSON object for the sender. A
        parameter annotated :class:`~souq_sdk.shared.Shared` receives the app's shared
        documents and the host's clock.
        """

        def decorate(function: Handler) -> Handler:
            event = name or function.__name__.replace("_", "-")
            _takes(function, 2, "an event handler takes the notifier and the data")
            self._shared_parameter[function] = _shared_parameter(function)
            if event in self._events:
                raise ValueError(f"{self.slug}: event {event!r} declared twice")
            self._events[event] = function
            self._check(lambda: self._events.pop(event))
            return function

        return decorate

    def job(self, name: str | None = None, *, every: timedelta) -> Callable[[Handler], Handler]:
        """Declare a scheduled job run ``every`` so often (at least a minute; see
        :func:`souq_sdk.hookspecs.souq_job`); ``name`` defaults to the function's name.
        The handler takes the :class:`~souq_sdk.notices.Notifier`, and the app's shared
        documents in a parameter annotated :class:`~souq_sdk.shared.Shared` if it wants
        them."""

        def decorate(function: Handler) -> Handler:
            job = name or function.__name__.replace("_", "-")
            _takes(function, 1, "a job handler takes the notifier")
            self._shared_parameter[function] = _shared_parameter(function)
            if job in self._jobs:
                raise ValueError(f"{self.slug}: job {job!r} declared twice")
            self._jobs[job] = (JobSpec(job, int(every.total_seconds())), function)
            self._check(lambda: self._jobs.pop(job))
            return function

        return decorate

    def manifest(self) -> Manifest:
        """The validated manifest of the app as declared so far."""
        return validate_manifest(self._manifest_dict())

    def _manifest_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name": self.name,
            "version": self.version,
            "summary": self.summary,
            "scopes": list(self.scopes),
            "commands": [c.spec.to_dict() for c in self._commands.values()],
            "actions": [a.spec.to_dict() for a in self._actions.values()],
            "events": list(self._events),
            "jobs": [spec.to_dict() for spec, _ in self._jobs.values()],
        }

    def _check(self, undo: Callable[[], object]) -> None:
        """Validate the manifest with the new handler; undo the declaration if invalid."""
        try:
            self.manifest()
        except Exception:
            undo()
            raise

    @hookimpl
    def souq_manifest(self) -> dict[str, Any]:
        """The manifest's dict form."""
        return self.manifest().to_dict()

    @hookimpl
    async def souq_command(self, command: str, args: dict[str, Any], context: Context) -> Any:
        """Run the handler of ``command`` with its converted arguments."""
        handler = self._commands.get(command)
        if handler is None:
            raise LookupError(f"{self.slug} has no command {command!r}")
        kwargs = {
            name: handler.converters[name](value)
            for name, value in args.items()
            if name in handler.converters
        }
        positional = [context] if handler.wants_context else []
        return self._checked(await _run(handler.function, *positional, **kwargs))

    @hookimpl
    async def souq_action(self, action: str, payload: dict[str, Any], context: Context) -> Any:
        """Run the handler of ``action`` with the button's payload."""
        handler = self._actions.get(action)
        if handler is None:
            raise LookupError(f"{self.slug} has no action {action!r}")
        positional: list[Any] = [context] if handler.wants_context else []
        if handler.wants_payload:
            positional.append(payload)
        kwargs: dict[str, Any] = {}
        if handler.fields is not None:
            try:
                kwargs = bind_payload(handler.fields, payload)
            except ValueError as stale:  # the details name payload keys: not for people
                raise UsageError(STALE_BUTTON) from stale
        return self._checked(await _run(handler.function, *positional, **kwargs))

    @hookimpl
    async def souq_payment(self, event: PaymentEvent, context: Context, notifier: Notifier) -> Any:
        """Run the handler of the event's outcome, if the app declared one."""
        handler = self._payments.get(event.outcome)
        if handler is None:
            return None
        positional: list[Any] = [context] if handler.wants_context else []
        if handler.wants_payload:
            positional.append(event)
        wanted = self._payment_notifier.get(event.outcome)
        kwargs = {wanted: notifier} if wanted is not None else {}
        return self._checked(await _run(handler.function, *positional, **kwargs))

    @hookimpl
    async def souq_event(
        self, event: str, data: dict[str, Any], notifier: Notifier, shared: Shared
    ) -> Any:
        """Run the handler of ``event``."""
        handler = self._events.get(event)
        if handler is None:
            raise LookupError(f"{self.slug} has no event {event!r}")
        return await _run(handler, notifier, data, **self._shared_for(handler, shared))

    @hookimpl
    async def souq_job(self, job: str, notifier: Notifier, shared: Shared) -> None:
        """Run the scheduled job ``job``."""
        found = self._jobs.get(job)
        if found is None:
            raise LookupError(f"{self.slug} has no job {job!r}")
        await _run(found[1], notifier, **self._shared_for(found[1], shared))

    def _shared_for(self, handler: Handler, shared: Shared) -> dict[str, Shared]:
        """The keyword argument that hands ``handler`` the shared documents, if it wants them."""
        wanted = self._shared_parameter.get(handler)
        return {wanted: shared} if wanted is not None else {}

    def _checked(self, result: Any) -> Any:
        """``result``, once the payload of each of its buttons fits the button's action
        (InvalidReply otherwise); a stream's replies are checked as they come."""
        if inspect.isasyncgen(result):
            return self._checked_stream(result)
        problems = [
            f"button {button.label!r}: payload for {button.action!r}: {problem}"
            for button in _buttons(result)
            if (action := self._actions.get(button.action)) is not None
            and action.fields is not None
            for problem in payload_problems(action.fields, button.payload)
        ]
        if problems:
            raise InvalidReply(self.slug, problems)
        return result

    async def _checked_stream(self, stream: AsyncIterator[Any]) -> AsyncIterator[Any]:
        try:
            async for value in stream:
                yield self._checked(value)
        finally:
            await stream.aclose()  # type: ignore[attr-defined]


def _buttons(result: object) -> list[Button]:
    """The buttons of a reply object an app returned (an update's and its follow-ups')."""
    shown = [result.reply, *result.then] if isinstance(result, Update) else [result]
    return [b for r in shown if isinstance(r, Card | ListReply) for b in buttons_of(r)]


def _installed_version(slug: str, module: str) -> str:
    """The version of the distribution installed with ``module``; refused if there is none."""
    installed = distribution_of(module)
    if installed is None:
        raise InvalidManifest(
            [
                f"version: not given, and no installed distribution holds {module!r}; "
                "install the project (uv run does) or pass App(version=...)"
            ],
            app=slug,
        )
    return installed.version


async def _run(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Reply | Update | Any:
    """Call a handler: a sync one in a worker thread; an async generator is returned."""
    if inspect.isasyncgenfunction(function):
        return function(*args, **kwargs)
    if inspect.iscoroutinefunction(function):
        return await function(*args, **kwargs)
    return await run_sync(functools.partial(function, *args, **kwargs))


def _parameters(
    function: Callable[..., Any],
) -> tuple[bool, list[inspect.Parameter], dict[str, Any]]:
    """Whether the handler takes the context first, its other parameters, and its hints."""
    try:
        hints = typing.get_type_hints(function, include_extras=True)
    except NameError as error:
        raise ParameterError(
            f"{function.__qualname__}: cannot resolve annotations: {error}"
        ) from error
    params = list(inspect.signature(function).parameters.values())
    for param in params:
        if param.kind not in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD):
            raise ParameterError(
                f"{function.__qualname__}: parameter {param.name!r} must be a plain positional one"
            )
    wants_context = bool(params) and hints.get(params[0].name) is Context
    return wants_context, params[1:] if wants_context else params, hints


def _build_command(name: str, function: Callable[..., Any]) -> _Command:
    wants_context, params, hints = _parameters(function)
    doc = parse_docstring(function.__doc__)
    specs = []
    converters: dict[str, Converter] = {}
    for param in params:
        if param.name not in hints:
            raise ParameterError(f"{function.__qualname__}: parameter {param.name!r} needs a type")
        spec, converter = param_from_annotation(
            param.name,
            hints[param.name],
            has_default=param.default is not param.empty,
            help=doc.params.get(param.name, ""),
        )
        specs.append(spec)
        converters[param.name] = converter
    unknown = set(doc.params) - set(converters)
    if unknown:
        raise ParameterError(
            f"{function.__qualname__}: the docstring documents unknown parameters {sorted(unknown)}"
        )
    summary = doc.summary or name
    return _Command(
        spec=CommandSpec(
            name=name, summary=summary, params=tuple(specs), description=doc.description
        ),
        function=function,
        wants_context=wants_context,
        converters=converters,
    )


def _notifier_parameter(function: Callable[..., Any]) -> str | None:
    """The name of ``function``'s last parameter if it is annotated ``Notifier``."""
    params = list(inspect.signature(function).parameters.values())
    if not params:
        return None
    hints = typing.get_type_hints(function, include_extras=True)
    return params[-1].name if hints.get(params[-1].name) is Notifier else None


def _shared_parameter(function: Callable[..., Any]) -> str | None:
    """The name of ``function``'s parameter annotated ``Shared``, if it has one."""
    hints = typing.get_type_hints(function, include_extras=True)
    names = [n for n in inspect.signature(function).parameters if hints.get(n) is Shared]
    return names[0] if names else None


def _takes(function: Callable[..., Any], count: int, what: str) -> None:
    """Refuse a handler that cannot be called with ``count`` positional arguments (and
    its shared documents, if it takes them)."""
    shared = _shared_parameter(function)
    try:
        inspect.signature(function).bind(*range(count), **({shared: None} if shared else {}))
    except TypeError:
        raise ParameterError(f"{function.__qualname__}: {what}") from None


def _build_action(
    name: str, function: Callable[..., Any], *, typed: bool = True, skip: str | None = None
) -> _Action:
    """An action (``typed``: its parameters are payload keys, unless a lone one takes the
    whole payload) or a payment handler (``typed=False``: one parameter, the event; and
    ``skip``, the notifier's)."""
    wants_context, params, hints = _parameters(function)
    params = [p for p in params if p.name != skip]
    spec = ActionSpec(name=name, summary=parse_docstring(function.__doc__).summary)
    if not typed or (len(params) == 1 and wants_whole_payload(hints.get(params[0].name, MISSING))):
        if len(params) > 1:
            raise ParameterError(
                f"{function.__qualname__}: a payment handler takes the context and the event"
            )
        return _Action(spec, function, wants_context, wants_payload=bool(params))
    fields = []
    for param in params:
        if param.name not in hints:
            raise ParameterError(f"{function.__qualname__}: parameter {param.name!r} needs a type")
        try:
            fields.append(payload_field(param.name, hints[param.name], param.default))
        except ParameterError as error:
            raise ParameterError(f"{function.__qualname__}: {error}") from None
    return _Action(spec, function, wants_context, wants_payload=False, fields=tuple(fields))
