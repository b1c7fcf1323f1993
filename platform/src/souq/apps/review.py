"""App review: developers claim slugs and submit versions; admins approve, reject, suspend.

Every version's manifest is kept as submitted, with its hash, and an approval pins the
code installed when it was made (the digest of the distribution's files, see
:mod:`souq.apps.code`), so the host can tell whether what it runs is exactly what was
approved (see :mod:`souq.apps.serving`). Installed code that differs from the code an
approved version pins comes back for review as a new revision of that version
(:func:`record_code_change`). Every admin decision is written to the audit log in the
transaction that makes it.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import semver
from souq_sdk.errors import InvalidManifest
from souq_sdk.manifest import SLUG, Manifest, validate_manifest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from souq.db.database import Database
from souq.db.models import AppVersion, RegisteredApp, User, utcnow
from souq.errors import (
    AlreadyDecided,
    BadInput,
    Forbidden,
    InvalidManifestError,
    NotFound,
    SlugTaken,
    VersionNotNewer,
)
from souq.services.accounts import Account, Role
from souq.services.audit import Actor, AuditAction, reason_text, record

from .code import InstalledCode
from .health import UsageDay, usage
from .manifests import ManifestDiff, diff, manifest_hash, version_key
from .registry import RESERVED_SLUGS, AppRegistry, LoadedApp

MAX_USAGE_DAYS = 90


class VersionStatus(StrEnum):
    """Where a submitted version stands."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Suspension:
    """Why and since when an admin stopped an app."""

    reason: str
    by: str
    since: datetime


@dataclass(frozen=True)
class VersionView:
    """A submitted version and its verdict."""

    id: int
    slug: str
    version: str
    status: VersionStatus
    manifest: Manifest
    manifest_hash: str
    revision: int
    code_digest: str | None
    distribution: str | None
    submitted_by: str
    submitted_at: datetime
    decided_by: str | None
    reason: str | None
    decided_at: datetime | None

    @property
    def order(self) -> tuple[semver.Version, int]:
        """Newer versions, then later revisions of a version, sort last."""
        return version_key(self.version), self.revision


@dataclass(frozen=True)
class AppView:
    """A registered app with its versions, newest first."""

    id: int
    slug: str
    owner: str
    owner_id: int
    created_at: datetime
    suspension: Suspension | None
    versions: tuple[VersionView, ...]

    @property
    def approved(self) -> VersionView | None:
        """The newest approved version: the one people are served."""
        return next((v for v in self.versions if v.status == VersionStatus.APPROVED), None)

    def pending(self, version: str) -> VersionView | None:
        """The revision of ``version`` waiting for a decision, if any."""
        return next(
            (
                v
                for v in self.versions
                if v.version == version and v.status == VersionStatus.PENDING
            ),
            None,
        )

    def diff(self, version: VersionView) -> ManifestDiff:
        """What ``version`` changes compared with the newest approved version before it
        (for a pending version, the one serving now; for a new revision of a version, the
        approved revision of the same version, whose commands are the same)."""
        baseline = next(
            (
                v
                for v in self.versions
                if v.status == VersionStatus.APPROVED and v.order < version.order
            ),
            None,
        )
        return diff(baseline.manifest if baseline else None, version.manifest)


def _require_developer(me: Account) -> None:
    if me.role not in (Role.DEVELOPER, Role.ADMIN):
        raise Forbidden("only developers register and submit apps")


class Review:
    """The registry of apps and versions, and the decisions admins make on them."""

    def __init__(self, db: Database, apps: AppRegistry) -> None:
        self._db = db
        self._apps = apps

    # -- developers -------------------------------------------------------------------

    async def register(self, me: Account, slug: str) -> AppView:
        """Claim ``slug`` for a new app owned by ``me`` (a developer). Claiming a slug
        ``me`` owns already answers the same (a retry is harmless); anyone else's is
        taken."""
        _require_developer(me)
        if not SLUG.fullmatch(slug) or slug in RESERVED_SLUGS:
            raise BadInput(
                "a slug is 2-31 characters: a lowercase letter, then lowercase letters, "
                "digits or -, and not help or souq",
                field="slug",
            )

        def insert(session: Session) -> AppView:
            row = session.scalar(select(RegisteredApp).where(RegisteredApp.slug == slug))
            if row is None:
                row = RegisteredApp(slug=slug, owner_id=me.id, created_at=utcnow())
                try:
                    with session.begin_nested():  # a race with another claim fails alone
                        session.add(row)
                except IntegrityError:
                    row = session.scalar(select(RegisteredApp).where(RegisteredApp.slug == slug))
            if row is None or row.owner_id != me.id:
                raise SlugTaken(f"the slug {slug!r} is taken", field="slug")
            return _load(session, [row])[0]

        return await self._db.write(insert)

    async def submit(self, me: Account, slug: str, data: object) -> VersionView:
        """Submit a version of ``me``'s app ``slug`` for review: its manifest's dict form,
        as ``souq-sdk check`` prints it. It must be valid, for this slug, and newer than
        every version submitted before."""
        _require_developer(me)
        try:
            manifest = validate_manifest(data)
        except InvalidManifest as error:
            raise InvalidManifestError(
                f"the manifest is not valid: {'; '.join(error.problems)}",
                field="manifest",
                problems=list(error.problems),
            ) from None
        if manifest.slug != slug:
            raise BadInput(f"the manifest is for {manifest.slug!r}, not {slug!r}", field="manifest")

        def insert(session: Session) -> VersionView:
            app = _owned(session, me, slug, lock=True)
            versions = list(
                session.scalars(select(AppVersion.version).where(AppVersion.app_id == app.id))
            )
            latest = max(versions, key=version_key, default=None)
            if latest is not None and version_key(manifest.version) <= version_key(latest):
                raise VersionNotNewer(
                    f"version {manifest.version} is not newer than {latest}", field="manifest"
                )
            row = AppVersion(
                app_id=app.id,
                version=manifest.version,
                manifest=manifest.to_dict(),
                manifest_hash=manifest_hash(manifest),
                status=VersionStatus.PENDING.value,
                submitted_by_id=me.id,
                submitted_at=utcnow(),
            )
            session.add(row)
            session.flush()
            return _version(row, slug, me.username)

        return await self._db.write(insert)

    async def mine(self, me: Account) -> list[AppView]:
        """The apps ``me`` owns, by slug."""
        _require_developer(me)

        def read(session: Session) -> list[AppView]:
            rows = session.scalars(
                select(RegisteredApp)
                .where(RegisteredApp.owner_id == me.id)
                .order_by(RegisteredApp.slug)
            )
            return _load(session, list(rows))

        return await self._db.read(read)

    async def fast_track(
        self, owner: Account, actor: Actor, installed: LoadedApp, *, reason: str
    ) -> VersionView:
        """Register the installed app for ``owner``, submit its manifest and have ``actor``
        approve it with its installed code, each through its ordinary path; steps already
        done are skipped. The demo seed approves the bundled apps this way."""
        manifest = installed.manifest
        code = installed.code.digest if installed.code else None
        with contextlib.suppress(SlugTaken):  # registered already (by someone else: see below)
            await self.register(owner, manifest.slug)
        app = await self.app(Actor.of(owner), manifest.slug)
        same = [v for v in app.versions if v.version == manifest.version]
        if not same:
            same = [await self.submit(owner, manifest.slug, manifest.to_dict())]
        pinned = next(
            (v for v in same if v.status == VersionStatus.APPROVED and v.code_digest == code),
            None,
        )
        if pinned is not None:
            return pinned
        return await self.approve(actor, manifest.slug, manifest.version, reason)

    # -- admins and owners ------------------------------------------------------------

    async def app(self, viewer: Actor, slug: str) -> AppView:
        """One app, for an admin or its owner (anyone else: not found)."""

        def read(session: Session) -> AppView:
            row = session.scalar(select(RegisteredApp).where(RegisteredApp.slug == slug))
            if row is None or not (viewer.admin or row.owner_id == viewer.account_id):
                raise NotFound(f"no app {slug!r} of yours")
            return _load(session, [row])[0]

        return await self._db.read(read)

    async def usage(self, viewer: Actor, slug: str, *, days: int) -> list[UsageDay]:
        """App ``slug``'s use per UTC day over the last ``days`` days, today included
        (its owner or an admin)."""
        if not 1 <= days <= MAX_USAGE_DAYS:
            raise BadInput(f"days must be between 1 and {MAX_USAGE_DAYS}", field="days")
        await self.app(viewer, slug)
        today = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
        since = today - timedelta(days=days - 1)
        return await self._db.read(lambda s: usage(s, slug, since))

    async def all(self, viewer: Actor) -> list[AppView]:
        """Every registered app, by slug (admins only)."""
        viewer.require_admin()

        def read(session: Session) -> list[AppView]:
            return _load(
                session, list(session.scalars(select(RegisteredApp).order_by(RegisteredApp.slug)))
            )

        return await self._db.read(read)

    async def queue(self, viewer: Actor) -> list[VersionView]:
        """Versions waiting for a decision, oldest submission first (admins only)."""
        viewer.require_admin()

        def read(session: Session) -> list[VersionView]:
            rows = session.execute(
                select(AppVersion, RegisteredApp.slug, User.username)
                .join(RegisteredApp, RegisteredApp.id == AppVersion.app_id)
                .join(User, User.id == AppVersion.submitted_by_id)
                .where(AppVersion.status == VersionStatus.PENDING.value)
                .order_by(AppVersion.submitted_at, AppVersion.id)
            )
            return [_version(v, slug, who) for v, slug, who in rows]

        return await self._db.read(read)

    async def approve(
        self, actor: Actor, slug: str, version: str, reason: str | None = None
    ) -> VersionView:
        """Approve a pending version, pinning the code installed here if it is that
        version (else the code the host last saw for it): people are served it from the
        next call, as long as the installed code is the pinned one."""
        return await self._decide(actor, slug, version, VersionStatus.APPROVED, reason)

    async def reject(self, actor: Actor, slug: str, version: str, reason: str) -> VersionView:
        """Reject a pending version, saying why (the developer sees the reason)."""
        return await self._decide(actor, slug, version, VersionStatus.REJECTED, reason)

    async def _decide(
        self, actor: Actor, slug: str, version: str, verdict: VersionStatus, reason: str | None
    ) -> VersionView:
        actor.require_admin()
        reason = reason_text(reason, required=verdict == VersionStatus.REJECTED)

        installed = self._apps.get(slug)

        def decide(session: Session) -> VersionView:
            app = _app(session, slug)
            if installed is not None and installed.code is not None:
                # Changed code installed here is what is decided, even before a host
                # put it up for review.
                record_code_change(session, installed, installed.code)
            row = session.scalar(
                select(AppVersion)
                .where(AppVersion.app_id == app.id, AppVersion.version == version)
                .order_by(AppVersion.revision.desc())
                .limit(1)
                .with_for_update()
            )
            if row is None:
                raise NotFound(f"{slug} has no version {version!r}", field="version")
            if row.status != VersionStatus.PENDING.value:
                raise AlreadyDecided(f"{slug} {version} is already {row.status}", field="version")
            if (
                verdict == VersionStatus.APPROVED
                and installed is not None
                and installed.manifest.version == version
                and manifest_hash(installed.manifest) == row.manifest_hash
            ):
                code = installed.code
                row.code_digest = code.digest if code else None
                row.distribution = code.label if code else None
            row.status, row.reason, row.decided_at = verdict.value, reason, utcnow()
            row.decided_by = actor.label
            action = (
                AuditAction.VERSION_APPROVED
                if verdict == VersionStatus.APPROVED
                else AuditAction.VERSION_REJECTED
            )
            record(
                session,
                actor,
                action,
                app_slug=slug,
                version=version,
                reason=reason,
                detail={
                    "manifest_hash": row.manifest_hash,
                    "revision": row.revision,
                    "code_digest": row.code_digest,
                    "distribution": row.distribution,
                },
            )
            owner = session.get(User, row.submitted_by_id)
            return _version(row, slug, owner.username if owner else "?")

        return await self._db.write(decide)

    async def suspend(self, actor: Actor, slug: str, reason: str) -> AppView:
        """Stop serving an app at once (every version), saying why."""
        return await self._suspension(actor, slug, reason, suspend=True)

    async def unsuspend(self, actor: Actor, slug: str, reason: str) -> AppView:
        """Serve a suspended app again, saying why."""
        return await self._suspension(actor, slug, reason, suspend=False)

    async def _suspension(self, actor: Actor, slug: str, reason: str, *, suspend: bool) -> AppView:
        actor.require_admin()
        reason = reason_text(reason)

        def change(session: Session) -> AppView:
            app = _app(session, slug, lock=True)
            if (app.suspended_at is not None) == suspend:
                state = "suspended" if suspend else "not suspended"
                raise AlreadyDecided(f"{slug} is already {state}", field="slug")
            if suspend:
                app.suspended_at, app.suspended_by = utcnow(), actor.label
                app.suspension_reason = reason
            else:
                app.suspended_at = app.suspended_by = app.suspension_reason = None
            record(
                session,
                actor,
                AuditAction.APP_SUSPENDED if suspend else AuditAction.APP_UNSUSPENDED,
                app_slug=slug,
                reason=reason,
            )
            session.flush()
            return _load(session, [app])[0]

        return await self._db.write(change)


# -- reading rows -----------------------------------------------------------------------


def _app(session: Session, slug: str, *, lock: bool = False) -> RegisteredApp:
    query = select(RegisteredApp).where(RegisteredApp.slug == slug)
    row = session.scalar(query.with_for_update() if lock else query)
    if row is None:
        raise NotFound(f"no app {slug!r} is registered", field="slug")
    return row


def _owned(session: Session, me: Account, slug: str, *, lock: bool = False) -> RegisteredApp:
    """``me``'s app ``slug``; another developer's app is refused."""
    row = _app(session, slug, lock=lock)
    if row.owner_id != me.id:
        raise Forbidden(f"{slug!r} belongs to another developer", field="slug")
    return row


def _version(row: AppVersion, slug: str, submitted_by: str) -> VersionView:
    return VersionView(
        id=row.id,
        slug=slug,
        version=row.version,
        status=VersionStatus(row.status),
        manifest=validate_manifest(row.manifest),
        manifest_hash=row.manifest_hash,
        revision=row.revision,
        code_digest=row.code_digest,
        distribution=row.distribution,
        submitted_by=submitted_by,
        submitted_at=row.submitted_at,
        decided_by=row.decided_by,
        reason=row.reason,
        decided_at=row.decided_at,
    )


def _load(session: Session, apps: list[RegisteredApp]) -> list[AppView]:
    """Views of ``apps`` with their versions and owners, in two queries."""
    ids = [a.id for a in apps]
    names: dict[int, str] = dict(
        session.execute(
            select(User.id, User.username).where(User.id.in_({a.owner_id for a in apps}))
        ).all()
    )
    by_app: dict[int, list[tuple[AppVersion, str]]] = defaultdict(list)
    for row, who in session.execute(
        select(AppVersion, User.username)
        .join(User, User.id == AppVersion.submitted_by_id)
        .where(AppVersion.app_id.in_(ids))
    ):
        by_app[row.app_id].append((row, who))
    views = []
    for app in apps:
        versions = sorted(
            (_version(row, app.slug, who) for row, who in by_app[app.id]),
            key=lambda v: v.order,
            reverse=True,
        )
        suspension = (
            Suspension(app.suspension_reason or "", app.suspended_by or "", app.suspended_at)
            if app.suspended_at is not None
            else None
        )
        views.append(
            AppView(
                id=app.id,
                slug=app.slug,
                owner=names.get(app.owner_id, "?"),
                owner_id=app.owner_id,
                created_at=app.created_at,
                suspension=suspension,
                versions=tuple(versions),
            )
        )
    return views


def record_code_change(session: Session, installed: LoadedApp, code: InstalledCode) -> None:
    """Put ``installed``'s code up for review as a new revision of its version, whose
    manifest an admin approved with other code (or none: approved before souq pinned
    code). Nothing is added when a revision of that version already names this code
    (whatever its verdict); a revision still pending takes this code instead of the code
    it named, since that is what the host now runs."""
    manifest = installed.manifest
    app = _app(session, manifest.slug, lock=True)
    rows = list(
        session.scalars(
            select(AppVersion).where(
                AppVersion.app_id == app.id,
                AppVersion.version == manifest.version,
                AppVersion.manifest_hash == manifest_hash(manifest),
            )
        )
    )
    approved = any(r.status == VersionStatus.APPROVED.value for r in rows)
    if not approved or any(r.code_digest == code.digest for r in rows):
        return
    pending = next((r for r in rows if r.status == VersionStatus.PENDING.value), None)
    if pending is not None:
        pending.code_digest, pending.distribution = code.digest, code.label
        return
    session.add(
        AppVersion(
            app_id=app.id,
            version=manifest.version,
            manifest=rows[0].manifest,
            manifest_hash=rows[0].manifest_hash,
            revision=max(r.revision for r in rows) + 1,
            code_digest=code.digest,
            distribution=code.label,
            status=VersionStatus.PENDING.value,
            submitted_by_id=app.owner_id,
            submitted_at=utcnow(),
        )
    )
    session.flush()
