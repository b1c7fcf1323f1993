"""Fixtures: a clean database per test (SQLite, and PostgreSQL when configured) and a live server."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Iterator
from pathlib import Path
from typing import Protocol

import pytest
from clock import Clock
from live_server import Api, serve
from souq.apps.registry import LoadedApp
from souq.db.database import Database
from souq.db.migrate import upgrade
from souq.db.models import Base, User
from souq.demo import bundled
from souq.runtime import Services, build_services
from souq.services.accounts import Account
from souq.services.audit import Actor
from souq.settings import Settings
from sqlalchemy import make_url, select, text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.orm import Session

POSTGRES_URL = os.environ.get("SOUQ_TEST_DATABASE_URL")


class Install(Protocol):
    """Registers a throwaway app for one test (the ``install`` fixture), approved
    unless ``approved=False``."""

    def __call__(self, plugin: object, *, approved: bool = True) -> Awaitable[LoadedApp]: ...


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "postgresql: runs against PostgreSQL (SOUQ_TEST_DATABASE_URL)"
    )
    config.addinivalue_line(
        "markers", "unreviewed: the installed apps start unregistered, as on a new server"
    )
    config.addinivalue_line(
        "markers", "browser: drives the web client in Chromium; runs on SQLite only"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests run on SQLite only: what they test is the client, and the API they
    drive runs on both databases in the other tests."""
    pinned = [
        item
        for item in items
        if item.get_closest_marker("browser")
        and getattr(item, "callspec", None) is not None
        and item.callspec.params.get("backend") == "postgresql"
    ]
    if pinned:
        config.hook.pytest_deselected(items=pinned)
        items[:] = [item for item in items if item not in pinned]


async def _migrate(url: str, tmp: Path) -> None:
    db = Database(_settings(tmp, url))
    try:
        await upgrade(db)
    finally:
        await db.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, compacted (migrations that rebuild tables leave free pages),
    copied for every test."""
    path = tmp_path_factory.mktemp("template") / "souq.db"
    asyncio.run(_migrate(f"sqlite+aiosqlite:///{path}", path.parent))
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("VACUUM")
    return path


async def _worker_database(url: str, worker: str) -> str:
    """The PostgreSQL database of one pytest-xdist worker: ``url``'s database with the
    worker's name appended, created on first use (the workers never share tables)."""
    if worker == "master":
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    engine = create_async_engine(base, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            found = await conn.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not found:
                await conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_migrated(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> str:
    """This worker's PostgreSQL test database, reset and migrated once per run."""
    if not POSTGRES_URL:
        pytest.skip("SOUQ_TEST_DATABASE_URL is not set")
    url = asyncio.run(_worker_database(POSTGRES_URL, worker_id))

    async def reset() -> None:
        engine = create_async_engine(url)
        try:
            async with engine.begin() as conn:
                await conn.execute(text("DROP SCHEMA public CASCADE"))
                await conn.execute(text("CREATE SCHEMA public"))
        finally:
            await engine.dispose()
        await _migrate(url, tmp_path_factory.mktemp("pg"))

    asyncio.run(reset())
    return url


def _settings(tmp_path: Path, url: str, **overrides: object) -> Settings:
    return Settings(env="dev", data_dir=tmp_path, database_url=url, **overrides)  # type: ignore[arg-type]


async def truncate(url: str) -> None:
    """Empty every table of the migrated PostgreSQL database at ``url``."""
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
            await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    finally:
        await engine.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend of this test run."""
    return request.param


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    """Settings a test module wants changed (override this fixture)."""
    return {}


@pytest.fixture
def settings(
    backend: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    settings_overrides: dict[str, object],
) -> Iterator[Settings]:
    """Settings pointing at a clean, migrated database of the current backend."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        shutil.copy(template, tmp_path / "souq.db")
        yield _settings(
            tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'souq.db'}", **settings_overrides
        )
        return
    url: str = request.getfixturevalue("postgres_migrated")
    asyncio.run(truncate(url))
    yield _settings(tmp_path, url, **settings_overrides)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data folder for the ``souq`` command, and no other SOUQ_* variable from the
    outside world."""
    for name in list(os.environ):
        if name.startswith("SOUQ_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SOUQ_DATA_DIR", str(tmp_path))
    return tmp_path


SETUP = Actor.system("test setup")
"""Who the audit log names for the approvals tests start with."""


async def app_developer(services: Services) -> Account:
    """The developer who owns the apps tests install (created on first use, cheaply:
    without a usable password)."""

    def create(session: Session) -> None:
        if session.scalar(select(User.id).where(User.username == "appdev")) is None:
            session.add(
                User(username="appdev", display_name="App Dev", password_hash="!", role="developer")
            )

    await services.db.write(create)
    return await services.accounts.by_username("appdev")


async def approve(services: Services, app: LoadedApp) -> None:
    """Register, submit and approve an installed app, as an admin would."""
    developer = await app_developer(services)
    await services.review.fast_track(developer, SETUP, app, reason="test setup")


@pytest.fixture
async def services(settings: Settings, request: pytest.FixtureRequest) -> AsyncIterator[Services]:
    """The services of one souq process on the test database; the apps bundled with souq
    (found through entry points) are approved, unless the test is marked ``unreviewed``.
    Other installed apps (a developer's own) are left unapproved, so that no test depends
    on what else is installed."""
    services = build_services(settings)
    await services.start()
    try:
        if request.node.get_closest_marker("unreviewed") is None:
            for app in services.apps.all():
                if bundled(app):
                    await approve(services, app)
        yield services
    finally:
        await services.close()


@pytest.fixture
def clock(services: Services) -> Clock:
    """A clock the test moves, for every service and app of ``services``."""
    clock = Clock()
    services.use_clock(clock)
    return clock


@pytest.fixture
async def install(services: Services) -> AsyncIterator[Install]:
    """Register throwaway apps for one test; they are removed after it."""
    installed: list[str] = []

    async def register(plugin: object, *, approved: bool = True) -> LoadedApp:
        app = await services.apps.register(plugin, source="test")
        installed.append(app.slug)
        if approved:
            await approve(services, app)
        return app

    yield register
    for slug in set(installed):
        if services.apps.get(slug) is not None:  # a test may have replaced or removed it
            services.apps.remove(slug)


@pytest.fixture
async def api(services: Services) -> AsyncIterator[Api]:
    """A client of souq served over real HTTP and WebSocket on a loopback port."""
    async with serve(services) as client:
        yield client
