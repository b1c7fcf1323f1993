// The audit log: admin decisions and role changes, newest first, filtered by action, app,
// actor or subject (kept in the address, so a filtered view can be shared), a page at a time.
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { graphql } from "../gql";
import { request } from "../api/graphql";
import { shortWhen } from "../api/apps";
import type { AuditAction, AuditLogQuery } from "../gql/graphql";
import { messageOf } from "../consoles/useRequest";
import { AdminTabs } from "./AdminTabs";
import "./admin.css";

const Log = graphql(`
  query AuditLog($first: Int, $after: String, $action: AuditAction, $app: String, $actor: String, $subject: String) {
    auditLog(first: $first, after: $after, action: $action, app: $app, actor: $actor, subject: $subject) {
      nodes {
        id
        at
        actor
        action
        app
        version
        subject
        reason
        detail
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

type Entry = AuditLogQuery["auditLog"]["nodes"][number];

const PAGE = 20;

const ACTIONS: Record<AuditAction, string> = {
  VERSION_APPROVED: "Version approved",
  VERSION_REJECTED: "Version rejected",
  APP_SUSPENDED: "App suspended",
  APP_UNSUSPENDED: "App unsuspended",
  ROLE_CHANGED: "Role changed",
  TOP_UP: "Top-up",
  DATA_EXPORTED: "Data exported",
  ACCOUNT_DELETED: "Account deleted",
};

const FIELDS = ["action", "app", "actor", "subject"] as const;
type Filters = Record<(typeof FIELDS)[number], string>;

function filtersOf(query: Record<string, string>): Filters {
  return { action: query.action ?? "", app: query.app ?? "", actor: query.actor ?? "", subject: query.subject ?? "" };
}

export function Audit() {
  const { query, route } = useLocation();
  const applied = filtersOf(query);
  const key = FIELDS.map((f) => applied[f]).join("\u0000");
  const [draft, setDraft] = useState<Filters>(applied);
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async (after: string | null) => {
    setBusy(true);
    setError(null);
    try {
      const data = await request(Log, {
        first: PAGE,
        after,
        action: (applied.action || null) as AuditAction | null,
        app: applied.app || null,
        actor: applied.actor || null,
        subject: applied.subject || null,
      });
      const page = data.auditLog;
      setEntries((before) => (after && before ? [...before, ...page.nodes] : page.nodes));
      setNext(page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    setDraft(applied);
    setEntries(null);
    void load(null);
  }, [key]);

  const apply = (e: Event) => {
    e.preventDefault();
    const params = new URLSearchParams();
    for (const f of FIELDS) if (draft[f].trim()) params.set(f, draft[f].trim());
    const search = params.toString();
    route(search ? `/admin/audit?${search}` : "/admin/audit");
  };
  const field = (name: keyof Filters) => ({
    value: draft[name],
    onInput: (e: Event) => setDraft({ ...draft, [name]: (e.currentTarget as HTMLInputElement).value }),
  });
  const filtered = FIELDS.some((f) => applied[f]);

  return (
    <section class="console" aria-labelledby="audit-title">
      <AdminTabs />
      <h1 id="audit-title">Audit log</h1>
      <form class="filters" onSubmit={apply} role="search" aria-label="Filter the audit log">
        <div>
          <label for="audit-action">Action</label>
          <select id="audit-action" {...field("action")}>
            <option value="">Any action</option>
            {Object.entries(ACTIONS).map(([value, words]) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
          </select>
        </div>
        {(["app", "actor", "subject"] as const).map((name) => (
          <div key={name}>
            <label for={`audit-${name}`}>{name[0].toUpperCase() + name.slice(1)}</label>
            <input
              id={`audit-${name}`}
              {...field(name)}
              placeholder={name === "app" ? "slug" : "username"}
              autocomplete="off"
            />
          </div>
        ))}
        <div class="filter-buttons">
          <button type="submit">Filter</button>
          {filtered && (
            <button type="button" class="quiet" onClick={() => route("/admin/audit")}>
              Clear
            </button>
          )}
        </div>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {entries === null ? (
        !error && <p class="loading">Loading the audit log…</p>
      ) : entries.length === 0 ? (
        <p class="empty-note">{filtered ? "No entry matches these filters." : "Nothing recorded yet."}</p>
      ) : (
        <>
          <div class="table-scroll">
            <table class="audit-table">
              <caption class="visually-hidden">
                Audit entries, newest first{filtered ? " (filtered)" : ""}
              </caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Action</th>
                  <th scope="col">App</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Actor</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id}>
                    <td class="nowrap">
                      <time dateTime={e.at}>{shortWhen(e.at)}</time>
                    </td>
                    <td>
                      <span class={`action action-${e.action.toLowerCase()}`}>{ACTIONS[e.action]}</span>
                    </td>
                    <td>
                      {e.app ?? ""}
                      {e.version && <span class="muted"> {e.version}</span>}
                    </td>
                    <td class="reason">
                      {e.reason ?? ""}
                      <Detail detail={e.detail} />
                    </td>
                    <td>{e.subject ?? ""}</td>
                    <td>{e.actor}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="paging">
            <span class="muted">
              {entries.length} {entries.length === 1 ? "entry" : "entries"} shown
            </span>
            {next && (
              <button type="button" class="quiet" disabled={busy} onClick={() => void load(next)}>
                Show older entries
              </button>
            )}
          </p>
        </>
      )}
    </section>
  );
}

/** An entry's detail (what souq recorded beside the reason), as text. */
function Detail({ detail }: { detail: unknown }) {
  if (!detail || typeof detail !== "object") return null;
  const pairs = Object.entries(detail as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined);
  if (!pairs.length) return null;
  return (
    <details class="detail">
      <summary>Detail</summary>
      <dl>
        {pairs.map(([key, value]) => (
          <div key={key}>
            <dt>{key.replace(/_/g, " ")}</dt>
            <dd>
              <code>{typeof value === "string" ? value : JSON.stringify(value)}</code>
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
