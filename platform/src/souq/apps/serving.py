"""Which installed apps people may use: the review gate.

The host asks before every call (a command, a button press), so an approval, a
suspension or its end takes effect on the very next call, in every process:

- an app whose installed manifest is exactly an approved version (same version, same
  hash) and whose installed code is the code that approval pinned is **serving**;
- an app whose manifest is approved but whose installed code is not the pinned code
  (changed since, or approved before souq pinned code) is **not served**
  (``CODE_CHANGED``): its code waits for review as a new revision of that version;
- a suspended app, an app whose installed manifest matches no approved version (a newer
  version included: its code is not what was approved), and an app nobody registered
  are not available.

Every verdict but ``SERVING`` comes with a reason in words; so does an app whose
declared version is not its distribution's.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import Session

from souq.db.database import Database
from souq.db.models import AppVersion, RegisteredApp

from .manifests import manifest_hash, version_key
from .registry import AppRegistry, LoadedApp
from .review import record_code_change

log = logging.getLogger("souq.apps")


class ServingStatus(StrEnum):
    """How an installed app is served."""

    SERVING = "serving"
    CODE_CHANGED = "code_changed"
    AWAITING_REVIEW = "awaiting_review"
    SUSPENDED = "suspended"
    UNREGISTERED = "unregistered"


@dataclass(frozen=True)
class Serving:
    """An installed app and whether people may use it.

    ``app`` is the installed app when it is served, else ``None``; ``approved`` is the
    newest approved version; ``reason`` says, in words, why it is not served (and
    whether its declared version is not its distribution's).
    """

    installed: LoadedApp
    status: ServingStatus
    approved: str | None
    app: LoadedApp | None
    reason: str | None = None


@dataclass(frozen=True)
class Judged:
    """What :meth:`Gate.judge_in` found in a caller's transaction: the apps people may
    use now, by slug, and the installed apps whose changed code :meth:`Gate.settle` still
    has to put up for review."""

    served: dict[str, LoadedApp]
    changed: tuple[LoadedApp, ...]


@dataclass(frozen=True)
class _Approved:
    version: str
    hash: str
    code: str | None


@dataclass(frozen=True)
class _Registration:
    suspension: str | None
    approved: tuple[_Approved, ...]


def short(digest: str | None) -> str:
    """A code digest as people read it (``sha256:`` and its first 12 digits)."""
    return f"sha256:{digest[:12]}" if digest else "no code"


class Gate:
    """Decides, from the registry in the database, what of each installed app is served."""

    def __init__(self, db: Database, registry: AppRegistry) -> None:
        self._db = db
        self._registry = registry
        self._hashes: dict[str, tuple[LoadedApp, str]] = {}
        self._recorded: set[tuple[str, str]] = set()

    async def check(self, slug: str) -> Serving | None:
        """How the installed app ``slug`` is served (``None`` if it is not installed)."""
        installed = self._registry.get(slug)
        if installed is None:
            return None
        found = _registered(await self._db.rows(_REGISTRATION, {"slug": slug}))
        return await self._judge(installed, found.get(slug))

    async def all(self) -> list[Serving]:
        """How every installed app is served, by slug."""
        installed = self._registry.all()
        slugs = [a.slug for a in installed]
        found = await self._db.read(lambda s: _registrations(s, slugs))
        return [await self._judge(app, found.get(app.slug)) for app in installed]

    async def served(self) -> list[LoadedApp]:
        """What people may use of each installed app, by slug."""
        return [s.app for s in await self.all() if s.app is not None]

    def judge_in(self, session: Session) -> Judged:
        """How every installed app is served, read in the caller's transaction (a write
        that must lease only what served apps may be told, say); the changed code it finds
        is put up for review by :meth:`settle`, once that transaction is over."""
        installed = self._registry.all()
        found = _registrations(session, [a.slug for a in installed])
        verdicts = [self._verdict(app, found.get(app.slug)) for app in installed]
        return Judged(
            served={s.app.slug: s.app for s in verdicts if s.app is not None},
            changed=tuple(s.installed for s in verdicts if s.status is ServingStatus.CODE_CHANGED),
        )

    async def settle(self, judged: Judged) -> None:
        """Put the changed code :meth:`judge_in` found up for review (once per process)."""
        for installed in judged.changed:
            if installed.code is not None:
                await self._record(installed, installed.code.digest)

    async def _judge(self, installed: LoadedApp, found: _Registration | None) -> Serving:
        serving = self._verdict(installed, found)
        if serving.status is ServingStatus.CODE_CHANGED and installed.code is not None:
            await self._record(installed, installed.code.digest)
        return serving

    def _verdict(self, installed: LoadedApp, found: _Registration | None) -> Serving:
        def verdict(
            status: ServingStatus,
            approved: str | None = None,
            reason: str | None = None,
            app: LoadedApp | None = None,
        ) -> Serving:
            notes = [n for n in (reason, installed.version_mismatch) if n]
            return Serving(installed, status, approved, app, "; ".join(notes) or None)

        mine = installed.manifest
        if found is None:
            return verdict(
                ServingStatus.UNREGISTERED, reason=f"no developer registered /{mine.slug}"
            )
        newest = max(found.approved, key=lambda a: version_key(a.version), default=None)
        approved = newest.version if newest else None
        if found.suspension is not None:
            return verdict(
                ServingStatus.SUSPENDED, approved, f"suspended by an admin: {found.suspension}"
            )
        code = installed.code.digest if installed.code else None
        digest = self._hash(installed)
        same = [a for a in found.approved if a.version == mine.version and a.hash == digest]
        if any(a.code == code for a in same):
            return verdict(ServingStatus.SERVING, mine.version, app=installed)
        if same:
            pinned = ", ".join(short(a.code) for a in same if a.code) or (
                "none: approved before souq pinned code"
            )
            return verdict(
                ServingStatus.CODE_CHANGED,
                approved,
                f"the installed code ({_described(installed)}) is not the code approved for "
                f"{mine.version} (pinned: {pinned}); it waits for review "
                f"(souq apps approve {mine.slug} {mine.version})",
            )
        if newest is None:
            return verdict(
                ServingStatus.AWAITING_REVIEW, None, f"{mine.version} is installed; none approved"
            )
        return verdict(
            ServingStatus.AWAITING_REVIEW,
            approved,
            f"{mine.version} is installed; only "
            + ", ".join(sorted({a.version for a in found.approved}, key=version_key))
            + " approved",
        )

    def _hash(self, installed: LoadedApp) -> str:
        """The installed manifest's hash (computed once per loaded app)."""
        cached = self._hashes.get(installed.slug)
        if cached is None or cached[0] is not installed:
            cached = self._hashes[installed.slug] = (installed, manifest_hash(installed.manifest))
        return cached[1]

    async def _record(self, installed: LoadedApp, digest: str) -> None:
        """Put changed code up for review, once per process and code."""
        key = (installed.slug, digest)
        if key in self._recorded or installed.code is None:
            return
        code = installed.code
        try:
            await self._db.write(lambda s: record_code_change(s, installed, code))
        except Exception:  # the app stays unserved either way; the next check tries again
            log.warning("could not put the changed code of %s up for review", installed.slug)
            return
        self._recorded.add(key)


def _described(installed: LoadedApp) -> str:
    code = installed.code
    return f"{code.label}, {short(code.digest)}" if code else "not from a distribution"


_APPROVED = (
    select(
        RegisteredApp.slug,
        RegisteredApp.suspended_at,
        RegisteredApp.suspension_reason,
        AppVersion.id,
        AppVersion.version,
        AppVersion.manifest_hash,
        AppVersion.code_digest,
    )
    .select_from(RegisteredApp)
    .outerjoin(
        AppVersion,
        and_(AppVersion.app_id == RegisteredApp.id, AppVersion.status == "approved"),
    )
)
_REGISTRATION = _APPROVED.where(RegisteredApp.slug == bindparam("slug"))
"""The registration of one app: asked before every call, so built once."""
_REGISTRATIONS = _APPROVED.where(RegisteredApp.slug.in_(bindparam("slugs", expanding=True)))


def _registrations(session: Session, slugs: list[str]) -> dict[str, _Registration]:
    """The registrations of the apps ``slugs``, read in ``session``'s transaction."""
    return _registered(session.connection().execute(_REGISTRATIONS, {"slugs": slugs}))


def _registered(rows: Iterable[Sequence[Any]]) -> dict[str, _Registration]:
    """Suspension and approved versions (with the code each pins) by app, from the rows
    of :data:`_REGISTRATION` or :data:`_REGISTRATIONS` (only whether an app's
    ``suspended_at`` is set counts, so it may come as stored)."""
    suspension: dict[str, str | None] = {}
    approved: dict[str, list[_Approved]] = defaultdict(list)
    for slug, suspended_at, why, version_id, version, digest, code in rows:
        suspension[slug] = (why or "-") if suspended_at is not None else None
        if version_id is not None:
            approved[slug].append(_Approved(version, digest, code))
    return {slug: _Registration(s, tuple(approved[slug])) for slug, s in suspension.items()}
