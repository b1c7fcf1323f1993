// What the admin and developer consoles share: the fields of a version (with its diff) and
// of a day of use, as fragments the consoles' operations spread.
import { graphql } from "../gql";
import type { UsageFieldsFragment, VersionFieldsFragment } from "../gql/graphql";

graphql(`
  fragment VersionFields on AppVersion {
    slug
    version
    status
    revision
    scopes
    manifest
    submittedBy
    submittedAt
    decidedBy
    decidedAt
    reason
    commands {
      name
      summary
      usage
      params {
        name
        type
        required
        help
        accepts
      }
    }
    diff {
      against
      commandsAdded { name before after changes }
      commandsRemoved { name before after changes }
      commandsChanged { name before after changes }
      actionsAdded
      actionsRemoved
      actionsChanged
      scopesAdded
      scopesRemoved
    }
  }
`);

graphql(`
  fragment UsageFields on AppUsageDay {
    day
    invocations
    people
    errors
    timeouts
    p95LatencyMs
  }
`);

export type Version = VersionFieldsFragment;
export type UsageDay = UsageFieldsFragment;

/** The days of use the consoles chart. */
export const USAGE_DAYS = 14;

/** A button action a manifest declares: its name and summary. */
export interface ManifestAction {
  name: string;
  summary: string;
}

/** The actions of a manifest as submitted (the JSON souq keeps). */
export function actionsOf(manifest: unknown): ManifestAction[] {
  const actions = (manifest as { actions?: unknown } | null)?.actions;
  if (!Array.isArray(actions)) return [];
  return actions
    .filter((a): a is { name: string; summary?: unknown } => typeof a?.name === "string")
    .map((a) => ({ name: a.name, summary: typeof a.summary === "string" ? a.summary : "" }));
}

/** A date-time as people read it, in their own time zone. */
export function when(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** A date-time in few words, for tables: the year only when it is not this one. */
export function shortWhen(iso: string): string {
  const at = new Date(iso);
  const thisYear = at.getFullYear() === new Date().getFullYear();
  return at.toLocaleString(undefined, {
    day: "numeric",
    month: "short",
    year: thisYear ? undefined : "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}
