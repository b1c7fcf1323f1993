"""Which installed distribution holds an app's code: the one source of its version.

A wheel install records the app's package in the distribution's files; an editable install
(``uv run``, ``pip install -e``) records only a ``.pth`` file, so the distribution is then
the one whose ``souq`` entry point loads from the app's package.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from importlib.metadata import (
    Distribution,
    EntryPoints,
    distribution,
    entry_points,
    packages_distributions,
)

from souq_sdk.hookspecs import PROJECT_NAME


@dataclass
class _Scan:
    """What is read of the installed distributions to place a module: every
    distribution's file list and metadata, and the ``souq`` entry points."""

    packages: Callable[[], Mapping[str, list[str]]] = field(
        default_factory=lambda: functools.cache(packages_distributions)
    )
    souq_entry_points: Callable[[], EntryPoints] = field(
        default_factory=lambda: functools.cache(lambda: entry_points(group=PROJECT_NAME))
    )


_shared_scan: ContextVar[_Scan | None] = ContextVar("_shared_scan", default=None)


@contextlib.contextmanager
def one_scan() -> Iterator[None]:
    """Within this block, :func:`distribution_of` reads the installed distributions once
    and answers every call from that (a server loading its apps: each app created asks,
    and reading every distribution's metadata takes tens of milliseconds). Outside, each
    call reads them afresh, so a distribution installed meanwhile is found."""
    token = _shared_scan.set(_Scan())
    try:
        yield
    finally:
        _shared_scan.reset(token)


def distribution_of(module: str) -> Distribution | None:
    """The installed distribution holding ``module``, or ``None`` if none (or several) do."""
    scan = _shared_scan.get() or _Scan()
    package = module.partition(".")[0]
    names = set(scan.packages().get(package, ()))
    if not names:
        names = {
            point.dist.name
            for point in scan.souq_entry_points()
            if point.dist is not None and point.module.partition(".")[0] == package
        }
    return distribution(names.pop()) if len(names) == 1 else None
