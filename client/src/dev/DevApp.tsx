// One of a developer's apps: its versions with their verdicts and reasons, submitting a
// new version's manifest, and its use per day as charts.
import { useState } from "preact/hooks";
import { graphql } from "../gql";
import { ApiError, request } from "../api/graphql";
import { USAGE_DAYS, when, type Version } from "../api/apps";
import { changeSummary, ManifestView } from "../consoles/Manifest";
import { Status } from "../consoles/Status";
import { UsageCharts } from "../consoles/UsageCharts";
import { messageOf, useRequest } from "../consoles/useRequest";
import "../consoles/consoles.css";
import "./dev.css";

const MyApp = graphql(`
  query MyApp($slug: String!, $days: Int!) {
    registeredApp(slug: $slug) {
      slug
      owner
      approvedVersion
      suspension {
        reason
        since
      }
      versions {
        ...VersionFields
      }
      usage(days: $days) {
        ...UsageFields
      }
    }
  }
`);

const Submit = graphql(`
  mutation SubmitVersion($slug: String!, $manifest: JSON!) {
    submitAppVersion(slug: $slug, manifest: $manifest) {
      version
      status
    }
  }
`);

export function DevApp({ slug }: { slug: string }) {
  const app = useRequest(() => request(MyApp, { slug, days: USAGE_DAYS }), [slug]);
  const found = app.data?.registeredApp;
  return (
    <section class="console" aria-labelledby="dev-app-title">
      <p class="crumbs">
        <a href="/dev/apps">My apps</a>
      </p>
      <h1 id="dev-app-title">/{slug}</h1>
      {app.error && (
        <p class="error" role="alert">
          {app.error}
        </p>
      )}
      {found && (
        <>
          {found.suspension && (
            <p class="notice" role="note">
              Suspended by an admin on {when(found.suspension.since)}: “{found.suspension.reason}”. People's commands
              are refused until it is unsuspended.
            </p>
          )}
          <h2>Versions</h2>
          {found.versions.length ? (
            <ol class="versions">
              {found.versions.map((v) => (
                <VersionItem key={v.version} version={v} />
              ))}
            </ol>
          ) : (
            <p class="empty-note">No version submitted yet.</p>
          )}
          <SubmitForm key={slug} slug={slug} newest={found.versions[0] ?? null} onSubmitted={app.reload} />
          <h2>
            Use, last {USAGE_DAYS} days <span class="muted">(UTC days)</span>
          </h2>
          <UsageCharts days={found.usage} count={USAGE_DAYS} />
        </>
      )}
    </section>
  );
}

function VersionItem({ version: v }: { version: Version }) {
  const changes = changeSummary(v.diff);
  return (
    <li class={`version status-row-${v.status.toLowerCase()}`}>
      <h3>
        {v.version} <Status status={v.status} />
        {v.revision > 1 && <span class="muted"> revision {v.revision}</span>}
      </h3>
      <p class="muted">
        Submitted by {v.submittedBy} on {when(v.submittedAt)}
        {v.decidedBy && v.decidedAt && ` · decided by ${v.decidedBy} on ${when(v.decidedAt)}`}
      </p>
      {v.reason && (
        <p class="verdict">
          <span class="label">Reason:</span> {v.reason}
        </p>
      )}
      {v.diff.against && changes.length > 0 && (
        <details>
          <summary>What changed since {v.diff.against}</summary>
          <ul>
            {changes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </details>
      )}
      <details>
        <summary>
          Commands, actions and scopes<span class="visually-hidden"> of {v.version}</span>
        </summary>
        <ManifestView version={v} />
      </details>
    </li>
  );
}

function SubmitForm({
  slug,
  newest,
  onSubmitted,
}: {
  slug: string;
  newest: Version | null;
  onSubmitted: () => Promise<void>;
}) {
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setProblems([]);
    setDone(null);
    let manifest: unknown;
    try {
      manifest = JSON.parse(text);
    } catch (err) {
      setError(`This is not JSON: ${messageOf(err)}`);
      return;
    }
    setBusy(true);
    try {
      const data = await request(Submit, { slug, manifest });
      const v = data.submitAppVersion;
      setText("");
      setDone(`Submitted ${v.version}: it waits for an admin's review.`);
      await onSubmitted();
    } catch (err) {
      setError(messageOf(err));
      const found = err instanceof ApiError ? err.extensions.problems : undefined;
      setProblems(Array.isArray(found) ? found.map(String) : []);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="panel-form" onSubmit={submit} aria-labelledby="submit-title">
      <h2 id="submit-title">Submit a version</h2>
      <label for="manifest">
        Manifest (JSON) <span class="hint">what <code>souq-sdk check</code> prints</span>
      </label>
      <textarea
        id="manifest"
        class="code"
        rows={10}
        spellcheck={false}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "manifest-error" : undefined}
      />
      {error && (
        <div class="error" role="alert" id="manifest-error">
          {problems.length > 0 ? (
            <>
              <p>The manifest is not valid:</p>
              <ul>
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </>
          ) : (
            <p>{error}</p>
          )}
        </div>
      )}
      <p role="status" class="ok">
        {done}
      </p>
      <div class="actions">
        <button type="submit" disabled={busy || !text.trim()}>
          Submit for review
        </button>
        {newest && !text.trim() && (
          <button
            type="button"
            class="quiet"
            onClick={() => {
              setText(JSON.stringify(newest.manifest, null, 2));
              document.getElementById("manifest")?.focus();
            }}
          >
            Start from {newest.version}'s manifest
          </button>
        )}
      </div>
    </form>
  );
}
