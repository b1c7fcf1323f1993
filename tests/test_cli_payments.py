"""The ``souq`` command for money: ``souq wallet topup`` and ``show``, ``souq ledger verify``,
and top-ups in ``souq audit``.

As in tests/test_cli.py, the commands run in-process through typer's ``CliRunner`` against
a SQLite database in a temporary data folder. Every refused top-up must be one line on
stderr with exit code 1 and move nothing; ``souq ledger verify`` must notice a balance or
an entry changed behind the ledger's back.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from souq.cli import app
from typer.testing import CliRunner, Result

PASSWORD = "a long enough password"


@pytest.fixture
def data_dir(data_dir: Path) -> Path:
    """The fresh data folder, migrated, with ana and bruno."""
    for args in (
        ("db", "upgrade"),
        ("users", "create", "ana", "--password", PASSWORD),
        ("users", "create", "bruno", "--password", PASSWORD),
    ):
        result = souq(*args)
        assert result.exit_code == 0, result.output
    return data_dir


def souq(*args: str) -> Result:
    """Run ``souq ARGS`` in-process, with a terminal wide enough for its tables."""
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "250"})


def one_line_error(result: Result) -> str:
    """The error a failed command printed: exactly one line on stderr, no traceback."""
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return lines[0]


def query(data_dir: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(data_dir / "souq.db") as connection:
        return connection.execute(sql, params).fetchall()


def money_state(data_dir: Path) -> tuple[object, ...]:
    """Everything a top-up changes: accounts, transactions, entries, the audit log."""
    return (
        query(data_dir, "SELECT kind, owner, currency, balance FROM ledger_accounts ORDER BY id"),
        query(data_dir, "SELECT id, kind, currency FROM ledger_transactions ORDER BY id"),
        query(data_dir, "SELECT transaction_id, account_id, amount FROM ledger_entries"),
        query(data_dir, "SELECT id, action FROM audit_log ORDER BY id"),
    )


def test_top_up_then_show_then_verify(data_dir: Path) -> None:
    topped = souq("wallet", "topup", "ana", "12.50", "--reason", "welcome")
    assert topped.exit_code == 0, topped.output
    assert topped.stdout.strip() == "Topped up €12.50 for ana: the balance is €12.50."
    again = souq("wallet", "topup", "ANA", "0.75")
    assert again.exit_code == 0, again.output
    assert again.stdout.strip() == "Topped up €0.75 for ANA: the balance is €13.25."
    yen = souq("wallet", "topup", "ana", "500", "--currency", "jpy")
    assert yen.exit_code == 0, yen.output
    assert "the balance is ¥500." in yen.stdout

    shown = souq("wallet", "show", "ana")
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert lines[0] == "€13.25, ¥500"
    rows = [line for line in lines if "top_up" in line]
    assert [r.split("│")[3].strip() for r in rows] == ["¥500", "€0.75", "€12.50"]  # newest first
    limited = souq("wallet", "show", "ana", "--limit", "1")
    assert len([line for line in limited.stdout.splitlines() if "top_up" in line]) == 1

    nothing = souq("wallet", "show", "bruno")
    assert nothing.exit_code == 0, nothing.output
    assert nothing.stdout.strip() == "bruno has no money yet."
    assert one_line_error(souq("wallet", "show", "nobody")) == "error: no account named 'nobody'"

    verified = souq("ledger", "verify")
    assert verified.exit_code == 0, verified.output
    assert verified.stdout.splitlines() == [
        "EUR: platform -€13.25, wallet €13.25",
        "JPY: platform -¥500, wallet ¥500",
        "The ledger holds: 4 accounts, 3 transactions.",
    ]
    assert verified.stderr == ""


def test_an_empty_ledger_verifies(data_dir: Path) -> None:
    verified = souq("ledger", "verify")
    assert verified.exit_code == 0, verified.output
    assert verified.stdout.strip() == "The ledger holds: 0 accounts, 0 transactions."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ana", "0"), "error: an amount must be from €0.01 to €100,000.00"),
        (("ana", "-1"), "error: an amount must be from €0.01 to €100,000.00"),
        (("ana", "-0.01"), "error: an amount must be from €0.01 to €100,000.00"),
        (("ana", "100000.01"), "error: an amount must be from €0.01 to €100,000.00"),
        (("ana", "1.234"), "error: EUR has 2 decimal places; '1.234' has more"),
        (("ana", "1.5", "--currency", "JPY"), "error: JPY has 0 decimal places; '1.5' has more"),
        (("ana", "abc"), "error: 'abc' is not an amount (write it like 12.50)"),
        (("ana", "NaN"), "error: 'NaN' is not an amount (write it like 12.50)"),
        (("ana", "1e3"), None),  # a number all the same: refused only if it does not fit
        (
            ("ana", "5", "--currency", "XXX"),
            "error: unknown currency 'XXX' (known: EUR, USD, GBP, CHF, JPY)",
        ),
        (("nobody", "5"), "error: no account named 'nobody'"),
    ],
    ids=["zero", "negative", "negative-cents", "too-much", "cents", "yen", "text", "nan", "exp",
         "currency", "nobody"],
)  # fmt: skip
def test_a_refused_top_up_is_one_line_and_moves_nothing(
    data_dir: Path, args: tuple[str, ...], message: str | None
) -> None:
    assert souq("wallet", "topup", "ana", "1").exit_code == 0  # something to keep intact
    before = money_state(data_dir)
    result = souq("wallet", "topup", *args)
    if message is None:  # 1e3 euros is €1,000.00: a valid amount, written oddly
        assert result.exit_code == 0, result.output
        assert "Topped up €1,000.00 for ana" in result.stdout
        return
    assert one_line_error(result) == message
    assert result.stdout == ""
    assert money_state(data_dir) == before


@pytest.mark.parametrize(
    ("tamper", "problems"),
    [
        (
            "UPDATE ledger_accounts SET balance = balance + 1 WHERE kind = 'wallet'",
            [
                "problem: account 2 (wallet user:1 EUR) keeps 1001; its entries sum to 1000",
                "problem: EUR balances sum to 1, not 0",
            ],
        ),
        (
            "UPDATE ledger_entries SET amount = amount - 1 WHERE amount > 0",
            [
                "problem: transaction 1 sums to -1, not 0",
                "problem: account 2 (wallet user:1 EUR) keeps 1000; its entries sum to 999",
            ],
        ),
        (
            "UPDATE ledger_accounts SET balance = 0 WHERE kind = 'platform'",
            [
                "problem: account 1 (platform platform EUR) keeps 0; its entries sum to -1000",
                "problem: EUR balances sum to 1000, not 0",
            ],
        ),
    ],
    ids=["balance", "entry", "money-made"],
)
def test_ledger_verify_reports_tampering_and_exits_1(
    data_dir: Path, tamper: str, problems: list[str]
) -> None:
    assert souq("wallet", "topup", "ana", "10").exit_code == 0
    assert souq("ledger", "verify").exit_code == 0
    with sqlite3.connect(data_dir / "souq.db") as connection:
        assert connection.execute(tamper).rowcount == 1
    result = souq("ledger", "verify")
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == problems
    assert "The ledger holds" not in result.stdout
    assert "Traceback" not in result.output


def test_a_top_up_is_in_the_audit_log(data_dir: Path) -> None:
    assert souq("wallet", "topup", "ana", "12.50", "--reason", "welcome gift").exit_code == 0
    assert souq("wallet", "topup", "bruno", "3", "--currency", "usd").exit_code == 0

    listed = souq("audit", "--action", "top_up")
    assert listed.exit_code == 0, listed.output
    rows = [line for line in listed.stdout.splitlines() if "top_up" in line]
    assert len(rows) == 2
    assert "bruno" in rows[0] and "ana" in rows[1] and "welcome gift" in rows[1]  # newest first
    assert all("cli:" in row for row in rows)
    only_ana = souq("audit", "--action", "top_up", "--subject", "ana")
    assert len([line for line in only_ana.stdout.splitlines() if "top_up" in line]) == 1

    entries = query(
        data_dir,
        "SELECT actor, subject, reason, detail FROM audit_log WHERE action = 'top_up' ORDER BY id",
    )
    assert [(subject, reason) for _actor, subject, reason, _detail in entries] == [
        ("ana", "welcome gift"),
        ("bruno", None),
    ]
    assert all(str(actor).startswith("cli:") for actor, *_ in entries)
    assert [detail for *_, detail in entries] == [
        '{"amount": 1250, "currency": "EUR"}',
        '{"amount": 300, "currency": "USD"}',
    ]
