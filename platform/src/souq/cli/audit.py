"""``souq audit``: the audit log of admin decisions and role changes."""

from __future__ import annotations

import typer
from rich.table import Table

from souq.runtime import Services
from souq.services.audit import Actor, AuditAction, AuditFilter, AuditRecord

from .common import print_table, run_with_services


def audit(
    app: str | None = typer.Option(None, help="Only entries about this app (slug)."),
    action: AuditAction | None = typer.Option(None, help="Only this kind of entry."),
    actor: str | None = typer.Option(None, help="Only entries by this actor."),
    subject: str | None = typer.Option(None, help="Only role changes of this account."),
    limit: int = typer.Option(50, min=1, max=1000, help="How many entries, newest first."),
) -> None:
    """The audit log, newest first: who decided what, about which app version, and why."""

    async def go(services: Services) -> list[AuditRecord]:
        where = AuditFilter(action=action, app_slug=app, actor=actor, subject=subject)
        entries, _more = await services.audit.page(Actor.operator(), where, first=limit)
        return entries

    table = Table(title="Audit log")
    for column in ("when (UTC)", "actor", "action", "app", "version", "subject", "reason"):
        table.add_column(column)
    for e in run_with_services(go):
        table.add_row(
            f"{e.at:%Y-%m-%d %H:%M:%S}",
            e.actor,
            e.action.value,
            e.app_slug or "-",
            e.version or "-",
            e.subject or "-",
            e.reason or "-",
        )
    print_table(table)
