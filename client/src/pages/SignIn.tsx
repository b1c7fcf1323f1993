// Signing in and registering. Registration goes through the public API (without asking
// for the token); the session itself is always the cookie `/session` sets.
import { useState } from "preact/hooks";
import { graphql } from "../gql";
import { ApiError, request } from "../api/graphql";
import { signIn, type Session } from "../api/session";

const Register = graphql(`
  mutation Register($username: String!, $password: String!, $displayName: String) {
    register(username: $username, password: $password, displayName: $displayName) {
      me { username }
    }
  }
`);

export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [registering, setRegistering] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const username = String(form.get("username") ?? "").trim();
    const password = String(form.get("password") ?? "");
    setBusy(true);
    setError(null);
    try {
      if (registering) {
        const displayName = String(form.get("displayName") ?? "").trim() || null;
        await request(Register, { username, password, displayName });
      }
      onSignedIn(await signIn(username, password));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="signin">
      <h1 class="brand">souq</h1>
      <form onSubmit={submit} aria-labelledby="signin-title">
        <h2 id="signin-title">{registering ? "Create your account" : "Sign in"}</h2>
        <label>
          Username
          <input name="username" autoComplete="username" required autoFocus />
        </label>
        {registering && (
          <label>
            Display name <span class="hint">(optional)</span>
            <input name="displayName" autoComplete="name" />
          </label>
        )}
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete={registering ? "new-password" : "current-password"}
            required
          />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {registering ? "Create account" : "Sign in"}
        </button>
        <button
          type="button"
          class="link"
          onClick={() => {
            setRegistering(!registering);
            setError(null);
          }}
        >
          {registering ? "I have an account: sign in" : "New here? Create an account"}
        </button>
      </form>
    </main>
  );
}
