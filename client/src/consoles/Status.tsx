// A version's status as a badge with words (never colour alone).
import type { AppVersionStatus } from "../gql/graphql";

const WORDS: Record<AppVersionStatus, string> = {
  PENDING: "Pending review",
  APPROVED: "Approved",
  REJECTED: "Rejected",
};

export function Status({ status }: { status: AppVersionStatus }) {
  return <span class={`status status-${status.toLowerCase()}`}>{WORDS[status]}</span>;
}
