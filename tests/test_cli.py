"""The ``souq`` command: help, migrations, accounts, tokens, the schema, bad settings.

Commands run in-process through typer's ``CliRunner`` against a SQLite database in a
temporary data folder; the bad-settings checks run ``python -m souq`` as a real process,
since that is where the one-line error and the exit code are produced.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from souq.cli import COMMANDS, app, main
from souq.db.migrate import head_revision
from souq.db.models import AccessToken, AuditEntry
from souq.runtime import build_services
from souq.services.accounts import Account, Role, token_hash
from souq.settings import Settings, load_settings
from sqlalchemy import select
from typer.core import TyperCommand, TyperGroup
from typer.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "a long enough password"
CONTEXT = typer.Context(typer.main.get_group(app))


def souq(*args: str, input: str | None = None) -> Result:
    """Run ``souq ARGS`` in-process."""
    return CliRunner().invoke(app, list(args), input=input)


def migrated() -> None:
    result = souq("db", "upgrade")
    assert result.exit_code == 0, result.output


def authenticate(data_dir: Path, token: str) -> Account | None:
    async def go() -> Account | None:
        services = build_services(Settings(data_dir=data_dir))
        try:
            return await services.accounts.authenticate(token)
        finally:
            await services.close()

    return asyncio.run(go())


def one_line_error(result: Result) -> str:
    """The error a failed command printed: exactly one line on stderr, no traceback."""
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return lines[0]


# -- help ---------------------------------------------------------------------------------


def test_help_lists_every_command(data_dir: Path) -> None:
    result = souq("--help")
    assert result.exit_code == 0
    for command in ("serve", "demo", "schema", "db", "users", "tokens"):
        assert command in result.stdout


@pytest.mark.parametrize(
    "command",
    [
        ["serve"],
        ["demo"],
        ["schema"],
        ["db"],
        ["db", "upgrade"],
        ["db", "current"],
        ["users"],
        ["users", "create"],
        ["tokens"],
        ["tokens", "create"],
    ],
    ids=" ".join,
)
def test_every_command_has_help(data_dir: Path, command: list[str]) -> None:
    result = souq(*command, "--help")
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.stdout
    assert f"souq {' '.join(command)}" in " ".join(result.stdout.split())
    assert not (data_dir / "souq.db").exists(), "help touches no database"


def test_command_lists_give_each_command_one_paragraph_without_the_docstrings_breaks() -> None:
    def commands(group: TyperGroup) -> list[TyperCommand]:
        found: list[TyperCommand] = []
        for name in group.list_commands(CONTEXT):
            command = group.get_command(CONTEXT, name)
            found += commands(command) if isinstance(command, TyperGroup) else [command]
        return found

    listed = commands(typer.main.get_group(app))
    assert len(listed) > 20
    for command in listed:
        assert command.short_help and "\n" not in command.short_help, command.name


# What only some commands, requests or backends need, loaded when they need it.
NOT_AT_LAUNCH = {
    "souq.demo",
    "alembic",  # migrations to apply
    "zxcvbn",  # a password to check
    "phonenumbers",  # a phone number to read
    "sqlalchemy.dialects.postgresql",  # a PostgreSQL database
    "asyncpg",
    "redis",  # SOUQ_REDIS_URL
}


def test_serve_imports_no_other_commands_code_nor_what_only_some_requests_need() -> None:
    """Each command's module is imported when it runs: ``souq serve`` loads the server and
    nothing of the demo, the app review, the ledger reports or the other commands."""
    script = (
        "import sys\n"
        "from souq.cli import main\n"
        "sys.argv = ['souq', 'serve', '--help']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    imported = set(ran.stdout.splitlines()[-1].split())
    assert {"souq.cli.serve", "souq.app"} <= imported, ran.stdout
    others = {target.partition(":")[0] for target in COMMANDS.values()} - {"souq.cli.serve"}
    assert len(others) == 8
    assert not imported & (others | NOT_AT_LAUNCH)


def test_a_group_without_a_subcommand_shows_its_help(data_dir: Path) -> None:
    result = souq("users")
    assert "create" in result.output
    assert "Usage:" in result.output


def test_an_unknown_command_is_a_usage_error(data_dir: Path) -> None:
    result = souq("frobnicate")
    assert result.exit_code == 2
    assert "No such command" in result.output


# -- db -------------------------------------------------------------------------------------


def test_db_current_creates_no_data_folder(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = data_dir / "not-yet"
    monkeypatch.setenv("SOUQ_DATA_DIR", str(folder))
    result = souq("db", "current")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"no database yet at {folder / 'souq.db'}: "), result.stdout
    assert not folder.exists()


def test_db_current_of_an_empty_database_creates_no_key(data_dir: Path) -> None:
    (data_dir / "souq.db").touch()
    result = souq("db", "current")
    assert result.stdout.strip() == f"database: empty; code head: {head_revision()}"
    assert sorted(path.name for path in data_dir.iterdir()) == ["souq.db"]


def test_db_upgrade_then_current(data_dir: Path) -> None:
    head = head_revision()
    assert head

    before = souq("db", "current")
    assert before.exit_code == 0, before.output
    assert before.stdout.strip() == (
        f"no database yet at {data_dir / 'souq.db'}: `souq db upgrade` creates it; "
        f"code head: {head}"
    )
    assert list(data_dir.iterdir()) == [], "reading the revision creates nothing"

    upgraded = souq("db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    assert upgraded.stdout.strip() == f"database at revision {head} (head)"
    assert (data_dir / "souq.db").is_file()

    after = souq("db", "current")
    assert after.stdout.strip() == f"database: {head}; code head: {head}"

    again = souq("db", "upgrade")
    assert again.exit_code == 0, "upgrading an up-to-date database is a no-op"
    assert souq("db", "current").stdout == after.stdout


# -- users and tokens -----------------------------------------------------------------------


def test_create_an_admin_and_a_token_that_signs_in(data_dir: Path) -> None:
    migrated()
    created = souq("users", "create", "Root_Admin", "--role", "admin", "--password", PASSWORD)
    assert created.exit_code == 0, created.output
    assert created.stdout.strip() == "created root_admin (admin), id 1"

    result = souq("tokens", "create", "root_admin", "--label", "deploy-bot")
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert token.startswith("souq_") and len(token.splitlines()) == 1

    account = authenticate(data_dir, token)
    assert account is not None
    assert (account.username, account.role) == ("root_admin", Role.ADMIN)

    async def labels() -> dict[str, str]:
        services = build_services(Settings(data_dir=data_dir))
        try:
            async with services.db.session() as session:
                rows = await session.execute(select(AccessToken.token_hash, AccessToken.label))
                return {hashed: label for hashed, label in rows}
        finally:
            await services.close()

    assert asyncio.run(labels()) == {token_hash(token): "deploy-bot"}


def test_each_token_is_new(data_dir: Path) -> None:
    migrated()
    assert souq("users", "create", "ana", "--password", PASSWORD).exit_code == 0
    first, second = (souq("tokens", "create", "ANA").stdout.strip() for _ in range(2))
    assert first != second
    assert authenticate(data_dir, first) == authenticate(data_dir, second) is not None


def test_password_from_the_environment_or_a_prompt(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrated()
    prompted = souq("users", "create", "bruno", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert prompted.exit_code == 0, prompted.output
    assert PASSWORD not in prompted.output, "the password is not echoed"
    assert "created bruno (person)" in prompted.stdout

    monkeypatch.setenv("SOUQ_NEW_PASSWORD", PASSWORD)
    from_env = souq("users", "create", "carla", "--role", "developer", "--display-name", "Carla")
    assert from_env.exit_code == 0, from_env.output
    assert "created carla (developer)" in from_env.stdout


def test_creating_a_taken_username_is_a_clean_error(data_dir: Path) -> None:
    migrated()
    assert souq("users", "create", "ana", "--password", PASSWORD).exit_code == 0
    line = one_line_error(souq("users", "create", "ANA", "--password", PASSWORD))
    assert line == "error: username 'ana' is taken"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x!", "--password", PASSWORD], "username must be 3-32 characters"),
        (["ana", "--password", "short"], "password must be 8-256 characters"),
        (["ana", "--password", PASSWORD, "--display-name", " "], "display name must be"),
        (["ana", "--password", "12345678"], "password is one of the most common passwords"),
        (["ana", "--password", " " * 8], "password must not be only spaces"),
        (["ana_costa", "--password", "Ana_Costa"], "password must not be the username"),
    ],
    ids=["username", "password", "display-name", "common", "spaces", "username-as-password"],
)
def test_bad_account_input_is_a_clean_error(data_dir: Path, args: list[str], message: str) -> None:
    migrated()
    line = one_line_error(souq("users", "create", *args))
    assert line.startswith("error: ") and message in line


def test_an_unknown_role_is_a_usage_error(data_dir: Path) -> None:
    result = souq("users", "create", "ana", "--role", "king", "--password", PASSWORD)
    assert result.exit_code == 2
    assert "king" in result.output
    assert "Traceback" not in result.output


def test_token_for_an_unknown_user_is_a_clean_error(data_dir: Path) -> None:
    migrated()
    result = souq("tokens", "create", "Ghost")
    assert one_line_error(result) == "error: no account named 'ghost'"
    assert result.stdout == ""


# -- schema ---------------------------------------------------------------------------------


def test_schema_prints_the_committed_sdl(data_dir: Path) -> None:
    result = souq("schema")
    assert result.exit_code == 0
    assert result.stdout == (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert not (data_dir / "souq.db").exists(), "printing the schema needs no database"


# -- bad settings: the entry point turns them into one line and exit code 2 ---------------


def run_souq(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m souq ARGS`` with ``env`` on top of a SOUQ_*-free environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SOUQ_")}
    return subprocess.run(
        [sys.executable, "-m", "souq", *args],
        env=clean | {"SOUQ_DATA_DIR": str(cwd)} | env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (
            ["db", "current"],
            {"SOUQ_MAX_MESSAGE_LENGTH": "abc"},
            "souq: invalid setting SOUQ_MAX_MESSAGE_LENGTH: "
            "Input should be a valid integer, unable to parse string as an integer",
        ),
        (
            ["serve", "--port", "1"],
            {"SOUQ_ENV": "staging"},
            "souq: invalid setting SOUQ_ENV: Input should be 'dev' or 'prod'",
        ),
        (
            ["db", "current"],
            {"SOUQ_APP_TIMEOUTS": "{bad"},
            'souq: invalid setting SOUQ_APP_TIMEOUTS: not JSON like {"food": 5} '
            "(Expecting property name enclosed in double quotes: line 1 column 2 (char 1))",
        ),
        (
            ["db", "current"],
            {"SOUQ_APP_TIMEOUTS": '{"food": "x"}'},
            "souq: invalid setting SOUQ_APP_TIMEOUTS: 'food': "
            "Input should be a valid number, unable to parse string as a number",
        ),
    ],
    ids=["db-current", "serve", "not-json", "not-a-number-inside-json"],
)
def test_a_bad_setting_is_one_clear_line_from_the_process(
    tmp_path: Path, args: list[str], env: dict[str, str], message: str
) -> None:
    result = run_souq(args, env, tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr == message + "\n"
    assert result.stdout == ""
    assert not (tmp_path / "souq.db").exists()


UNWRITABLE = Path("/sys/kernel")
"""A folder nobody can create files in, root included (sysfs refuses; chmod stops no root)."""


@pytest.mark.parametrize(
    ("data_folder", "message"),
    [
        ("file", "souq: the data folder {path} (SOUQ_DATA_DIR) is a file, not a folder"),
        (
            "file/sub",
            "souq: cannot create the data folder {path} (SOUQ_DATA_DIR): Not a directory",
        ),
        pytest.param(
            str(UNWRITABLE),
            "souq: cannot write to the data folder {path} (SOUQ_DATA_DIR): Permission denied",
            marks=pytest.mark.skipif(not UNWRITABLE.is_dir(), reason="no sysfs here"),
        ),
    ],
    ids=["a-file", "under-a-file", "unwritable"],
)
@pytest.mark.parametrize("args", [["db", "upgrade"], ["serve", "--port", "1"]], ids=" ".join)
def test_an_unusable_data_folder_is_one_clear_line_from_the_process(
    tmp_path: Path, data_folder: str, message: str, args: list[str]
) -> None:
    (tmp_path / "file").write_text("not a folder")
    path = tmp_path / data_folder
    result = run_souq(args, {"SOUQ_DATA_DIR": str(path)}, tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[-1] == message.format(path=path)
    assert "Traceback" not in result.stderr


def run_main(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[object, str, str]:
    """Run the ``souq`` entry point in-process: ``(exit code, stdout, stderr)``."""
    monkeypatch.setattr(sys, "argv", ["souq", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    captured = capsys.readouterr()
    return exit_info.value.code, captured.out, captured.err


BAD_SETTINGS = [
    ({"SOUQ_MAX_MESSAGE_LENGTH": "abc"}, "SOUQ_MAX_MESSAGE_LENGTH"),
    ({"SOUQ_ENV": "staging"}, "SOUQ_ENV"),
    ({"SOUQ_DATABASE_URL": "mysql://db/souq"}, "SOUQ_DATABASE_URL"),
    ({"SOUQ_LOGIN_ATTEMPTS_PER_USERNAME": "lots"}, "SOUQ_LOGIN_ATTEMPTS_PER_USERNAME"),
    ({"SOUQ_MAX_TOKENS": "10"}, "SOUQ_MAX_TOKENS"),
    ({"SOUQ_LOG_LEVEL": "chatty"}, "SOUQ_LOG_LEVEL"),
    ({"SOUQ_OUTCOME_LEASE_SECONDS": "0"}, "SOUQ_OUTCOME_LEASE_SECONDS"),
    ({"SOUQ_ENV": "dev", "SOUQ_TEST_FAULT": "whenever"}, "SOUQ_TEST_FAULT"),
    ({"SOUQ_TEST_FAULT": "after-claim"}, "SOUQ_TEST_FAULT"),  # never in prod
    ({"SOUQ_REGISTRATIONS_PER_ADDRESS": "often"}, "SOUQ_REGISTRATIONS_PER_ADDRESS"),
    ({"SOUQ_FORWARDED_ALLOW_IPS": "10.0.0.1,proxy"}, "SOUQ_FORWARDED_ALLOW_IPS"),
    ({"SOUQ_APP_TIMEOUTS": "{bad"}, "SOUQ_APP_TIMEOUTS"),
    ({"SOUQ_APP_TIMEOUTS": '{"food": "x"}'}, "SOUQ_APP_TIMEOUTS"),
]


@pytest.mark.parametrize(
    ("env", "name"), BAD_SETTINGS, ids=[name.removeprefix("SOUQ_") for _, name in BAD_SETTINGS]
)
def test_each_bad_setting_is_named(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    env: dict[str, str],
    name: str,
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    code, out, err = run_main(["db", "current"], monkeypatch, capsys)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"souq: invalid setting {name}: ")


@pytest.mark.parametrize(
    "args",
    [
        ["serve", "--port", "1"],
        ["demo", "--port", "1"],
        ["users", "create", "ana", "--password", PASSWORD],
        ["tokens", "create", "ana"],
        ["db", "upgrade"],
        ["schema"],
    ],
    ids=lambda args: "-".join(args[:2]) if args[0] == "db" else args[0],
)
def test_every_command_reports_a_bad_setting_cleanly(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
) -> None:
    monkeypatch.setenv("SOUQ_MAX_MESSAGE_LENGTH", "abc")
    code, out, err = run_main(args, monkeypatch, capsys)
    if args == ["schema"]:  # the schema does not depend on settings
        assert code == 0
        assert out == (ROOT / "schema.graphql").read_text(encoding="utf-8")
        return
    assert code == 2
    assert err.strip() == (
        "souq: invalid setting SOUQ_MAX_MESSAGE_LENGTH: "
        "Input should be a valid integer, unable to parse string as an integer"
    )
    assert not (data_dir / "souq.db").exists()


def wide(*args: str) -> Result:
    """Run ``souq ARGS`` in-process with a terminal wide enough for its tables."""
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "250"})


def test_apps_lists_the_installed_apps_with_their_health(data_dir: Path) -> None:
    migrated()
    result = wide("apps", "list")
    assert result.exit_code == 0, result.output
    assert "/food (Food)" in result.output
    assert "souq_food.app:app (souq-food" in result.output
    piped = CliRunner().invoke(app, ["apps", "list"], env={"COLUMNS": None})
    assert "souq_food.app:app (souq-food 1.3.0)" in piped.output, "no column cut to 80"
    assert max(len(line) for line in piped.output.splitlines()) > 80
    assert "unregistered" in result.output, "nobody has registered or approved it yet"
    assert "No versions await review." in result.output


def test_review_from_the_cli_register_submit_show_approve_suspend(
    data_dir: Path, tmp_path: Path
) -> None:
    migrated()
    assert (
        souq("users", "create", "devi", "--role", "developer", "--password", PASSWORD).exit_code
        == 0
    )
    checked = subprocess.run(
        [sys.executable, "-m", "souq_sdk", "check", "souq_food.app:app"],
        capture_output=True,
        text=True,
        check=True,
    )
    manifest = tmp_path / "food.json"
    manifest.write_text(checked.stdout, encoding="utf-8")

    assert souq("apps", "register", "food", "--developer", "devi").exit_code == 0
    submitted = souq("apps", "submit", str(manifest), "--developer", "devi")
    assert submitted.exit_code == 0, submitted.output
    assert "pending review" in submitted.output
    listed = wide("apps", "list")
    assert "awaiting review" in listed.output
    assert "Awaiting review" in listed.output and "devi" in listed.output

    shown = wide("apps", "show", "food")
    assert shown.exit_code == 0, shown.output
    assert "owned by devi" in shown.output
    assert "compared with nothing approved yet" in shown.output
    assert "+ command /food restaurants" in shown.output

    approved = souq("apps", "approve", "food", "1.3.0", "--reason", "looks good")
    assert approved.exit_code == 0, approved.output
    assert "serving" in wide("apps", "list").output
    again = souq("apps", "approve", "food", "1.3.0")
    assert again.exit_code == 1
    assert "food 1.3.0 is already approved" in again.output

    suspended = souq("apps", "suspend", "food", "--reason", "fraud reports")
    assert suspended.exit_code == 0, suspended.output
    assert "suspended" in wide("apps", "list").output
    assert "suspended since" in wide("apps", "show", "food").output
    assert souq("apps", "suspend", "food", "--reason", "again").exit_code == 1
    assert souq("apps", "unsuspend", "food", "--reason", "resolved").exit_code == 0
    assert "serving" in wide("apps", "list").output

    newer = tmp_path / "food-1.3.1.json"
    newer.write_text(
        json.dumps(json.loads(checked.stdout) | {"version": "1.3.1"}), encoding="utf-8"
    )
    assert souq("apps", "submit", str(newer), "--developer", "devi").exit_code == 0
    assert "1.3.1 compared with approved 1.3.0" in wide("apps", "show", "food").output
    rejected = souq("apps", "reject", "food", "1.3.1", "--reason", "nothing changed")
    assert rejected.exit_code == 0, rejected.output
    shown = wide("apps", "show", "food").output
    assert "rejected" in shown and "nothing changed" in shown

    listed = wide("audit", "--app", "food", "--limit", "2")
    assert listed.exit_code == 0, listed.output
    assert "version_rejected" in listed.output and "app_unsuspended" in listed.output
    assert "app_suspended" not in listed.output, "only the newest two"
    assert "version_approved" in wide("audit", "--action", "version_approved").output
    entries = audit(data_dir)
    assert [(e.action, e.app_slug, e.reason) for e in entries] == [
        ("role_changed", None, "account created"),
        ("version_approved", "food", "looks good"),
        ("app_suspended", "food", "fraud reports"),
        ("app_unsuspended", "food", "resolved"),
        ("version_rejected", "food", "nothing changed"),
    ]
    assert all(e.actor.startswith("cli:") for e in entries)


def test_cli_review_refuses_bad_input_in_one_line(data_dir: Path, tmp_path: Path) -> None:
    migrated()
    assert (
        souq("users", "create", "devi", "--role", "developer", "--password", PASSWORD).exit_code
        == 0
    )
    assert souq("users", "create", "ana", "--password", PASSWORD).exit_code == 0
    not_json = tmp_path / "bad.json"
    not_json.write_text("{nope", encoding="utf-8")
    invalid = tmp_path / "invalid.json"
    invalid.write_text(json.dumps({"slug": "food", "version": "one"}), encoding="utf-8")
    cases = [
        (("apps", "register", "Food!", "--developer", "devi"), "a slug is 2-31 characters"),
        (("apps", "register", "food", "--developer", "ana"), "only developers"),
        (("apps", "submit", str(tmp_path / "missing.json"), "--developer", "devi"), "cannot read"),
        (("apps", "submit", str(not_json), "--developer", "devi"), "is not JSON"),
        (("apps", "submit", str(invalid), "--developer", "devi"), "the manifest is not valid"),
        (("apps", "approve", "food", "1.0.0"), "no app 'food' is registered"),
        (("apps", "reject", "food", "1.0.0", "--reason", " "), "a reason of 1-500 characters"),
        (("users", "role", "nobody", "admin", "--reason", "x"), "no account named 'nobody'"),
        (("users", "role", "devi", "developer", "--reason", "x"), "devi is already developer"),
    ]
    for args, message in cases:
        result = souq(*args)
        assert result.exit_code == 1, (args, result.output)
        assert message in result.output, (args, result.output)
        assert "Traceback" not in result.output
    assert [e.action for e in audit(data_dir)] == ["role_changed"], "nothing changed"


def test_users_role_changes_a_role_and_audits_it(data_dir: Path) -> None:
    migrated()
    assert souq("users", "create", "carla", "--password", PASSWORD).exit_code == 0
    result = souq("users", "role", "carla", "developer", "--reason", "builds the cinema app")
    assert result.exit_code == 0, result.output
    assert "carla is now developer" in result.output
    [entry] = audit(data_dir)
    assert (entry.action, entry.subject, entry.reason) == (
        "role_changed",
        "carla",
        "builds the cinema app",
    )
    assert entry.detail == {"from": "person", "to": "developer"}


def audit(data_dir: Path) -> list[AuditEntry]:
    """The audit log of the data folder's database, oldest first."""

    async def go() -> list[AuditEntry]:
        services = build_services(Settings(data_dir=data_dir))
        try:
            async with services.db.session() as session:
                return list(await session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        finally:
            await services.close()

    return asyncio.run(go())


def test_commands_refuse_an_unmigrated_database_in_one_line(data_dir: Path) -> None:
    result = souq("apps", "list")
    assert result.exit_code == 1
    assert "run `souq db upgrade` first" in result.output
    assert "Traceback" not in result.output


def test_postgresql_in_prod_needs_a_shared_secret(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOUQ_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1/souq")
    code, out, err = run_main(["db", "current"], monkeypatch, capsys)
    assert (code, out) == (2, "")
    assert err.strip() == (
        "souq: invalid setting SOUQ_SECRET_KEY is required with PostgreSQL in prod: "
        "every process must derive the same pseudonymous ids for apps"
    )
    monkeypatch.setenv("SOUQ_SECRET_KEY", "k" * 32)
    assert load_settings().secret() == b"k" * 32
