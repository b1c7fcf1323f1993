"""``souq tokens``: bearer tokens for scripts and bots."""

from __future__ import annotations

import typer

from souq.runtime import Services

from .common import console, run_with_services

app = typer.Typer(help="Manage bearer tokens.", no_args_is_help=True)


@app.command("create")
def create(
    name: str = typer.Argument(help="The account the token signs in as."),
    label: str = typer.Option("cli", help="A note on what the token is for."),
) -> None:
    """Print a new bearer token for an account (shown once; only its hash is kept)."""

    async def go(services: Services) -> str:
        return await services.accounts.token_for(name, label=label)

    token = run_with_services(go)
    console.print(token, soft_wrap=True, highlight=False)
