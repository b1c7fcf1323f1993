"""Call one hook of one app: the only way the host (and the harness) talks to an app.

Every app is its own pluggy plugin; :func:`call_app` runs the implementation of exactly
that plugin, so an app never sees another app's commands, presses or events.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import AsyncIterator, Callable
from contextvars import ContextVar
from typing import Any

import pluggy

from souq_sdk import hookspecs
from souq_sdk.hookspecs import PROJECT_NAME
from souq_sdk.workers import Deadline, Workers

_workers: ContextVar[Workers | None] = ContextVar("souq_workers", default=None)


async def run_sync(function: Callable[..., Any], /, *args: Any) -> Any:
    """Run a sync function in a worker thread: one of the app's :class:`Workers` (given
    to :func:`call_app`), else one of the event loop's default executor."""
    workers = _workers.get()
    if workers is not None:
        return await workers.run(function, *args)
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, functools.partial(function, *args))


class HookNotImplemented(LookupError):
    """The app does not implement the hook that was called."""


def plugin_manager() -> pluggy.PluginManager:
    """A plugin manager that knows souq's hook specifications."""
    pm = pluggy.PluginManager(PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    return pm


def implements(pm: pluggy.PluginManager, plugin: object, hook: str) -> bool:
    """Whether the registered ``plugin`` implements ``hook``."""
    return _find_impl(pm, plugin, hook) is not None


def _find_impl(pm: pluggy.PluginManager, plugin: object, hook: str) -> pluggy.HookImpl | None:
    caller = getattr(pm.hook, hook, None)
    if caller is None or caller.spec is None:
        raise ValueError(f"{hook!r} is not a souq hook")
    if not pm.is_registered(plugin):
        raise ValueError(f"{plugin!r} is not registered with this plugin manager")
    return next((impl for impl in caller.get_hookimpls() if impl.plugin is plugin), None)


async def call_app(
    pm: pluggy.PluginManager,
    plugin: object,
    hook: str,
    /,
    *,
    workers: Workers | None = None,
    **kwargs: Any,
) -> Any:
    """Call ``plugin``'s implementation of ``hook`` (and no one else's) with ``kwargs``.

    ``kwargs`` must name every argument of the hook specification; the implementation
    receives those it declares. A sync implementation runs in a worker thread; an
    awaitable result is awaited; an async generator is returned as is, for the caller to
    iterate (see the convention in :mod:`souq_sdk.hookspecs`). ``workers`` run sync
    implementations (default: the event loop's default executor); the host and the
    harness give each app its own, so an app whose handlers hang cannot starve the others.
    The result is what the app returned, unvalidated. Raises :class:`HookNotImplemented` if the app lacks the hook;
    exceptions raised by the app propagate.
    """
    impl = _find_impl(pm, plugin, hook)
    spec = getattr(pm.hook, hook).spec
    if set(kwargs) != set(spec.argnames):
        raise TypeError(f"{hook} takes keyword arguments {spec.argnames}, got {sorted(kwargs)}")
    if impl is None:
        raise HookNotImplemented(f"{pm.get_name(plugin)} does not implement {hook}")
    args = [kwargs[name] for name in impl.argnames]
    function = impl.function
    token = _workers.set(workers)  # seen by run_sync, also from an App's async hooks
    try:
        if inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function):
            result = function(*args)
        else:
            result = await run_sync(function, *args)
        if inspect.isawaitable(result):
            result = await result
    finally:
        _workers.reset(token)
    return result


async def first_answer(
    pm: pluggy.PluginManager,
    plugin: object,
    hook: str,
    /,
    *,
    deadline: Deadline,
    workers: Workers | None,
    **kwargs: Any,
) -> tuple[Any, AsyncIterator[Any] | None]:
    """Call ``plugin``'s ``hook`` (see :func:`call_app`) and wait for its first answer
    within ``deadline``: the result, and for a stream of replies, the stream too (its
    first value is the result). Raises :class:`TimeoutError` when the deadline passes
    (the app's handler is abandoned) and :class:`StopAsyncIteration` for an empty stream.
    The host and the test harness both call apps through this function."""
    async with deadline.running():
        result = await call_app(pm, plugin, hook, workers=workers, **kwargs)
        if inspect.isasyncgen(result):
            return await anext(result), result
    return result, None
