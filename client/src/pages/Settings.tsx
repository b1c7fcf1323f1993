// Settings: what each app you used may know and send you (grants, mute, block, forget me),
// your phone number, your data (export), and deleting your account.
import { useEffect, useState } from "preact/hooks";
import { request, signedOut } from "../api/graphql";
import {
  BlockApp,
  DeleteAccount,
  ExportMyData,
  ForgetMe,
  GrantScope,
  MuteApp,
  RevokeGrant,
  SetPhone,
  SettingsQuery,
} from "../api/people";
import { signOut } from "../api/session";
import type { AppSettingsFieldsFragment as AppSettings, SettingsQuery as SettingsResult } from "../gql/graphql";
import { Sheet } from "../ui/Sheet";
import { explain } from "../people/errors";
import { date, dateTime } from "../people/dates";
import "../people/people.css";

type Me = SettingsResult["me"];

const VIA: Record<string, string> = {
  CONSENT_CARD: "in the chat",
  SETTINGS: "in settings",
  FORGET_ME: "by forget me",
};

export function Settings() {
  const [me, setMe] = useState<Me | null>(null);
  const [apps, setApps] = useState<AppSettings[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    request(SettingsQuery).then(
      (data) => {
        setMe(data.me);
        setApps(data.myAppSettings);
      },
      (e) => setError(explain(e)),
    );
  }, []);

  const replace = (settings: AppSettings) =>
    setApps((list) => list.map((a) => (a.app === settings.app ? settings : a)));

  return (
    <section class="people-page settings" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!me ? (
        !error && <p class="loading">Loading your settings…</p>
      ) : (
        <>
          <section aria-labelledby="apps-title">
            <h2 id="apps-title">Your apps</h2>
            {apps.length === 0 ? (
              <p class="muted">You have not used any app yet.</p>
            ) : (
              <ul class="app-settings">
                {apps.map((settings) => (
                  <AppPanel key={settings.app} settings={settings} onChange={replace} />
                ))}
              </ul>
            )}
          </section>
          <Phone me={me} onChange={setMe} />
          <YourData />
          <DeleteMyAccount />
        </>
      )}
    </section>
  );
}

/** Run one change at a time: busy while it runs, its failure shown. */
function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (work: () => Promise<void>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (e) {
      setError(explain(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function AppPanel({ settings, onChange }: { settings: AppSettings; onChange: (s: AppSettings) => void }) {
  const { busy, error, run } = useAction();
  const [forgetting, setForgetting] = useState(false);
  const app = settings.app;
  const titleId = `app-${app}`;
  const granted = new Set(settings.grants.map((g) => g.scope.name));
  const askable = settings.canAskFor.filter((s) => !granted.has(s.name));

  return (
    <li class="app-panel" aria-labelledby={titleId}>
      <header>
        <h3 id={titleId}>{settings.name}</h3>
        <span class="muted">/{app}</span>
        {settings.muted && <span class="badge">muted</span>}
        {settings.blocked && <span class="badge blocked">blocked</span>}
      </header>
      <dl class="facts">
        <div>
          <dt>First used</dt>
          <dd>{date(settings.firstUsedAt)}</dd>
        </div>
        <div>
          <dt>Last command</dt>
          <dd>{settings.lastCommandAt ? dateTime(settings.lastCommandAt) : "never"}</dd>
        </div>
        <div>
          <dt>Messages in the last 30 days</dt>
          <dd>{settings.messagesLast30Days}</dd>
        </div>
        <div>
          <dt>Last message</dt>
          <dd>{settings.lastMessageAt ? dateTime(settings.lastMessageAt) : "none"}</dd>
        </div>
      </dl>
      <h4>What you allow it</h4>
      {settings.grants.length === 0 ? (
        <p class="muted">Nothing.</p>
      ) : (
        <ul class="grants">
          {settings.grants.map((grant) => (
            <li key={grant.scope.name}>
              <div>
                <code>{grant.scope.name}</code> {grant.scope.description}
                <div class="muted">
                  Allowed {VIA[grant.via] ?? grant.via} on {dateTime(grant.grantedAt)}
                </div>
              </div>
              <button
                type="button"
                class="quiet"
                disabled={busy}
                aria-label={`Revoke ${grant.scope.name} from ${settings.name}`}
                onClick={() =>
                  run(async () => onChange((await request(RevokeGrant, { app, scope: grant.scope.name })).revokeGrant))
                }
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      {askable.length > 0 && (
        <>
          <h4>It may ask for</h4>
          <ul class="grants">
            {askable.map((scope) => (
              <li key={scope.name}>
                <div>
                  <code>{scope.name}</code> {scope.description}
                </div>
                <button
                  type="button"
                  class="quiet"
                  disabled={busy}
                  aria-label={`Allow ${scope.name} to ${settings.name}`}
                  onClick={() =>
                    run(async () => onChange((await request(GrantScope, { app, scope: scope.name })).grantScope))
                  }
                >
                  Allow
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {error && !forgetting && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button
          type="button"
          class="quiet"
          disabled={busy}
          onClick={() =>
            run(async () => onChange((await request(MuteApp, { app, muted: !settings.muted })).muteApp))
          }
        >
          {settings.muted ? `Unmute ${settings.name}` : `Mute ${settings.name}`}
        </button>
        <button
          type="button"
          class="quiet"
          disabled={busy}
          onClick={() =>
            run(async () => onChange((await request(BlockApp, { app, blocked: !settings.blocked })).blockApp))
          }
        >
          {settings.blocked ? `Unblock ${settings.name}` : `Block ${settings.name}`}
        </button>
        <button type="button" class="quiet danger-text" disabled={busy} onClick={() => setForgetting(true)}>
          Forget me…
        </button>
      </div>
      {forgetting && (
        <Sheet title={`Make ${settings.name} forget you?`} onClose={() => setForgetting(false)}>
          <p>
            {settings.name} deletes what it keeps about you, can no longer recognise you, and
            every permission you gave it is revoked. This cannot be undone.
          </p>
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <div class="actions">
            <button
              type="button"
              class="danger"
              disabled={busy}
              onClick={async () => {
                const done = await run(async () => onChange((await request(ForgetMe, { app })).forgetMe));
                if (done) setForgetting(false);
              }}
            >
              Forget me
            </button>
            <button type="button" class="quiet" onClick={() => setForgetting(false)}>
              Cancel
            </button>
          </div>
        </Sheet>
      )}
    </li>
  );
}

function Phone({ me, onChange }: { me: Me; onChange: (me: Me) => void }) {
  const { busy, error, run } = useAction();
  const [saved, setSaved] = useState<string | null>(null);
  const save = (phone: string | null) =>
    run(async () => {
      const data = await request(SetPhone, { phone });
      onChange({ ...me, phone: data.setPhone.phone });
      setSaved(data.setPhone.phone ? `Saved: ${data.setPhone.phone}` : "Removed.");
    });
  return (
    <section aria-labelledby="phone-title">
      <h2 id="phone-title">Your phone</h2>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(null);
          const phone = String(new FormData(e.currentTarget as HTMLFormElement).get("phone") ?? "").trim();
          void save(phone || null);
        }}
      >
        <label>
          Phone number
          <input
            name="phone"
            type="tel"
            autoComplete="tel"
            defaultValue={me.phone ?? ""}
            placeholder="+31 6 1234 5678"
            aria-describedby="phone-hint"
          />
        </label>
        <span class="hint" id="phone-hint">
          With the country code. An app sees it only if you allow it.
        </span>
        <div class="actions">
          <button type="submit" disabled={busy}>
            Save
          </button>
          {me.phone && (
            <button type="button" class="quiet" disabled={busy} onClick={() => save(null)}>
              Remove
            </button>
          )}
        </div>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {saved && (
        <p class="ok" role="status">
          {saved}
        </p>
      )}
    </section>
  );
}

function YourData() {
  const { busy, error, run } = useAction();
  const download = () =>
    run(async () => {
      const data = await request(ExportMyData);
      const blob = new Blob([JSON.stringify(data.exportMyData, null, 2)], { type: "application/json" });
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = `souq-export-${new Date().toISOString().slice(0, 10)}.json`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    });
  return (
    <section aria-labelledby="data-title">
      <h2 id="data-title">Your data</h2>
      <p>Everything souq holds about you, as one JSON file.</p>
      <button type="button" disabled={busy} onClick={download}>
        {busy ? "Preparing…" : "Export my data"}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function DeleteMyAccount() {
  const [open, setOpen] = useState(false);
  const { busy, error, run } = useAction();
  const remove = (event: Event) => {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget as HTMLFormElement).get("password") ?? "");
    void run(async () => {
      await request(DeleteAccount, { password });
      await signOut().catch(() => undefined); // the session went with the account
      signedOut();
    });
  };
  return (
    <section aria-labelledby="delete-title" class="danger-zone">
      <h2 id="delete-title">Delete your account</h2>
      <p>
        Your messages become “deleted”, your chats with apps and what apps keep about you go, and
        your name is free again. Your wallet's history stays in souq's books.
      </p>
      <button type="button" class="danger" onClick={() => setOpen(true)}>
        Delete my account…
      </button>
      {open && (
        <Sheet title="Delete your account?" onClose={() => setOpen(false)}>
          <form class="stack" onSubmit={remove}>
            <p>This cannot be undone. Type your password to confirm.</p>
            <label>
              Password
              <input name="password" type="password" autoComplete="current-password" required />
            </label>
            {error && (
              <p class="error" role="alert">
                {error}
              </p>
            )}
            <div class="actions">
              <button type="submit" class="danger" disabled={busy}>
                Delete my account
              </button>
              <button type="button" class="quiet" disabled={busy} onClick={() => setOpen(false)}>
                Cancel
              </button>
            </div>
          </form>
        </Sheet>
      )}
    </section>
  );
}
