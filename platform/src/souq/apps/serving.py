"""Which installed apps people may use, and how much of each: the review gate.

The host asks before every call (a command, a button press), so an approval, a
suspension or its end takes effect on the very next call, in every process:

- an app whose installed manifest is exactly an approved version (same version, same
  hash) is **serving**;
- an app whose installed code is newer than its newest approved version is **partly
  serving**: people reach only the commands and actions that are exactly as approved,
  with the approved scopes, until the new version is approved; the rest waits;
- a suspended app, an app whose installed manifest matches no approved version (and is
  not newer than one), and an app nobody registered are not available.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from enum import StrEnum

from souq_sdk.manifest import validate_manifest
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from souq.db.database import Database
from souq.db.models import AppVersion, RegisteredApp

from .manifests import approved_part, manifest_hash, version_key
from .registry import AppRegistry, LoadedApp


class ServingStatus(StrEnum):
    """How an installed app is served."""

    SERVING = "serving"
    PARTIAL = "partial"
    AWAITING_REVIEW = "awaiting_review"
    SUSPENDED = "suspended"
    UNREGISTERED = "unregistered"


@dataclass(frozen=True)
class Serving:
    """An installed app and what people may reach of it.

    ``app`` is the installed app cut down to what is approved (its manifest lists only
    the approved commands, actions and scopes), or ``None`` when it is not available.
    ``approved`` is the approved version in effect.
    """

    installed: LoadedApp
    status: ServingStatus
    approved: str | None
    app: LoadedApp | None


@dataclass(frozen=True)
class _Approved:
    id: int
    version: str
    hash: str


@dataclass(frozen=True)
class _Registration:
    suspended: bool
    approved: tuple[_Approved, ...]


class Gate:
    """Decides, from the registry in the database, what of each installed app is served."""

    def __init__(self, db: Database, registry: AppRegistry) -> None:
        self._db = db
        self._registry = registry
        self._hashes: dict[str, tuple[LoadedApp, str]] = {}
        self._partial: dict[tuple[str, int], tuple[LoadedApp, LoadedApp]] = {}

    async def check(self, slug: str) -> Serving | None:
        """How the installed app ``slug`` is served (``None`` if it is not installed)."""
        installed = self._registry.get(slug)
        if installed is None:
            return None
        found = await self._db.read(lambda s: _registrations(s, [slug]), point=True)
        return await self._judge(installed, found.get(slug))

    async def all(self) -> list[Serving]:
        """How every installed app is served, by slug."""
        installed = self._registry.all()
        found = await self._db.read(lambda s: _registrations(s, [a.slug for a in installed]))
        return [await self._judge(app, found.get(app.slug)) for app in installed]

    async def served(self) -> list[LoadedApp]:
        """What people may use of each installed app, by slug."""
        return [s.app for s in await self.all() if s.app is not None]

    async def _judge(self, installed: LoadedApp, found: _Registration | None) -> Serving:
        def verdict(
            status: ServingStatus, approved: str | None = None, app: LoadedApp | None = None
        ) -> Serving:
            return Serving(installed, status, approved, app)

        if found is None:
            return verdict(ServingStatus.UNREGISTERED)
        newest = max(found.approved, key=lambda a: version_key(a.version), default=None)
        if found.suspended:
            return verdict(ServingStatus.SUSPENDED, newest.version if newest else None)
        mine = installed.manifest
        digest = self._hash(installed)
        if any(a.version == mine.version and a.hash == digest for a in found.approved):
            return verdict(ServingStatus.SERVING, mine.version, installed)
        if newest is not None and version_key(mine.version) > version_key(newest.version):
            return verdict(
                ServingStatus.PARTIAL, newest.version, await self._part(installed, newest.id)
            )
        return verdict(ServingStatus.AWAITING_REVIEW, newest.version if newest else None)

    def _hash(self, installed: LoadedApp) -> str:
        """The installed manifest's hash (computed once per loaded app)."""
        cached = self._hashes.get(installed.slug)
        if cached is None or cached[0] is not installed:
            cached = self._hashes[installed.slug] = (installed, manifest_hash(installed.manifest))
        return cached[1]

    async def _part(self, installed: LoadedApp, version_id: int) -> LoadedApp:
        """``installed`` cut down to what approved version ``version_id`` covers."""
        cached = self._partial.get((installed.slug, version_id))
        if cached is None or cached[0] is not installed:
            data = await self._db.read(
                lambda s: s.get_one(AppVersion, version_id).manifest, point=True
            )
            part = approved_part(installed.manifest, validate_manifest(data))
            cached = (installed, replace(installed, manifest=part))
            self._partial[(installed.slug, version_id)] = cached
        return cached[1]


def _registrations(session: Session, slugs: list[str]) -> dict[str, _Registration]:
    """Suspension and approved versions of the apps ``slugs``, in one query (asked before
    every call: plain Core on the connection, no ORM machinery)."""
    rows = session.connection().execute(
        select(
            RegisteredApp.slug,
            RegisteredApp.suspended_at,
            AppVersion.id,
            AppVersion.version,
            AppVersion.manifest_hash,
        )
        .outerjoin(
            AppVersion,
            and_(AppVersion.app_id == RegisteredApp.id, AppVersion.status == "approved"),
        )
        .where(RegisteredApp.slug.in_(slugs))
    )
    suspended: dict[str, bool] = {}
    approved: dict[str, list[_Approved]] = defaultdict(list)
    for slug, suspended_at, version_id, version, digest in rows:
        suspended[slug] = suspended_at is not None
        if version_id is not None:
            approved[slug].append(_Approved(version_id, version, digest))
    return {slug: _Registration(s, tuple(approved[slug])) for slug, s in suspended.items()}
