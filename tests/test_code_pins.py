"""Review pins the code: an approval pins the digest of the installed distribution's files,
and installed code that differs stops serving until an admin approves it.

The app here is a real installed distribution: a module and a ``.dist-info`` folder with
``METADATA``, ``entry_points.txt`` and a ``RECORD``, laid out in a folder put on
``sys.path``, and found through the ``souq`` entry-point group like any installed app.
Each "restart" builds a fresh set of services, as a new process would.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import app_developer
from souq.apps.code import installed_code
from souq.apps.review import VersionStatus
from souq.apps.serving import Serving, ServingStatus, short
from souq.cli import app as cli
from souq.db.models import AppVersion
from souq.errors import AlreadyDecided
from souq.runtime import Services, build_services
from souq.services.audit import Actor
from souq.settings import Settings
from sqlalchemy import update
from typer.testing import CliRunner

ADMIN = Actor.operator()

SOURCE = """from souq_sdk import App, Text

app = App(slug="pinme", name="Pin me", version="{version}", summary="Pinned code")


@app.command()
def hello() -> Text:
    'Say hello.'
    return Text("{greeting}")
"""


@dataclass
class Dist:
    """A throwaway distribution ``souq-pinme`` installed in ``site``."""

    site: Path
    recorded: bool = True

    @property
    def info(self) -> Path:
        return self.site / "souq_pinme-0.1.0.dist-info"

    def install(
        self, *, greeting: str = "hello", version: str = "0.1.0", dist_version: str = "0.1.0"
    ) -> None:
        """Write the module and its metadata (again), as an installer would."""
        module = self.site / "pinme.py"
        module.write_text(SOURCE.format(version=version, greeting=greeting))
        self.info.mkdir(parents=True, exist_ok=True)
        (self.info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: souq-pinme\nVersion: {dist_version}\n"
        )
        (self.info / "entry_points.txt").write_text("[souq]\npinme = pinme:app\n")
        (self.info / "INSTALLER").write_text("test\n")
        files = [module, self.info / "METADATA", self.info / "entry_points.txt"]
        lines = [f"{_name(self.site, f)},sha256={_b64(f)},{f.stat().st_size}" for f in files]
        lines.append(f"{_name(self.site, self.info / 'RECORD')},,")
        if self.recorded:
            (self.info / "RECORD").write_text("\n".join(lines) + "\n")
        sys.modules.pop("pinme", None)


def _name(site: Path, path: Path) -> str:
    return path.relative_to(site).as_posix()


def _b64(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@pytest.fixture
def dist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Dist]:
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    found = Dist(site)
    found.install()
    yield found
    sys.modules.pop("pinme", None)


@pytest.fixture
def sqlite_settings(backend: str, request: pytest.FixtureRequest) -> Settings:
    """The pins do not depend on the database: these tests run on SQLite only."""
    if backend != "sqlite":
        pytest.skip("SQLite only")
    settings: Settings = request.getfixturevalue("settings")
    return settings


async def restarted(settings: Settings) -> Services:
    """A new process's services: the installed apps found again through entry points."""
    services = build_services(settings)
    await services.start()
    return services


async def status(settings: Settings) -> Serving:
    services = await restarted(settings)
    try:
        serving = await services.gate.check("pinme")
        assert serving is not None
        return serving
    finally:
        await services.close()


async def submit_and_approve(settings: Settings) -> None:
    services = await restarted(settings)
    try:
        devi = await app_developer(services)
        installed = services.apps.get("pinme")
        assert installed is not None
        await services.review.register(devi, "pinme")
        await services.review.submit(devi, "pinme", installed.manifest.to_dict())
        await services.review.approve(ADMIN, "pinme", "0.1.0", "read the code")
    finally:
        await services.close()


async def souq(settings: Settings, *args: str) -> str:
    """``souq ARGS`` in-process (in a thread: it runs its own event loop) on the test
    database, its output not a terminal."""
    result = await asyncio.to_thread(
        CliRunner().invoke,
        cli,
        list(args),
        env={
            "SOUQ_DATABASE_URL": settings.sqlalchemy_url,
            "SOUQ_DATA_DIR": str(settings.data_dir),
            "COLUMNS": None,
        },
    )
    assert result.exit_code == 0, result.output
    return result.output


async def test_changed_code_with_the_same_manifest_stops_serving_until_approved(
    dist: Dist, sqlite_settings: Settings
) -> None:
    settings = sqlite_settings
    await submit_and_approve(settings)
    first = await status(settings)
    assert first.status == ServingStatus.SERVING and first.reason is None
    assert first.installed.code is not None
    pinned = first.installed.code.digest
    services = await restarted(settings)
    try:
        view = await services.review.app(ADMIN, "pinme")
    finally:
        await services.close()
    assert [(v.revision, v.code_digest, v.distribution) for v in view.versions] == [
        (1, pinned, "souq-pinme 0.1.0")
    ]
    shown = await souq(settings, "apps", "show", "pinme")
    assert f"code {short(pinned)}" in shown and "serving" in shown

    # Same manifest, other code: a reinstall of the "same" version.
    dist.install(greeting="hello, and your card number please")
    changed = await status(settings)
    assert changed.installed.code is not None
    assert changed.installed.code.digest != pinned
    assert changed.status == ServingStatus.CODE_CHANGED
    assert changed.app is None, "none of the changed code is served"
    assert changed.reason is not None
    assert f"not the code approved for 0.1.0 (pinned: {short(pinned)})" in changed.reason
    assert "souq apps approve pinme 0.1.0" in changed.reason

    shown = await souq(settings, "apps", "show", "pinme")
    assert "code changed" in shown
    assert f"{short(changed.installed.code.digest)} (souq-pinme 0.1.0)" in shown
    assert "0.1.0 (revision 2)" in shown and "~ code now" in shown
    listed = await souq(settings, "apps", "list")
    assert "/pinme code changed: the installed code" in listed
    assert "0.1.0 (revision 2)" in listed, "in the review queue"

    approved = await souq(settings, "apps", "approve", "pinme", "0.1.0")
    assert f"code pinned: {short(changed.installed.code.digest)}" in approved
    again = await status(settings)
    assert again.status == ServingStatus.SERVING

    # Back to the first code: that is approved too (revision 1), so it serves.
    dist.install()
    assert (await status(settings)).status == ServingStatus.SERVING


async def test_versions_approved_before_pinning_pin_nothing_and_come_back_for_review(
    dist: Dist, sqlite_settings: Settings
) -> None:
    """What migration 0008 leaves: approved rows without a pinned digest."""
    settings = sqlite_settings
    await submit_and_approve(settings)
    services = await restarted(settings)
    try:
        await services.db.write(lambda s: s.execute(update(AppVersion).values(code_digest=None)))
        serving = await services.gate.check("pinme")
        assert serving is not None and serving.status == ServingStatus.CODE_CHANGED
        assert serving.reason is not None
        assert "pinned: none: approved before souq pinned code" in serving.reason
        view = await services.review.app(ADMIN, "pinme")
        assert [(v.revision, v.status) for v in view.versions] == [
            (2, VersionStatus.PENDING),
            (1, VersionStatus.APPROVED),
        ]
        await services.review.approve(ADMIN, "pinme", "0.1.0", "checked after the upgrade")
        serving = await services.gate.check("pinme")
        assert serving is not None and serving.status == ServingStatus.SERVING
    finally:
        await services.close()


async def test_a_rejected_code_revision_stays_unserved(
    dist: Dist, sqlite_settings: Settings
) -> None:
    settings = sqlite_settings
    await submit_and_approve(settings)
    dist.install(greeting="changed")
    services = await restarted(settings)
    try:
        assert (await services.gate.check("pinme")).status == ServingStatus.CODE_CHANGED  # type: ignore[union-attr]
        await services.review.reject(ADMIN, "pinme", "0.1.0", "sends data away")
    finally:
        await services.close()
    after = await status(settings)
    assert after.status == ServingStatus.CODE_CHANGED
    services = await restarted(settings)
    try:
        view = await services.review.app(ADMIN, "pinme")
    finally:
        await services.close()
    assert [(v.revision, v.status) for v in view.versions] == [
        (2, VersionStatus.REJECTED),
        (1, VersionStatus.APPROVED),
    ], "the same rejected code is not put up again"


def test_the_digest_covers_the_files_as_they_are_on_disk(dist: Dist) -> None:
    [entry_point] = [e for e in _souq_entry_points() if e.name == "pinme"]
    before = installed_code(entry_point)
    assert before is not None and before.label == "souq-pinme 0.1.0"
    assert installed_code(entry_point) == before, "the same files, the same digest"
    (dist.info / "INSTALLER").write_text("another installer\n")
    assert installed_code(entry_point) == before, "what installers write is left out"
    module = dist.site / "pinme.py"
    module.write_text(module.read_text() + "# edited in place, RECORD untouched\n")
    after = installed_code(entry_point)
    assert after is not None and after.digest != before.digest


def test_without_a_record_the_package_on_disk_is_hashed(tmp_path: Path, dist: Dist) -> None:
    """An editable install (or no RECORD) lists no code: the module itself is hashed."""
    (dist.info / "RECORD").unlink()
    dist.recorded = False
    [entry_point] = [e for e in _souq_entry_points() if e.name == "pinme"]
    before = installed_code(entry_point)
    dist.install(greeting="changed")
    after = installed_code(entry_point)
    assert before is not None and after is not None and before.digest != after.digest


async def test_a_version_that_is_not_the_distributions_is_said(
    dist: Dist, sqlite_settings: Settings
) -> None:
    dist.install(dist_version="0.2.0")
    serving = await status(sqlite_settings)
    assert serving.status == ServingStatus.UNREGISTERED
    assert serving.reason is not None
    assert "the app says version 0.1.0 but is installed from souq-pinme 0.2.0" in serving.reason
    listed = await souq(sqlite_settings, "apps", "list")
    assert "0.1.0 (!)" in listed
    assert "installed from souq-pinme 0.2.0" in listed


def _souq_entry_points() -> list:  # type: ignore[type-arg]
    from importlib.metadata import entry_points

    return list(entry_points(group="souq"))


async def test_changed_code_can_be_approved_before_any_host_noticed_it(
    dist: Dist, sqlite_settings: Settings
) -> None:
    settings = sqlite_settings
    await submit_and_approve(settings)
    dist.install(greeting="changed")
    assert "code pinned" in await souq(settings, "apps", "approve", "pinme", "0.1.0")
    assert (await status(settings)).status == ServingStatus.SERVING


async def test_a_rejected_version_is_not_reviewed_again_through_its_code(
    dist: Dist, sqlite_settings: Settings
) -> None:
    services = await restarted(sqlite_settings)
    try:
        devi = await app_developer(services)
        installed = services.apps.get("pinme")
        assert installed is not None
        await services.review.register(devi, "pinme")
        await services.review.submit(devi, "pinme", installed.manifest.to_dict())
        await services.review.reject(ADMIN, "pinme", "0.1.0", "no")
        with pytest.raises(AlreadyDecided):
            await services.review.approve(ADMIN, "pinme", "0.1.0")
        assert [v.revision for v in (await services.review.app(ADMIN, "pinme")).versions] == [1]
    finally:
        await services.close()
