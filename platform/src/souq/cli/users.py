"""``souq users``: accounts."""

from __future__ import annotations

import typer

from souq.runtime import Services
from souq.services.accounts import Role
from souq.services.audit import Actor

from .common import console, run_with_services

app = typer.Typer(help="Manage accounts.", no_args_is_help=True)


@app.command("create")
def create(
    name: str = typer.Argument(help="Username: 3-32 characters, a letter first."),
    role: Role = typer.Option(Role.PERSON, help="What the account may do beyond chatting."),
    display_name: str | None = typer.Option(None, help="Shown to others (default: the username)."),
    password: str = typer.Option(
        ...,
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        envvar="SOUQ_NEW_PASSWORD",
        help="8-256 characters, not common, not the username (prompted for if not given).",
    ),
) -> None:
    """Create an account (a role beyond person is recorded in the audit log)."""

    async def go(services: Services) -> None:
        account = await services.accounts.register(
            name, password, display_name=display_name, role=role, granted_by=Actor.operator()
        )
        console.print(
            f"created [bold]{account.username}[/bold] ({account.role.value}), id {account.id}"
        )

    run_with_services(go)


@app.command("role")
def role(
    name: str = typer.Argument(help="The account's username."),
    role: Role = typer.Argument(help="Its new role."),
    reason: str = typer.Option(..., help="Why (kept in the audit log)."),
) -> None:
    """Change an account's role, recorded in the audit log as done by you at the CLI."""

    async def go(services: Services) -> None:
        account = await services.accounts.set_role(Actor.operator(), name, role, reason=reason)
        console.print(f"[bold]{account.username}[/bold] is now {account.role.value}")

    run_with_services(go)
