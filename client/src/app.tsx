// The shell: who is signed in decides what is shown; the path decides which page.
import { useEffect, useState } from "preact/hooks";
import { LocationProvider, Router, Route, useLocation } from "preact-iso";
import { currentSession, signOut, type Session } from "./api/session";
import { SIGNED_OUT } from "./api/graphql";
import { closeLive } from "./api/live";
import { chat } from "./chat/store";
import { SignIn } from "./pages/SignIn";
import { Chats } from "./pages/Chats";
import { NotFound } from "./pages/NotFound";
import { Wallet } from "./pages/Wallet";
import { Settings } from "./pages/Settings";
import { Review } from "./admin/Review";
import { AdminApp, AdminApps } from "./admin/Apps";
import { Audit } from "./admin/Audit";
import { DevApps } from "./dev/DevApps";
import { DevApp } from "./dev/DevApp";
import { Nav } from "./ui/Nav";

export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  const forget = () => {
    chat.stop();
    closeLive();
    setSession(null);
  };

  useEffect(() => {
    currentSession().then(setSession, (e) => setError(String(e.message ?? e)));
    window.addEventListener(SIGNED_OUT, forget);
    return () => window.removeEventListener(SIGNED_OUT, forget);
  }, []);

  const leave = async () => {
    await signOut();
    forget();
  };

  if (error) return <p class="fatal" role="alert">{error}</p>;
  if (session === undefined) return <p class="loading">Loading…</p>;
  return (
    <LocationProvider>
      {session === null ? (
        <SignIn onSignedIn={setSession} />
      ) : (
        <Shell session={session} onSignOut={leave} />
      )}
    </LocationProvider>
  );
}

function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const { path, route } = useLocation();
  useEffect(() => {
    if (path === "/" || path === "/signin") route("/chats", true);
  }, [path]);
  return (
    <div class="shell">
      <Nav session={session} onSignOut={onSignOut} />
      <main id="main" class="page">
        <Router>
          <Route path="/chats" component={Chats} />
          <Route path="/chats/:id" component={Chats} />
          <Route path="/wallet" component={Wallet} />
          <Route path="/settings" component={Settings} />
          <Route path="/admin" component={Redirect} to="/admin/review" />
          <Route path="/admin/review" component={Review} />
          <Route path="/admin/apps" component={AdminApps} />
          <Route path="/admin/apps/:slug" component={AdminApp} />
          <Route path="/admin/audit" component={Audit} />
          <Route path="/dev" component={Redirect} to="/dev/apps" />
          <Route path="/dev/apps" component={DevApps} />
          <Route path="/dev/apps/:slug" component={DevApp} />
          <Route default component={NotFound} />
        </Router>
      </main>
    </div>
  );
}

/** A path that is only a heading of a section: go to its first page. */
function Redirect({ to }: { to: string }) {
  const { route } = useLocation();
  useEffect(() => route(to, true), [to]);
  return null;
}
