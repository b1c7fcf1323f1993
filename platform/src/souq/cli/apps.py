"""``souq apps``: the installed mini-apps, their review, and the decisions admins make.

Decisions made here are recorded in the audit log as made by ``cli:<your OS user>``:
whoever runs ``souq`` on the server holds the database, so acts as an admin.
"""

from __future__ import annotations

import json
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import typer
from rich.table import Table
from souq_sdk.signing import HEADER, signature

from souq.apps.health import Health, health
from souq.apps.manifests import ManifestDiff
from souq.apps.review import AppView, VersionStatus, VersionView
from souq.apps.serving import Serving
from souq.runtime import Services
from souq.services.audit import Actor

from .common import console, errors, run_with_services

app = typer.Typer(
    help="Mini-apps: what is installed, the review queue, decisions.", no_args_is_help=True
)

HEALTH_COLUMNS = ("calls", "errors", "timeouts", "invalid", "p50 ms", "p95 ms")


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


@app.command("list")
def list_() -> None:
    """The apps found through the `souq` entry points, with how each is served (review
    status, approved version) and its health; then the review queue and skipped apps."""

    async def go(services: Services) -> tuple[list[tuple[Serving, Health]], list[VersionView]]:
        await services.start()
        rows = [
            (
                serving,
                await services.db.read(lambda s, slug=serving.installed.slug: health(s, slug)),
            )
            for serving in await services.gate.all()
        ]
        return rows, await services.review.queue(Actor.operator())

    (rows, queue) = run_with_services(go)
    table = Table(title="Installed apps")
    for column in ("app", "installed", "status", "approved", "source", "commands", *HEALTH_COLUMNS):
        table.add_column(column)
    for serving, stats in rows:
        installed = serving.installed
        served = serving.app.manifest.commands if serving.app else ()
        table.add_row(
            f"/{installed.slug} ({installed.name})",
            installed.manifest.version,
            serving.status.value.replace("_", " "),
            serving.approved or "-",
            installed.source,
            ", ".join(c.name for c in served) or "-",
            str(stats.calls),
            str(stats.errors),
            str(stats.timeouts),
            str(stats.invalid),
            _ms(stats.p50_ms),
            _ms(stats.p95_ms),
        )
    console.print(table)
    if queue:
        pending = Table(title="Awaiting review (souq apps show SLUG for the changes)")
        for column in ("app", "version", "submitted by", "submitted"):
            pending.add_column(column)
        for version in queue:
            pending.add_row(
                version.slug,
                version.version,
                version.submitted_by,
                f"{version.submitted_at:%Y-%m-%d %H:%M}",
            )
        console.print(pending)
    else:
        console.print("No versions await review.")


@app.command("show")
def show(slug: str = typer.Argument(help="The app's slug.")) -> None:
    """One app: owner, suspension, every version with its verdict, and what each pending
    version changes compared with the approved one."""

    async def go(services: Services) -> AppView:
        return await services.review.app(Actor.operator(), slug)

    view = run_with_services(go)
    console.print(
        f"[bold]/{view.slug}[/bold], owned by {view.owner}, registered {view.created_at:%Y-%m-%d}"
    )
    if view.suspension:
        s = view.suspension
        console.print(f"[red]suspended[/red] since {s.since:%Y-%m-%d %H:%M} by {s.by}: {s.reason}")
    table = Table(title="Versions")
    for column in ("version", "status", "submitted", "decided by", "reason", "manifest hash"):
        table.add_column(column)
    for v in view.versions:
        table.add_row(
            v.version,
            v.status.value,
            f"{v.submitted_at:%Y-%m-%d %H:%M} by {v.submitted_by}",
            v.decided_by or "-",
            v.reason or "-",
            v.manifest_hash[:12],
        )
    console.print(table)
    for v in view.versions:
        if v.status == VersionStatus.PENDING:
            _print_diff(v, view.diff(v))


def _print_diff(version: VersionView, diff: ManifestDiff) -> None:
    against = f"approved {diff.against}" if diff.against else "nothing approved yet"
    console.print(f"\n[bold]{version.version}[/bold] compared with {against}:")
    if diff.empty:
        console.print("  no change in commands, actions or scopes")
    for change in diff.commands_added:
        console.print(f"  [green]+ command[/green] {change.after}")
    for change in diff.commands_removed:
        console.print(f"  [red]- command[/red] {change.before}")
    for change in diff.commands_changed:
        console.print(f"  [yellow]~ command[/yellow] {change.before}  ->  {change.after}")
        console.print(f"      {'; '.join(change.changes)}")
    for what, names in (
        ("[green]+ action[/green]", diff.actions_added),
        ("[red]- action[/red]", diff.actions_removed),
        ("[yellow]~ action[/yellow]", diff.actions_changed),
        ("[green]+ scope[/green]", diff.scopes_added),
        ("[red]- scope[/red]", diff.scopes_removed),
    ):
        for name in names:
            console.print(f"  {what} {name}")


REASON = typer.Option(..., help="Why (shown to the developer and kept in the audit log).")


@app.command("approve")
def approve(
    slug: str = typer.Argument(help="The app's slug."),
    version: str = typer.Argument(help="The pending version to approve."),
    reason: str | None = typer.Option(None, help="A note for the developer and the audit log."),
) -> None:
    """Approve a pending version: people are served it from the next call."""

    async def go(services: Services) -> VersionView:
        return await services.review.approve(Actor.operator(), slug, version, reason)

    run_with_services(go)
    console.print(f"approved {slug} {version}")


@app.command("reject")
def reject(
    slug: str = typer.Argument(help="The app's slug."),
    version: str = typer.Argument(help="The pending version to reject."),
    reason: str = REASON,
) -> None:
    """Reject a pending version, saying why."""

    async def go(services: Services) -> VersionView:
        return await services.review.reject(Actor.operator(), slug, version, reason)

    run_with_services(go)
    console.print(f"rejected {slug} {version}")


@app.command("suspend")
def suspend(slug: str = typer.Argument(help="The app's slug."), reason: str = REASON) -> None:
    """Stop serving an app at once, from the next command or button press."""

    async def go(services: Services) -> AppView:
        return await services.review.suspend(Actor.operator(), slug, reason)

    run_with_services(go)
    console.print(f"suspended {slug}")


@app.command("unsuspend")
def unsuspend(slug: str = typer.Argument(help="The app's slug."), reason: str = REASON) -> None:
    """Serve a suspended app again."""

    async def go(services: Services) -> AppView:
        return await services.review.unsuspend(Actor.operator(), slug, reason)

    run_with_services(go)
    console.print(f"unsuspended {slug}")


DEVELOPER = typer.Option(..., help="The developer account that owns the app.")


@app.command("register")
def register(
    slug: str = typer.Argument(help="The slug to claim."), developer: str = DEVELOPER
) -> None:
    """Claim a slug for a developer's new app."""

    async def go(services: Services) -> AppView:
        owner = await services.accounts.by_username(developer)
        return await services.review.register(owner, slug)

    view = run_with_services(go)
    console.print(f"registered /{view.slug} for {view.owner}")


@app.command("submit")
def submit(
    manifest: Path = typer.Argument(
        help="The manifest as `souq-sdk check` prints it (a JSON file, or - for stdin).",
        allow_dash=True,
    ),
    developer: str = DEVELOPER,
) -> None:
    """Submit a version of a developer's app for review."""
    try:
        text = sys.stdin.read() if str(manifest) == "-" else manifest.read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        errors.print(f"[red]error:[/red] cannot read {manifest}: {error}")
        raise typer.Exit(1) from None
    except json.JSONDecodeError as error:
        errors.print(f"[red]error:[/red] {manifest} is not JSON: {error}")
        raise typer.Exit(1) from None
    slug = data.get("slug") if isinstance(data, dict) else None

    async def go(services: Services) -> VersionView:
        owner = await services.accounts.by_username(developer)
        return await services.review.submit(owner, str(slug), data)

    version = run_with_services(go)
    console.print(f"submitted {version.slug} {version.version}: pending review")


@app.command("secret")
def secret(
    slug: str = typer.Argument(help="The app's slug."),
    rotate: bool = typer.Option(False, "--rotate", help="Make a new one; the old stops at once."),
) -> None:
    """Print the secret an app's backend signs its events with (see docs/api.md)."""

    async def go(services: Services) -> str:
        return await services.event_secrets.reveal(Actor.operator(), slug, rotate=rotate)

    typer.echo(run_with_services(go))


@app.command("event")
def event(
    slug: str = typer.Argument(help="The app's slug."),
    name: str = typer.Argument(help="The event, one the app's manifest lists."),
    data: str = typer.Option("{}", "--data", help="The event's data: a JSON object."),
    url: str = typer.Option(
        "http://127.0.0.1:8000", "--url", help="The running souq server (as `souq serve`)."
    ),
) -> None:
    """Send an app an event, signed with its secret, through the running server (so
    people see its messages live); prints the app's summary."""
    try:
        parsed = json.loads(data)
    except json.JSONDecodeError as error:
        errors.print(f"[red]error:[/red] --data is not JSON: {error}")
        raise typer.Exit(1) from None
    if not isinstance(parsed, dict):
        errors.print("[red]error:[/red] --data must be a JSON object")
        raise typer.Exit(1)

    async def go(services: Services) -> str:
        return await services.event_secrets.reveal(Actor.operator(), slug)

    key = run_with_services(go)
    body = json.dumps(parsed).encode()
    request = urllib.request.Request(
        f"{url.rstrip('/')}/apps/{slug}/events/{name}",
        data=body,
        method="POST",
        headers={HEADER: signature(key, body, time.time()), "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            answer = json.loads(response.read())
    except urllib.error.HTTPError as error:
        try:
            message = json.loads(error.read())["message"]
        except (ValueError, KeyError, TypeError):
            message = error.reason
        errors.print(f"[red]error:[/red] {error.code}: {message}")
        raise typer.Exit(1) from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        errors.print(f"[red]error:[/red] cannot reach {url}: {reason}")
        raise typer.Exit(1) from None
    typer.echo(json.dumps(answer["summary"]))
