"""Which installed distribution holds an app's code: the one source of its version.

A wheel install records the app's package in the distribution's files; an editable install
(``uv run``, ``pip install -e``) records only a ``.pth`` file, so the distribution is then
the one whose ``souq`` entry point loads from the app's package.
"""

from __future__ import annotations

from importlib.metadata import Distribution, distribution, entry_points, packages_distributions

from souq_sdk.hookspecs import PROJECT_NAME


def distribution_of(module: str) -> Distribution | None:
    """The installed distribution holding ``module``, or ``None`` if none (or several) do."""
    package = module.partition(".")[0]
    names = set(packages_distributions().get(package, ()))
    if not names:
        names = {
            point.dist.name
            for point in entry_points(group=PROJECT_NAME)
            if point.dist is not None and point.module.partition(".")[0] == package
        }
    return distribution(names.pop()) if len(names) == 1 else None
