"""``souq apps``: the mini-apps this installation serves."""

from __future__ import annotations

from rich.table import Table

from souq.apps.health import Health, health
from souq.apps.registry import LoadedApp, LoadProblem
from souq.runtime import Services

from .common import console, errors, run_with_services

COLUMNS = (
    "app",
    "version",
    "source",
    "commands",
    "calls",
    "errors",
    "timeouts",
    "invalid",
    "p50 ms",
    "p95 ms",
)


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def apps() -> None:
    """List the apps found through the `souq` entry points: name, version, source,
    commands and health (calls, failures, latency), then any app that was skipped."""

    async def go(services: Services) -> tuple[list[tuple[LoadedApp, Health]], list[LoadProblem]]:
        await services.start()
        rows = [
            (app, await services.db.read(lambda s, slug=app.slug: health(s, slug)))
            for app in services.apps.all()
        ]
        return rows, services.apps.problems

    rows, problems = run_with_services(go)
    table = Table(title="Apps")
    for column in COLUMNS:
        table.add_column(column)
    for app, stats in rows:
        table.add_row(
            f"/{app.slug} ({app.name})",
            app.manifest.version,
            app.source,
            ", ".join(c.name for c in app.manifest.commands),
            str(stats.calls),
            str(stats.errors),
            str(stats.timeouts),
            str(stats.invalid),
            _ms(stats.p50_ms),
            _ms(stats.p95_ms),
        )
    console.print(table)
    for problem in problems:
        errors.print(
            f"[yellow]skipped[/yellow] {problem.name} from {problem.source}: {problem.reason}"
        )
