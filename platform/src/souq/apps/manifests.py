"""Comparing manifests: a fingerprint, and what changed between two versions."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import semver
from souq_sdk.commands import format_usage
from souq_sdk.manifest import CommandSpec, Manifest


def manifest_hash(manifest: Manifest) -> str:
    """The SHA-256 of the manifest's canonical JSON form: equal hashes, equal manifests."""
    canonical = json.dumps(manifest.to_dict(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def version_key(version: str) -> semver.Version:
    """A semantic version, ordered by semver precedence (``1.0.0-rc.1 < 1.0.0 < 1.0.1``)."""
    return semver.Version.parse(version)


@dataclass(frozen=True)
class CommandChange:
    """A command as it was and as it is (either side ``None`` when added or removed)."""

    name: str
    before: str | None
    after: str | None
    changes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ManifestDiff:
    """What a version asks for beyond (or no longer asks for, compared with) another."""

    against: str | None
    commands_added: tuple[CommandChange, ...]
    commands_removed: tuple[CommandChange, ...]
    commands_changed: tuple[CommandChange, ...]
    actions_added: tuple[str, ...]
    actions_removed: tuple[str, ...]
    actions_changed: tuple[str, ...]
    scopes_added: tuple[str, ...]
    scopes_removed: tuple[str, ...]

    @property
    def empty(self) -> bool:
        """True when the two versions offer and ask for the same things."""
        return not any(
            (
                self.commands_added,
                self.commands_removed,
                self.commands_changed,
                self.actions_added,
                self.actions_removed,
                self.actions_changed,
                self.scopes_added,
                self.scopes_removed,
            )
        )


def diff(before: Manifest | None, after: Manifest) -> ManifestDiff:
    """What ``after`` changes compared with ``before`` (everything is new without one)."""
    old_commands = {c.name: c for c in before.commands} if before else {}
    old_actions = {a.name: a for a in before.actions} if before else {}
    new_commands = {c.name: c for c in after.commands}
    new_actions = {a.name: a for a in after.actions}
    old_scopes = set(before.scopes) if before else set()

    def usage(command: CommandSpec) -> str:
        return format_usage(after.slug, command)

    return ManifestDiff(
        against=before.version if before else None,
        commands_added=tuple(
            CommandChange(n, None, usage(c))
            for n, c in new_commands.items()
            if n not in old_commands
        ),
        commands_removed=tuple(
            CommandChange(n, usage(c), None)
            for n, c in old_commands.items()
            if n not in new_commands
        ),
        commands_changed=tuple(
            CommandChange(n, usage(old_commands[n]), usage(c), _command_changes(old_commands[n], c))
            for n, c in new_commands.items()
            if n in old_commands and old_commands[n] != c
        ),
        actions_added=tuple(n for n in new_actions if n not in old_actions),
        actions_removed=tuple(n for n in old_actions if n not in new_actions),
        actions_changed=tuple(
            n for n, a in new_actions.items() if n in old_actions and old_actions[n] != a
        ),
        scopes_added=tuple(s for s in after.scopes if s not in old_scopes),
        scopes_removed=tuple(s for s in (before.scopes if before else ()) if s not in after.scopes),
    )


def _command_changes(old: CommandSpec, new: CommandSpec) -> tuple[str, ...]:
    """Each difference between two forms of a command, in words."""
    found = [
        f"{what} changed"
        for what, a, b in (
            ("summary", old.summary, new.summary),
            ("description", old.description, new.description),
        )
        if a != b
    ]
    old_params = {p.name: p for p in old.params}
    new_params = {p.name: p for p in new.params}
    found += [f"parameter {n} added" for n in new_params if n not in old_params]
    found += [f"parameter {n} removed" for n in old_params if n not in new_params]
    found += [
        f"parameter {n} changed"
        for n, p in new_params.items()
        if n in old_params and old_params[n] != p
    ]
    if [p.name for p in old.params if p.name in new_params] != [
        p.name for p in new.params if p.name in old_params
    ]:
        found.append("parameters reordered")
    return tuple(found)
