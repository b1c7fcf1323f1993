// The review queue: each pending version beside the approved one, approved or rejected
// with a reason.
import { useState } from "preact/hooks";
import { graphql } from "../gql";
import { request } from "../api/graphql";
import { when, type Version } from "../api/apps";
import { Compare } from "../consoles/Manifest";
import { messageOf, useRequest } from "../consoles/useRequest";
import { AdminTabs } from "./AdminTabs";
import "./admin.css";

const Queue = graphql(`
  query ReviewQueue {
    reviewQueue {
      ...VersionFields
    }
    registeredApps {
      slug
      owner
      approvedVersion
      versions {
        ...VersionFields
      }
    }
  }
`);

const Approve = graphql(`
  mutation ApproveVersion($slug: String!, $version: String!, $reason: String) {
    approveAppVersion(slug: $slug, version: $version, reason: $reason) {
      slug
      version
      status
    }
  }
`);

const Reject = graphql(`
  mutation RejectVersion($slug: String!, $version: String!, $reason: String!) {
    rejectAppVersion(slug: $slug, version: $version, reason: $reason) {
      slug
      version
      status
    }
  }
`);

export function Review() {
  const queue = useRequest(() => request(Queue), []);
  const [decided, setDecided] = useState<string | null>(null);
  const approvedOf = (pending: Version): Version | null => {
    const app = queue.data?.registeredApps.find((a) => a.slug === pending.slug);
    return app?.versions.find((v) => v.version === pending.diff.against) ?? null;
  };
  return (
    <section class="console" aria-labelledby="review-title">
      <AdminTabs />
      <h1 id="review-title" tabIndex={-1}>
        Review queue
      </h1>
      <p role="status" class="ok">
        {decided}
      </p>
      {queue.error && (
        <p class="error" role="alert">
          {queue.error}
        </p>
      )}
      {!queue.data ? (
        !queue.error && <p class="loading">Loading the queue…</p>
      ) : queue.data.reviewQueue.length === 0 ? (
        <p class="empty-note">Nothing waits for review.</p>
      ) : (
        <ol class="queue">
          {queue.data.reviewQueue.map((v) => (
            <li key={`${v.slug} ${v.version}`}>
              <Pending
                version={v}
                approved={approvedOf(v)}
                onDecided={(words) => {
                  setDecided(words);
                  void queue.reload();
                  // The decided version leaves the queue: keep the keyboard's place at its top.
                  document.getElementById("review-title")?.focus();
                }}
              />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Pending({
  version,
  approved,
  onDecided,
}: {
  version: Version;
  approved: Version | null;
  onDecided: (words: string) => void;
}) {
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = `${version.slug}-${version.version}`.replace(/[^a-z0-9-]/gi, "-");
  const name = `${version.slug} ${version.version}`;

  const decide = async (verdict: "approve" | "reject") => {
    const why = reason.trim();
    if (verdict === "reject" && !why) {
      setError("Say why you reject it: the developer reads the reason.");
      document.getElementById(`reason-${id}`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const variables = { slug: version.slug, version: version.version };
      if (verdict === "approve") await request(Approve, { ...variables, reason: why || null });
      else await request(Reject, { ...variables, reason: why });
      onDecided(`${name} ${verdict === "approve" ? "approved" : "rejected"}.`);
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };

  return (
    <article class="review-item" aria-labelledby={`title-${id}`}>
      <header class="item-head">
        <h2 id={`title-${id}`}>{name}</h2>
        <p class="muted">
          Submitted by {version.submittedBy} on {when(version.submittedAt)}
          {version.revision > 1 && ` · revision ${version.revision} (the installed code changed)`}
        </p>
      </header>
      <Compare pending={version} approved={approved} />
      <form
        class="decision"
        onSubmit={(e) => {
          e.preventDefault();
          void decide("approve");
        }}
      >
        <label for={`reason-${id}`}>
          Reason <span class="hint">(required to reject; the developer sees it)</span>
        </label>
        <textarea
          id={`reason-${id}`}
          rows={2}
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `error-${id}` : undefined}
        />
        {error && (
          <p class="error" role="alert" id={`error-${id}`}>
            {error}
          </p>
        )}
        <div class="actions">
          <button type="submit" disabled={busy}>
            Approve<span class="visually-hidden"> {name}</span>
          </button>
          <button type="button" class="danger" disabled={busy} onClick={() => void decide("reject")}>
            Reject<span class="visually-hidden"> {name}</span>
          </button>
        </div>
      </form>
    </article>
  );
}
