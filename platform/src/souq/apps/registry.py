"""Which apps this process serves: found through the ``souq`` entry-point group.

A broken app (import error, invalid manifest, duplicate or reserved slug) is reported
with its name and reason and skipped; the server still starts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points

import pluggy
from souq_sdk.dispatch import call_app, plugin_manager
from souq_sdk.distribution import one_scan
from souq_sdk.errors import InvalidManifest
from souq_sdk.manifest import Manifest, validate_manifest
from souq_sdk.workers import Workers

from .code import InstalledCode, installed_code

log = logging.getLogger("souq.apps")

ENTRY_POINT_GROUP = "souq"
RESERVED_SLUGS = frozenset({"help", "souq"})


class AppLoadError(Exception):
    """An app could not be loaded; the message says why."""


@dataclass(frozen=True)
class LoadedApp:
    """An app this process serves."""

    manifest: Manifest
    plugin: object
    source: str
    workers: Workers = field(compare=False)
    code: InstalledCode | None = None
    """The distribution it came from and the digest of its files (``None`` for an app
    registered in-process rather than found through an entry point)."""

    @property
    def slug(self) -> str:
        """The app's slug, its namespace for commands (``/food``)."""
        return self.manifest.slug

    @property
    def name(self) -> str:
        """The app's display name."""
        return self.manifest.name

    @property
    def version_mismatch(self) -> str | None:
        """Why the app's declared version is not its distribution's, if it is not."""
        if self.code is None or self.code.version == self.manifest.version:
            return None
        return (
            f"the app says version {self.manifest.version} but is installed from {self.code.label}"
        )


@dataclass(frozen=True)
class LoadProblem:
    """An app that was skipped, and why."""

    name: str
    source: str
    reason: str


class AppRegistry:
    """The loaded apps, each registered as its own pluggy plugin."""

    def __init__(self, *, workers: int) -> None:
        self.pm: pluggy.PluginManager = plugin_manager()
        self._apps: dict[str, LoadedApp] = {}
        self._workers = workers
        self.problems: list[LoadProblem] = []

    async def register(
        self, plugin: object, *, source: str, code: InstalledCode | None = None
    ) -> LoadedApp:
        """Load one app (an App object or a module of hook implementations); ``code`` is
        what it was installed from, when it was found through an entry point."""
        if self.pm.is_registered(plugin):
            raise AppLoadError("this app object is already loaded (under another entry point?)")
        try:
            self.pm.register(plugin)
        except ValueError as error:
            raise AppLoadError(f"cannot register: {error}") from None
        try:
            raw = await call_app(self.pm, plugin, "souq_manifest")
            manifest = validate_manifest(raw)
            if manifest.slug in RESERVED_SLUGS:
                raise AppLoadError(f"the slug {manifest.slug!r} is reserved")
            if manifest.slug in self._apps:
                raise AppLoadError(
                    f"the slug {manifest.slug!r} is taken by {self._apps[manifest.slug].source}"
                )
        except InvalidManifest as error:
            self.pm.unregister(plugin)
            raise AppLoadError(f"invalid manifest: {'; '.join(error.problems)}") from None
        except AppLoadError:
            self.pm.unregister(plugin)
            raise
        except Exception as error:
            self.pm.unregister(plugin)
            raise AppLoadError(f"its manifest hook failed: {error!r}") from None
        workers = Workers(self._workers, name=f"souq-app-{manifest.slug}")
        app = LoadedApp(manifest=manifest, plugin=plugin, source=source, workers=workers, code=code)
        self._apps[manifest.slug] = app
        return app

    async def discover(self) -> None:
        """Load every app installed in the ``souq`` entry-point group."""
        # each app created as it loads asks which distribution holds it: the installed
        # distributions are read once for all of them
        with one_scan():
            for entry_point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
                await self._load(entry_point)

    async def _load(self, entry_point: EntryPoint) -> None:
        """Load the app ``entry_point`` names; if it cannot be, say why in ``problems``."""
        dist = entry_point.dist
        source = f"{entry_point.value} ({dist.name} {dist.version})" if dist else entry_point.value
        try:
            plugin = entry_point.load()
            loaded = await self.register(plugin, source=source, code=installed_code(entry_point))
        except Exception as error:
            reason = str(error) if isinstance(error, AppLoadError) else f"import failed: {error!r}"
            self.problems.append(LoadProblem(entry_point.name, source, reason))
            log.warning("skipped app %s from %s: %s", entry_point.name, source, reason)
            return
        if loaded.version_mismatch:
            log.warning("app %s: %s", loaded.slug, loaded.version_mismatch)

    def get(self, slug: str) -> LoadedApp | None:
        """The app with ``slug``, if loaded."""
        return self._apps.get(slug)

    def all(self) -> list[LoadedApp]:
        """Every loaded app, by slug."""
        return [self._apps[slug] for slug in sorted(self._apps)]

    def remove(self, slug: str) -> None:
        """Unload an app (tests register throwaway apps and remove them)."""
        app = self._apps.pop(slug)
        self.pm.unregister(app.plugin)
        app.workers.close()

    def close(self) -> None:
        """Stop the apps' worker threads (a hung handler's thread is abandoned)."""
        for app in self._apps.values():
            app.workers.close()
