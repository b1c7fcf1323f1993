// A developer's apps: each with its newest version's standing, and claiming a new slug.
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { graphql } from "../gql";
import { request } from "../api/graphql";
import { Status } from "../consoles/Status";
import { messageOf, useRequest } from "../consoles/useRequest";
import "../consoles/consoles.css";
import "./dev.css";

const Mine = graphql(`
  query MyApps {
    myApps {
      slug
      approvedVersion
      suspension {
        reason
      }
      versions {
        version
        status
      }
    }
  }
`);

const Register = graphql(`
  mutation RegisterApp($slug: String!) {
    registerApp(slug: $slug) {
      slug
    }
  }
`);

export function DevApps() {
  const mine = useRequest(() => request(Mine), []);
  return (
    <section class="console" aria-labelledby="dev-title">
      <h1 id="dev-title">My apps</h1>
      {mine.error && (
        <p class="error" role="alert">
          {mine.error}
        </p>
      )}
      {!mine.data ? (
        !mine.error && <p class="loading">Loading your apps…</p>
      ) : mine.data.myApps.length === 0 ? (
        <p class="empty-note">You have no app yet: claim a slug below, then submit its manifest.</p>
      ) : (
        <ul class="app-cards">
          {mine.data.myApps.map((a) => {
            const newest = a.versions[0];
            return (
              <li key={a.slug}>
                <a class="app-card" href={`/dev/apps/${a.slug}`}>
                  <span class="slug">/{a.slug}</span>
                  <span class="muted">
                    {a.approvedVersion ? `Approved ${a.approvedVersion}` : "Nothing approved yet"}
                  </span>
                  {newest ? (
                    <span>
                      Newest {newest.version} <Status status={newest.status} />
                    </span>
                  ) : (
                    <span class="muted">No version submitted</span>
                  )}
                  {a.suspension && <span class="status status-rejected">Suspended</span>}
                </a>
              </li>
            );
          })}
        </ul>
      )}
      <RegisterForm />
    </section>
  );
}

function RegisterForm() {
  const { route } = useLocation();
  const [slug, setSlug] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const data = await request(Register, { slug: slug.trim() });
      route(`/dev/apps/${data.registerApp.slug}`);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };
  return (
    <form class="panel-form" onSubmit={submit} aria-labelledby="register-title">
      <h2 id="register-title">Register a new app</h2>
      <label for="new-slug">
        Slug <span class="hint">what people type: /slug command</span>
      </label>
      <div class="inline">
        <input
          id="new-slug"
          value={slug}
          required
          autocomplete="off"
          spellcheck={false}
          onInput={(e) => setSlug(e.currentTarget.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "register-error" : undefined}
        />
        <button type="submit" disabled={busy || !slug.trim()}>
          Register
        </button>
      </div>
      {error && (
        <p class="error" role="alert" id="register-error">
          {error}
        </p>
      )}
    </form>
  );
}
