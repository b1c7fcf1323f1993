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
from typing import Any

import typer
from rich.table import Table
from souq_sdk.signing import HEADER, signature

from souq.apps.health import Health, health
from souq.apps.manifests import ManifestDiff
from souq.apps.review import AppView, VersionStatus, VersionView
from souq.apps.serving import Serving, short
from souq.runtime import Services
from souq.services.audit import Actor

from .common import console, errors, print_table, run_with_services

app = typer.Typer(
    help="Mini-apps: what is installed, the review queue, decisions.", no_args_is_help=True
)

HEALTH_COLUMNS = ("calls", "errors", "timeouts", "invalid", "p50 ms", "p95 ms")


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


@app.command("list")
def list_() -> None:
    """The apps found through the `souq` entry points, with how each is served (review
    status, approved version, the digest of the installed code) and its health, why an
    app is not served; then the review queue."""

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
    columns = ("app", "installed", "status", "approved", "source", "code", "commands")
    for column in (*columns, *HEALTH_COLUMNS):
        table.add_column(column)
    for serving, stats in rows:
        installed = serving.installed
        served = serving.app.manifest.commands if serving.app else ()
        table.add_row(
            f"/{installed.slug} ({installed.name})",
            installed.manifest.version + (" (!)" if installed.version_mismatch else ""),
            serving.status.value.replace("_", " "),
            serving.approved or "-",
            installed.source,
            short(installed.code.digest) if installed.code else "-",
            ", ".join(c.name for c in served) or "-",
            str(stats.calls),
            str(stats.errors),
            str(stats.timeouts),
            str(stats.invalid),
            _ms(stats.p50_ms),
            _ms(stats.p95_ms),
        )
    print_table(table)
    for serving, _ in rows:
        if serving.reason:
            console.print(
                f"/{serving.installed.slug} {serving.status.value.replace('_', ' ')}: "
                f"{serving.reason}",
                soft_wrap=True,
                highlight=False,
                markup=False,
            )
    if queue:
        pending = Table(title="Awaiting review (souq apps show SLUG for the changes)")
        for column in ("app", "version", "code", "submitted by", "submitted"):
            pending.add_column(column)
        for version in queue:
            pending.add_row(
                version.slug,
                _revision(version),
                _code(version),
                version.submitted_by,
                f"{version.submitted_at:%Y-%m-%d %H:%M}",
            )
        print_table(pending)
    else:
        console.print("No versions await review.")


@app.command("show")
def show(slug: str = typer.Argument(help="The app's slug.")) -> None:
    """One app: owner, suspension, how it is served here, every version with its verdict
    and the code it pins, and what each pending version changes compared with the approved
    one."""

    async def go(services: Services) -> tuple[AppView, Serving | None]:
        await services.start()
        serving = await services.gate.check(slug)
        return await services.review.app(Actor.operator(), slug), serving

    view, serving = run_with_services(go)
    console.print(
        f"[bold]/{view.slug}[/bold], owned by {view.owner}, registered {view.created_at:%Y-%m-%d}"
    )
    if serving is None:
        console.print("not installed here")
    else:
        installed = serving.installed
        code = installed.code
        origin = f"{code.label}, code {short(code.digest)}" if code else installed.source
        console.print(
            f"installed here: {installed.manifest.version} from {origin}; "
            f"{serving.status.value.replace('_', ' ')}"
            + (f": {serving.reason}" if serving.reason else ""),
            soft_wrap=True,
            highlight=False,
            markup=False,
        )
    if view.suspension:
        s = view.suspension
        console.print(f"[red]suspended[/red] since {s.since:%Y-%m-%d %H:%M} by {s.by}: {s.reason}")
    table = Table(title="Versions")
    columns = ("version", "status", "code pinned", "submitted", "decided by", "reason")
    for column in (*columns, "manifest hash"):
        table.add_column(column)
    for v in view.versions:
        table.add_row(
            _revision(v),
            v.status.value,
            _code(v),
            f"{v.submitted_at:%Y-%m-%d %H:%M} by {v.submitted_by}",
            v.decided_by or "-",
            v.reason or "-",
            v.manifest_hash[:12],
        )
    print_table(table)
    for v in view.versions:
        if v.status == VersionStatus.PENDING:
            _print_diff(v, view.diff(v))


def _revision(version: VersionView) -> str:
    """``1.0.0``, or ``1.0.0 (revision 2)`` for code that came back for review."""
    return version.version + (f" (revision {version.revision})" if version.revision > 1 else "")


def _code(version: VersionView) -> str:
    """The code a version pins (or, pending, the code the host saw installed)."""
    if version.code_digest is None:
        return "-"
    return f"{short(version.code_digest)} ({version.distribution})"


def _print_diff(version: VersionView, diff: ManifestDiff) -> None:
    against = f"approved {diff.against}" if diff.against else "nothing approved yet"
    console.print(f"\n[bold]{_revision(version)}[/bold] compared with {against}:")
    if version.revision > 1:
        console.print(f"  [yellow]~ code[/yellow] now {_code(version)}")
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
    """Approve a pending version, pinning its code as installed here: people are served
    it from the next call, as long as the installed code is the pinned one."""

    async def go(services: Services) -> VersionView:
        await services.start()
        return await services.review.approve(Actor.operator(), slug, version, reason)

    approved = run_with_services(go)
    console.print(
        f"approved {slug} {_revision(approved)}, code pinned: {_code(approved)}",
        soft_wrap=True,
        highlight=False,
    )


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
    typer.echo(json.dumps(send_event(slug, name, parsed, url)))


def send_event(slug: str, name: str, data: dict[str, Any], url: str) -> Any:
    """Post ``data`` as ``slug``'s event ``name`` to the souq server at ``url``, signed
    with the app's secret; the app's summary. A refusal or an unreachable server is one
    line on stderr and exit code 1."""

    async def go(services: Services) -> str:
        return await services.event_secrets.reveal(Actor.operator(), slug)

    key = run_with_services(go)
    body = json.dumps(data).encode()
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
    return answer["summary"]
