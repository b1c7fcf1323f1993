"""``souq wallet`` and ``souq ledger``: top-ups, balances, and proof that the ledger holds."""

from __future__ import annotations

import typer
from rich.table import Table
from souq_sdk.money import MoneyError, format_amount, parse_amount

from souq.payments.ledger import Verification
from souq.payments.reports import Balance, WalletLine
from souq.runtime import Services
from souq.services.audit import Actor

from .common import console, errors, print_table, run_with_services

wallet = typer.Typer(help="People's wallets: top up and look.", no_args_is_help=True)
ledger = typer.Typer(help="The double-entry ledger behind every wallet.", no_args_is_help=True)


@wallet.command("topup", context_settings={"ignore_unknown_options": True})
def topup(
    username: str = typer.Argument(..., help="Whose wallet."),
    amount: str = typer.Argument(..., help="How much, in major units: 25 or 12.50."),
    currency: str = typer.Option("EUR", help="ISO currency code."),
    reason: str | None = typer.Option(None, help="Why (kept in the audit log)."),
) -> None:
    """Put money into someone's wallet: the only way money enters souq (audited)."""
    try:
        minor = parse_amount(amount, currency.upper())
    except MoneyError as error:
        errors.print(f"[red]error:[/red] {error}")
        raise typer.Exit(1) from None

    async def go(services: Services) -> int:
        return await services.payments.top_up(
            Actor.operator(), username, minor, currency.upper(), reason=reason
        )

    balance = run_with_services(go)
    console.print(
        f"Topped up {format_amount(minor, currency.upper())} for {username}: "
        f"the balance is {format_amount(balance, currency.upper())}."
    )


@wallet.command("show")
def show(
    username: str = typer.Argument(..., help="Whose wallet."),
    limit: int = typer.Option(10, min=1, max=1000, help="How many movements, newest first."),
) -> None:
    """A wallet's balances and latest movements."""

    async def go(services: Services) -> tuple[list[Balance], list[WalletLine]]:
        account = await services.accounts.by_username(username)
        lines, _more = await services.money.history(account, first=limit)
        return await services.money.balances(account), lines

    balances, lines = run_with_services(go)
    if not balances:
        console.print(f"{username} has no money yet.")
        return
    console.print(", ".join(format_amount(b.amount, b.currency) for b in balances))
    table = Table(title=f"{username}: latest movements")
    for column in ("when (UTC)", "kind", "amount", "memo"):
        table.add_column(column)
    for line in lines:
        table.add_row(
            f"{line.at:%Y-%m-%d %H:%M:%S}",
            line.kind.value,
            format_amount(line.amount, line.currency),
            line.memo,
        )
    print_table(table)


@ledger.command("verify")
def verify() -> None:
    """Prove the ledger consistent: every transaction balanced, every balance equal to the
    sum of its entries, no wallet below zero, money neither made nor lost. Exits 1 if not."""

    async def go(services: Services) -> Verification:
        return await services.money.verify()

    result = run_with_services(go)
    for currency, kinds in sorted(result.totals.items()):
        figures = ", ".join(f"{k} {format_amount(v, currency)}" for k, v in sorted(kinds.items()))
        console.print(f"{currency}: {figures}")
    if not result.ok:
        for problem in result.problems:
            errors.print(f"[red]problem:[/red] {problem}")
        raise typer.Exit(1)
    console.print(
        f"The ledger holds: {result.accounts} accounts, {result.transactions} transactions."
    )
