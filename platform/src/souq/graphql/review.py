"""App review over GraphQL: developers' apps and submissions, admins' queue, decisions and
audit log. The rules (who may do what) live in the services; this module only maps."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from souq.apps.health import UsageDay
from souq.apps.manifests import CommandChange, ManifestDiff
from souq.apps.review import AppView, VersionStatus, VersionView
from souq.apps.serving import Serving, ServingStatus
from souq.consent.quality import Quality
from souq.services.accounts import Role
from souq.services.audit import Actor, AuditAction, AuditFilter, AuditRecord

from .context import Info
from .cursors import id_cursor, parse_id_cursor
from .types import Command, Connection, Edge, RoleType, command_of, connection, page_size

VersionStatusType = strawberry.enum(
    VersionStatus, name="AppVersionStatus", description="Where a submitted version stands."
)
ServingStatusType = strawberry.enum(
    ServingStatus,
    name="ServingStatus",
    description=(
        "How an installed app is served: SERVING (exactly an approved version, with the "
        "code its approval pinned), CODE_CHANGED (an approved manifest, but not the code "
        "approved for it: waits for review as a new revision), AWAITING_REVIEW, "
        "SUSPENDED, UNREGISTERED."
    ),
)
AuditActionType = strawberry.enum(
    AuditAction, name="AuditAction", description="What an audit entry records."
)

QualityType = strawberry.enum(
    Quality,
    name="MessagingQuality",
    description="How people receive an app's business messages (spam reports over delivered).",
)

DEFAULT_USAGE_DAYS = 14


async def _actor(info: Info) -> Actor:
    return Actor.of(await info.context.require_viewer())


@strawberry.type(description="Why and since when an admin stopped an app.")
class Suspension:
    reason: str
    by: str
    since: datetime


@strawberry.type(description="A command as it was and as it is (null on the side it is missing).")
class CommandChangeType:
    name: str
    before: str | None = strawberry.field(description="Its usage line before.")
    after: str | None = strawberry.field(description="Its usage line after.")
    changes: list[str]

    @classmethod
    def of(cls, change: CommandChange) -> CommandChangeType:
        """The client's view of a changed command."""
        return cls(
            name=change.name, before=change.before, after=change.after, changes=list(change.changes)
        )


@strawberry.type(
    name="ManifestDiff",
    description="What a version changes compared with the newest approved version before it.",
)
class ManifestDiffType:
    against: str | None = strawberry.field(
        description="The approved version compared with (null: nothing approved before)."
    )
    commands_added: list[CommandChangeType]
    commands_removed: list[CommandChangeType]
    commands_changed: list[CommandChangeType]
    actions_added: list[str]
    actions_removed: list[str]
    actions_changed: list[str]
    scopes_added: list[str]
    scopes_removed: list[str]

    @classmethod
    def of(cls, diff: ManifestDiff) -> ManifestDiffType:
        """The client's view of a diff."""
        return cls(
            against=diff.against,
            commands_added=[CommandChangeType.of(c) for c in diff.commands_added],
            commands_removed=[CommandChangeType.of(c) for c in diff.commands_removed],
            commands_changed=[CommandChangeType.of(c) for c in diff.commands_changed],
            actions_added=list(diff.actions_added),
            actions_removed=list(diff.actions_removed),
            actions_changed=list(diff.actions_changed),
            scopes_added=list(diff.scopes_added),
            scopes_removed=list(diff.scopes_removed),
        )


@strawberry.type(name="AppVersion", description="A submitted version of an app and its verdict.")
class AppVersionType:
    slug: str
    version: str
    status: VersionStatusType  # type: ignore[valid-type]
    manifest: JSON = strawberry.field(description="The manifest as submitted.")
    manifest_hash: str = strawberry.field(description="SHA-256 of the manifest's canonical JSON.")
    revision: int = strawberry.field(
        description="1 as submitted; 2, 3, ... when the installed code changed after approval."
    )
    code_digest: str | None = strawberry.field(
        description=(
            "SHA-256 of the installed distribution's files that the approval pinned (pending: "
            "the code the host saw installed; null: none pinned)."
        )
    )
    distribution: str | None = strawberry.field(
        description="The distribution (name and version) that code came from."
    )
    commands: list[Command]
    scopes: list[str]
    submitted_by: str
    submitted_at: datetime
    decided_by: str | None
    reason: str | None = strawberry.field(description="Why it was approved or rejected.")
    decided_at: datetime | None
    diff: ManifestDiffType

    @classmethod
    def of(cls, version: VersionView, diff: ManifestDiff) -> AppVersionType:
        """The client's view of a version, with what it changes."""
        manifest = version.manifest
        return cls(
            slug=version.slug,
            version=version.version,
            status=version.status,
            manifest=manifest.to_dict(),
            manifest_hash=version.manifest_hash,
            revision=version.revision,
            code_digest=version.code_digest,
            distribution=version.distribution,
            commands=[command_of(manifest.slug, c) for c in manifest.commands],
            scopes=list(manifest.scopes),
            submitted_by=version.submitted_by,
            submitted_at=version.submitted_at,
            decided_by=version.decided_by,
            reason=version.reason,
            decided_at=version.decided_at,
            diff=ManifestDiffType.of(diff),
        )


@strawberry.type(description="One UTC day of an app's use, from the host's call records.")
class AppUsageDay:
    day: date
    invocations: int = strawberry.field(description="Commands and button presses.")
    people: int = strawberry.field(description="Distinct people who invoked it.")
    errors: int
    timeouts: int
    p95_latency_ms: float | None

    @classmethod
    def of(cls, day: UsageDay) -> AppUsageDay:
        """The client's view of a day of use."""
        return cls(
            day=day.day,
            invocations=day.invocations,
            people=day.people,
            errors=day.errors,
            timeouts=day.timeouts,
            p95_latency_ms=day.p95_ms,
        )


@strawberry.type(description="An app's business messages over the last 7 days, and its tier.")
class AppMessaging:
    quality: QualityType = strawberry.field(  # type: ignore[valid-type]
        description="Its rating: HIGH, MEDIUM or LOW (fewer than 20 messages rate HIGH)."
    )
    delivered: int = strawberry.field(description="Business messages delivered.")
    reported: int = strawberry.field(description="Of those, reported as spam.")
    daily_cap: int = strawberry.field(description="People it may message per UTC day (its tier).")
    promotions_paused: bool = strawberry.field(description="A LOW rating pauses promotions.")


@strawberry.type(description="An app registered by a developer, with its versions.")
class RegisteredApp:
    slug: str
    owner: str
    created_at: datetime
    suspension: Suspension | None = strawberry.field(description="Null unless suspended.")
    approved_version: str | None = strawberry.field(description="The newest approved version.")
    versions: list[AppVersionType] = strawberry.field(description="Newest first.")

    @classmethod
    def of(cls, view: AppView) -> RegisteredApp:
        """The client's view of a registered app."""
        s = view.suspension
        return cls(
            slug=view.slug,
            owner=view.owner,
            created_at=view.created_at,
            suspension=Suspension(reason=s.reason, by=s.by, since=s.since) if s else None,
            approved_version=view.approved.version if view.approved else None,
            versions=[AppVersionType.of(v, view.diff(v)) for v in view.versions],
        )

    @strawberry.field(description="Use per UTC day over the last `days` days (1-90), oldest first.")
    async def usage(self, info: Info, days: int = DEFAULT_USAGE_DAYS) -> list[AppUsageDay]:
        found = await info.context.services.review.usage(await _actor(info), self.slug, days=days)
        return [AppUsageDay.of(d) for d in found]

    @strawberry.field(description="Its business messages: quality rating and messaging tier.")
    async def messaging(self, info: Info) -> AppMessaging:
        # Who may see this app (its owner, an admin) was checked where it was found.
        found = await info.context.services.notices.standing(self.slug)
        return AppMessaging(
            quality=found.quality,
            delivered=found.delivered,
            reported=found.reported,
            daily_cap=found.daily_cap,
            promotions_paused=found.promotions_paused,
        )


@strawberry.type(description="An app installed on this server, and how it is served.")
class InstalledApp:
    slug: str
    name: str
    installed_version: str
    source: str
    status: ServingStatusType  # type: ignore[valid-type]
    approved_version: str | None = strawberry.field(description="The newest approved version.")
    reason: str | None = strawberry.field(
        description=(
            "Why it is not served, and whether its declared version is not its distribution's "
            "(null: served as approved)."
        )
    )
    distribution: str | None = strawberry.field(
        description="The distribution it was installed from (name and version)."
    )
    code_digest: str | None = strawberry.field(
        description="SHA-256 of the installed distribution's files (what an approval pins)."
    )

    @classmethod
    def of(cls, serving: Serving) -> InstalledApp:
        """The admin's view of an installed app."""
        app = serving.installed
        return cls(
            slug=app.slug,
            name=app.name,
            installed_version=app.manifest.version,
            source=app.source,
            status=serving.status,
            approved_version=serving.approved,
            reason=serving.reason,
            distribution=app.code.label if app.code else None,
            code_digest=app.code.digest if app.code else None,
        )


@strawberry.type(description="One admin decision or role change.")
class AuditEntry:
    id: strawberry.ID
    at: datetime
    actor: str = strawberry.field(description="A username, `cli:<os user>` or `demo seed`.")
    action: AuditActionType  # type: ignore[valid-type]
    app: str | None
    version: str | None
    subject: str | None = strawberry.field(description="The account a role change was about.")
    reason: str | None
    detail: JSON | None

    @classmethod
    def of(cls, entry: AuditRecord) -> AuditEntry:
        """The admin's view of an audit entry."""
        detail: dict[str, Any] | None = entry.detail
        return cls(
            id=strawberry.ID(str(entry.id)),
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            app=entry.app_slug,
            version=entry.version,
            subject=entry.subject,
            reason=entry.reason,
            detail=detail,
        )


@strawberry.type(description="An account's role, as an admin set it.")
class AccountRole:
    username: str
    role: RoleType  # type: ignore[valid-type]


def _version(view: AppView, version: VersionView) -> AppVersionType:
    return AppVersionType.of(version, view.diff(version))


@strawberry.type
class ReviewQuery:
    @strawberry.field(description="Your apps and their versions (developers).")
    async def my_apps(self, info: Info) -> list[RegisteredApp]:
        me = await info.context.require_viewer()
        return [RegisteredApp.of(a) for a in await info.context.services.review.mine(me)]

    @strawberry.field(description="One registered app (its owner, or an admin).")
    async def registered_app(self, info: Info, slug: str) -> RegisteredApp:
        view = await info.context.services.review.app(await _actor(info), slug)
        return RegisteredApp.of(view)

    @strawberry.field(
        description="The secret your app's backend signs its events with (the app's owner)."
    )
    async def app_event_secret(self, info: Info, slug: str) -> str:
        secrets = info.context.services.event_secrets
        return await secrets.reveal(await _actor(info), slug)

    @strawberry.field(description="Every registered app, by slug (admins).")
    async def registered_apps(self, info: Info) -> list[RegisteredApp]:
        views = await info.context.services.review.all(await _actor(info))
        return [RegisteredApp.of(v) for v in views]

    @strawberry.field(
        description="Versions awaiting review, oldest first, with their diffs (admins)."
    )
    async def review_queue(self, info: Info) -> list[AppVersionType]:
        review = info.context.services.review
        actor = await _actor(info)
        pending = await review.queue(actor)
        views = {v.slug: v for v in await review.all(actor)} if pending else {}
        return [_version(views[v.slug], v) for v in pending]

    @strawberry.field(
        description="The apps installed on this server and how each is served (admins)."
    )
    async def installed_apps(self, info: Info) -> list[InstalledApp]:
        (await _actor(info)).require_admin()
        return [InstalledApp.of(s) for s in await info.context.services.gate.all()]

    @strawberry.field(description="Admin decisions and role changes, newest first (admins).")
    async def audit_log(
        self,
        info: Info,
        first: int | None = 20,
        after: str | None = None,
        action: AuditActionType | None = None,  # type: ignore[valid-type]
        app: str | None = None,
        actor: str | None = None,
        subject: str | None = None,
    ) -> Connection[AuditEntry]:
        services = info.context.services
        size = page_size(first, services.settings, "first")
        entries, has_more = await services.audit.page(
            await _actor(info),
            AuditFilter(action=action, app_slug=app, actor=actor, subject=subject),
            first=20 if size is None else size,
            before=parse_id_cursor(after) if after else None,
        )
        edges = [Edge(cursor=id_cursor(e.id), node=AuditEntry.of(e)) for e in entries]
        return connection(edges, has_previous=after is not None, has_next=has_more)


@strawberry.type
class ReviewMutation:
    @strawberry.mutation(description="Claim a slug for a new app of yours (developers).")
    async def register_app(self, info: Info, slug: str) -> RegisteredApp:
        me = await info.context.require_viewer()
        return RegisteredApp.of(await info.context.services.review.register(me, slug))

    @strawberry.mutation(
        description="Submit a version of your app for review: the manifest `souq-sdk check` prints."
    )
    async def submit_app_version(self, info: Info, slug: str, manifest: JSON) -> AppVersionType:
        me = await info.context.require_viewer()
        review = info.context.services.review
        version = await review.submit(me, slug, manifest)
        return _version(await review.app(Actor.of(me), slug), version)

    @strawberry.mutation(
        description="A new event secret for your app; the old one stops working at once."
    )
    async def rotate_app_event_secret(self, info: Info, slug: str) -> str:
        secrets = info.context.services.event_secrets
        return await secrets.reveal(await _actor(info), slug, rotate=True)

    @strawberry.mutation(description="Approve a pending version (admins).")
    async def approve_app_version(
        self, info: Info, slug: str, version: str, reason: str | None = None
    ) -> AppVersionType:
        actor, review = await _actor(info), info.context.services.review
        decided = await review.approve(actor, slug, version, reason)
        return _version(await review.app(actor, slug), decided)

    @strawberry.mutation(description="Reject a pending version, saying why (admins).")
    async def reject_app_version(
        self, info: Info, slug: str, version: str, reason: str
    ) -> AppVersionType:
        actor, review = await _actor(info), info.context.services.review
        decided = await review.reject(actor, slug, version, reason)
        return _version(await review.app(actor, slug), decided)

    @strawberry.mutation(description="Stop serving an app from the next call (admins).")
    async def suspend_app(self, info: Info, slug: str, reason: str) -> RegisteredApp:
        view = await info.context.services.review.suspend(await _actor(info), slug, reason)
        return RegisteredApp.of(view)

    @strawberry.mutation(description="Serve a suspended app again (admins).")
    async def unsuspend_app(self, info: Info, slug: str, reason: str) -> RegisteredApp:
        view = await info.context.services.review.unsuspend(await _actor(info), slug, reason)
        return RegisteredApp.of(view)

    @strawberry.mutation(description="Change an account's role (admins); audited.")
    async def set_role(
        self,
        info: Info,
        username: str,
        role: RoleType,  # type: ignore[valid-type]
        reason: str,
    ) -> AccountRole:
        accounts = info.context.services.accounts
        account = await accounts.set_role(await _actor(info), username, Role(role), reason=reason)
        return AccountRole(username=account.username, role=account.role)
