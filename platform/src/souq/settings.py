"""Configuration from ``SOUQ_*`` environment variables, with safe defaults."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

FaultStep = Literal["after-claim", "after-app-answered", "after-reply-stored"]
"""The steps of telling an app a payment outcome that ``SOUQ_TEST_FAULT`` can crash after."""


class SettingsError(Exception):
    """A setting has a value souq cannot use; the message is one line for the operator."""


class DataFolderError(Exception):
    """The data folder (``SOUQ_DATA_DIR``) cannot be used; the message is one line."""


class Settings(BaseSettings):
    """Every knob of a souq process. Each field reads ``SOUQ_<FIELD NAME>``."""

    model_config = SettingsConfigDict(env_prefix="SOUQ_", extra="ignore", frozen=True)

    env: Literal["dev", "prod"] = "prod"
    data_dir: Path = Path("data")
    database_url: str | None = None
    redis_url: str | None = None
    redis_prefix: str = Field("souq:", min_length=1, max_length=64, pattern=r"^[A-Za-z0-9:_.-]+$")
    database_pool_size: int = Field(10, ge=1, le=200)
    sqlite_busy_timeout_ms: int = Field(5000, ge=0)
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_format: Literal["text", "json"] = "text"
    metrics_token: str | None = Field(None, min_length=16)
    tracing: bool = False

    max_message_length: int = Field(4000, ge=1, le=100_000)
    max_request_bytes: int = Field(100_000, ge=1024)
    max_query_depth: int = Field(12, ge=2, le=100)
    max_aliases: int = Field(30, ge=0, le=1000)
    max_tokens: int = Field(2000, ge=50, le=100_000)
    max_selections: int = Field(1000, ge=10, le=100_000)
    max_field_pairs: int = Field(2000, ge=0, le=1_000_000)
    max_page_size: int = Field(100, ge=1, le=1000)
    max_group_members: int = Field(1000, ge=2)
    login_attempts_per_username_and_address: str = "5/minute"
    login_attempts_per_username: str = "100/hour"
    login_attempts_per_address: str = "50/minute"
    registrations_per_address: str = "20/hour"
    forwarded_allow_ips: str | None = None
    secure_cookie: bool = False
    web_root: Path | None = None
    connection_init_timeout_seconds: float = Field(10.0, gt=0, le=300)
    max_sockets_per_person: int = Field(10, ge=1, le=1000)
    ws_operation_rate: str = "20/second"
    max_replay_conversations: int = Field(1000, ge=1, le=100_000)
    live_buffer_events: int = Field(1000, ge=1, le=1_000_000)
    secret_key: str | None = Field(None, min_length=32)
    app_timeout_seconds: float = Field(3.0, gt=0, le=60)
    app_timeouts: Annotated[dict[str, float], NoDecode] = Field(default_factory=dict)
    app_stream_seconds: float = Field(60.0, gt=0, le=3600)
    app_workers: int = Field(4, ge=1, le=64)
    payment_sweep_seconds: float = Field(5.0, gt=0, le=3600)
    outcome_lease_seconds: float = Field(60.0, gt=0, le=3600)
    service_window_hours: float = Field(24.0, gt=0, le=720)
    promotions_per_week: int = Field(2, ge=0, le=100)
    messaging_tiers: Annotated[tuple[int, int, int], NoDecode] = (100_000, 10_000, 1_000)
    test_fault: FaultStep | None = None

    @field_validator(
        "login_attempts_per_username_and_address",
        "login_attempts_per_username",
        "login_attempts_per_address",
        "registrations_per_address",
        "ws_operation_rate",
    )
    @classmethod
    def _rate_limit(cls, value: str) -> str:
        from limits import parse

        try:
            parse(value)
        except ValueError as error:
            raise ValueError(f"not a rate limit like '10/minute' ({error})") from None
        return value

    @field_validator("forwarded_allow_ips")
    @classmethod
    def _proxies(cls, value: str | None) -> str | None:
        import ipaddress

        if value is None or not value.strip():
            return None
        for entry in (part.strip() for part in value.split(",")):
            if entry == "*":
                continue
            try:
                ipaddress.ip_network(entry)
            except ValueError:
                raise ValueError(
                    f"{entry!r} is not an IP address or network (or * for any proxy)"
                ) from None
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("sqlite+aiosqlite://", "postgresql")):
            raise ValueError("use sqlite+aiosqlite:///PATH or postgresql+asyncpg://...")
        if value is not None and value.startswith("postgresql://"):
            value = "postgresql+asyncpg://" + value.removeprefix("postgresql://")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("use redis://HOST:PORT/DB, rediss://... or unix://PATH")
        return value

    @field_validator("app_timeouts", mode="before")
    @classmethod
    def _app_timeouts_json(cls, value: object) -> object:
        """The variable holds JSON; decoding it here (not in pydantic-settings) makes a
        malformed value a validation error that names the variable."""
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except json.JSONDecodeError as error:
            raise ValueError(f'not JSON like {{"food": 5}} ({error})') from None

    @field_validator("app_timeouts")
    @classmethod
    def _app_timeouts(cls, value: dict[str, float]) -> dict[str, float]:
        for slug, seconds in value.items():
            if not 0 < seconds <= 60:
                raise ValueError(f"the timeout of {slug!r} must be between 0 and 60 seconds")
        return value

    @field_validator("messaging_tiers", mode="before")
    @classmethod
    def _tiers_list(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(","))
        return value

    @field_validator("messaging_tiers")
    @classmethod
    def _tiers(cls, value: tuple[int, int, int]) -> tuple[int, int, int]:
        if not all(n > 0 for n in value) or not value[0] >= value[1] >= value[2]:
            raise ValueError(
                "three numbers of people per day, for a high, medium and low quality rating, "
                "each at least 1 and none above the one before (like 100000,10000,1000)"
            )
        return value

    @model_validator(mode="after")
    def _shared_secret(self) -> Settings:
        if self.env == "prod" and not self.is_sqlite and not self.secret_key:
            raise ValueError(
                "SOUQ_SECRET_KEY is required with PostgreSQL in prod: every process must "
                "derive the same pseudonymous ids for apps"
            )
        return self

    @model_validator(mode="after")
    def _faults_only_in_dev(self) -> Settings:
        if self.test_fault is not None and self.env != "dev":
            raise ValueError("SOUQ_TEST_FAULT: only with SOUQ_ENV=dev (it kills the process)")
        return self

    def timeout_for(self, slug: str) -> float:
        """How long app ``slug`` has to give its first answer."""
        return self.app_timeouts.get(slug, self.app_timeout_seconds)

    def secret(self) -> bytes:
        """The server secret behind pseudonymous ids: ``SOUQ_SECRET_KEY``, else a random
        key kept in the data folder (share ``SOUQ_SECRET_KEY`` between processes)."""
        if self.secret_key:
            return self.secret_key.encode()
        path = self.data_dir / "secret.key"
        if not path.exists():
            import secrets

            self.private_data_dir()
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(48))
        return path.read_text().strip().encode()

    def private_data_dir(self) -> Path:
        """The data folder, created readable by its owner only (0700) if it is missing
        (a folder that exists keeps the mode its owner gave it). Raises
        ``DataFolderError`` if it cannot be created or written to."""
        folder = self.data_dir
        try:
            if not folder.is_dir():
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                folder.chmod(0o700)  # mkdir's mode is filtered by the umask
        except FileExistsError:
            raise DataFolderError(f"{_data_folder(folder)} is a file, not a folder") from None
        except OSError as error:
            raise DataFolderError(
                f"cannot create {_data_folder(folder)}: {error.strerror}"
            ) from None
        try:  # a real write: as root, permission bits stop nothing but other things do
            tempfile.TemporaryFile(dir=folder).close()
        except OSError as error:
            raise DataFolderError(
                f"cannot write to {_data_folder(folder)}: {error.strerror}"
            ) from None
        return folder

    @property
    def dev(self) -> bool:
        """Development conveniences (GraphiQL, demo data) are on."""
        return self.env == "dev"

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'souq.db').resolve()}"

    @property
    def sqlite_file(self) -> Path | None:
        """The SQLite database file (``None`` with PostgreSQL or an in-memory database)."""
        from sqlalchemy import make_url

        database = make_url(self.sqlalchemy_url).database
        if not self.is_sqlite or not database or database == ":memory:":
            return None
        return Path(database)

    @property
    def is_sqlite(self) -> bool:
        """Whether the database is SQLite (single writer, group commit)."""
        return self.sqlalchemy_url.startswith("sqlite")


def load_settings(**overrides: object) -> Settings:
    """Read the settings from the environment, raising ``SettingsError`` with one clear line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = "; ".join(_problem(e["loc"], e["msg"]) for e in error.errors())
        raise SettingsError(f"invalid setting {problems}") from None


def _problem(location: tuple[int | str, ...], message: str) -> str:
    """One setting's problem, named by its variable (a rule across settings names itself;
    a problem inside a JSON value names its key after the variable)."""
    message = message.removeprefix("Value error, ")
    if not location:
        return message
    field, *inside = location
    return ": ".join([f"SOUQ_{str(field).upper()}", *(repr(part) for part in inside), message])


def _data_folder(folder: Path) -> str:
    """How a one-line error names the data folder: its path and its variable."""
    return f"the data folder {folder.resolve()} (SOUQ_DATA_DIR)"
