// Every registered app at a glance (how it is served, its calls and failures over the
// last days), and one app's health as charts with suspending and unsuspending it.
import { useState } from "preact/hooks";
import { graphql } from "../gql";
import { request } from "../api/graphql";
import { USAGE_DAYS, when } from "../api/apps";
import type { MessagingQuality, ServingStatus } from "../gql/graphql";
import { counted, dayLabel, everyDay, totals, UsageCharts } from "../consoles/UsageCharts";
import { Sparkline } from "../ui/Chart";
import { messageOf, useRequest } from "../consoles/useRequest";
import { AdminTabs } from "./AdminTabs";
import "./admin.css";

const AllApps = graphql(`
  query AdminApps($days: Int!) {
    registeredApps {
      slug
      owner
      approvedVersion
      suspension {
        reason
      }
      usage(days: $days) {
        ...UsageFields
      }
    }
    installedApps {
      slug
      name
      status
    }
  }
`);

const OneApp = graphql(`
  query AdminApp($slug: String!, $days: Int!) {
    registeredApp(slug: $slug) {
      slug
      owner
      createdAt
      approvedVersion
      suspension {
        reason
        by
        since
      }
      messaging {
        quality
        delivered
        reported
        dailyCap
        promotionsPaused
      }
      usage(days: $days) {
        ...UsageFields
      }
    }
    installedApps {
      slug
      name
      status
      installedVersion
      reason
    }
  }
`);

const Suspend = graphql(`
  mutation SuspendApp($slug: String!, $reason: String!) {
    suspendApp(slug: $slug, reason: $reason) {
      slug
    }
  }
`);

const Unsuspend = graphql(`
  mutation UnsuspendApp($slug: String!, $reason: String!) {
    unsuspendApp(slug: $slug, reason: $reason) {
      slug
    }
  }
`);

const SERVING: Record<ServingStatus, string> = {
  SERVING: "Serving",
  CODE_CHANGED: "Code changed",
  AWAITING_REVIEW: "Awaiting review",
  SUSPENDED: "Suspended",
  UNREGISTERED: "Unregistered",
};

const QUALITY: Record<MessagingQuality, string> = { HIGH: "High", MEDIUM: "Medium", LOW: "Low" };

export function AdminApps() {
  const apps = useRequest(() => request(AllApps, { days: USAGE_DAYS }), []);
  const served = new Map(apps.data?.installedApps.map((a) => [a.slug, a]) ?? []);
  return (
    <section class="console" aria-labelledby="apps-title">
      <AdminTabs />
      <h1 id="apps-title">Apps and health</h1>
      <p class="muted">
        How each registered app is served, and its calls, errors and timeouts over the last {USAGE_DAYS} days.
        Open an app for its charts and to suspend it.
      </p>
      {apps.error && (
        <p class="error" role="alert">
          {apps.error}
        </p>
      )}
      {!apps.data ? (
        !apps.error && <p class="loading">Loading the apps…</p>
      ) : apps.data.registeredApps.length === 0 ? (
        <p class="empty-note">No app is registered yet.</p>
      ) : (
        <div class="table-scroll">
          <table class="apps-table">
            <caption class="visually-hidden">Registered apps, last {USAGE_DAYS} days</caption>
            <thead>
              <tr>
                <th scope="col">App</th>
                <th scope="col">Owner</th>
                <th scope="col">Served</th>
                <th scope="col">Approved</th>
                <th scope="col">Calls per day</th>
                <th scope="col" class="num">Calls</th>
                <th scope="col" class="num">Errors</th>
                <th scope="col" class="num">Timeouts</th>
              </tr>
            </thead>
            <tbody>
              {apps.data.registeredApps.map((a) => {
                const sum = totals(a.usage);
                const installed = served.get(a.slug);
                return (
                  <tr key={a.slug} class={a.suspension ? "suspended" : undefined}>
                    <th scope="row">
                      <a href={`/admin/apps/${a.slug}`}>{installed?.name ?? a.slug}</a>{" "}
                      <span class="muted">/{a.slug}</span>
                    </th>
                    <td>{a.owner}</td>
                    <td>
                      {a.suspension ? (
                        <span class="status status-rejected">Suspended</span>
                      ) : installed ? (
                        <span class={`status serving-${installed.status.toLowerCase()}`}>{SERVING[installed.status]}</span>
                      ) : (
                        <span class="muted">Not installed</span>
                      )}
                    </td>
                    <td>{a.approvedVersion ?? <span class="muted">none</span>}</td>
                    <td>
                      <Sparkline
                        title={`${a.slug} calls per day`}
                        points={everyDay(a.usage, USAGE_DAYS).map((d) => ({ label: dayLabel(d.day), value: d.invocations }))}
                        format={counted("call")}
                      />
                    </td>
                    <td class="num">{sum.calls}</td>
                    <td class="num">{sum.errors}</td>
                    <td class="num">{sum.timeouts}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function AdminApp({ slug }: { slug: string }) {
  const app = useRequest(() => request(OneApp, { slug, days: USAGE_DAYS }), [slug]);
  const found = app.data?.registeredApp;
  const installed = app.data?.installedApps.find((a) => a.slug === slug);
  return (
    <section class="console" aria-labelledby="app-title">
      <AdminTabs />
      <p class="crumbs">
        <a href="/admin/apps">All apps</a>
      </p>
      <h1 id="app-title">{installed?.name ?? slug}</h1>
      {app.error && (
        <p class="error" role="alert">
          {app.error}
        </p>
      )}
      {found && (
        <>
          <dl class="facts">
            <div>
              <dt>Slug</dt>
              <dd>
                <code>/{found.slug}</code>
              </dd>
            </div>
            <div>
              <dt>Owner</dt>
              <dd>{found.owner}</dd>
            </div>
            <div>
              <dt>Approved</dt>
              <dd>{found.approvedVersion ?? "none"}</dd>
            </div>
            <div>
              <dt>Served</dt>
              <dd>
                {installed
                  ? `${SERVING[installed.status]} (installed ${installed.installedVersion})`
                  : "Not installed here"}
              </dd>
            </div>
            <div>
              <dt>Messaging</dt>
              <dd>
                {QUALITY[found.messaging.quality]} quality · {found.messaging.delivered} business messages
                delivered, {found.messaging.reported} reported as spam (7 days) · may message up to{" "}
                {found.messaging.dailyCap.toLocaleString()} people a day
                {found.messaging.promotionsPaused && " · promotions paused"}
              </dd>
            </div>
          </dl>
          <SuspendForm
            key={found.slug}
            slug={found.slug}
            suspension={found.suspension ?? null}
            onChanged={app.reload}
          />
          <h2>
            Health, last {USAGE_DAYS} days <span class="muted">(UTC days)</span>
          </h2>
          <UsageCharts days={found.usage} count={USAGE_DAYS} />
        </>
      )}
    </section>
  );
}

function SuspendForm({
  slug,
  suspension,
  onChanged,
}: {
  slug: string;
  suspension: { reason: string; by: string; since: string } | null;
  onChanged: () => Promise<void>;
}) {
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const verb = suspension ? "Unsuspend" : "Suspend";

  const submit = async (e: Event) => {
    e.preventDefault();
    const why = reason.trim();
    if (!why) {
      setError(`Say why you ${verb.toLowerCase()} it: the audit log keeps the reason.`);
      document.getElementById("suspend-reason")?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const variables = { slug, reason: why };
      await (suspension ? request(Unsuspend, variables) : request(Suspend, variables));
      setReason("");
      setDone(suspension ? `${slug} is served again.` : `${slug} is suspended from its next call.`);
      await onChanged();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class={suspension ? "suspend is-suspended" : "suspend"} onSubmit={submit} aria-labelledby="suspend-title">
      <h2 id="suspend-title">{suspension ? "Suspended" : "Serving"}</h2>
      {suspension ? (
        <p>
          Suspended by {suspension.by} on {when(suspension.since)}: “{suspension.reason}”. People's commands to it are
          refused.
        </p>
      ) : (
        <p class="muted">Suspending stops the app from its next call: people's commands are refused until you unsuspend it.</p>
      )}
      <label for="suspend-reason">Reason</label>
      <textarea
        id="suspend-reason"
        rows={2}
        value={reason}
        onInput={(e) => setReason(e.currentTarget.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "suspend-error" : undefined}
      />
      {error && (
        <p class="error" role="alert" id="suspend-error">
          {error}
        </p>
      )}
      <p role="status" class="ok">
        {done}
      </p>
      <button type="submit" class={suspension ? undefined : "danger"} disabled={busy}>
        {verb} {slug}
      </button>
    </form>
  );
}
