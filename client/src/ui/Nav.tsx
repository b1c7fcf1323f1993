// The top bar: the sections this person may use, and signing out.
import { useLocation } from "preact-iso";
import type { Session } from "../api/session";

interface Section {
  href: string;
  label: string;
  roles?: Session["role"][];
  /** The paths it covers (default: those under `href`). */
  prefix?: string;
}

/** Every section of the client; a section with `roles` shows only to those roles. */
export const SECTIONS: Section[] = [
  { href: "/chats", label: "Chats" },
  { href: "/wallet", label: "Wallet" },
  { href: "/settings", label: "Settings" },
  { href: "/dev/apps", label: "My apps", roles: ["DEVELOPER", "ADMIN"] },
  { href: "/admin/review", label: "Admin", roles: ["ADMIN"], prefix: "/admin" },
];

export function Nav({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const { path } = useLocation();
  return (
    <header class="topbar">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <span class="brand">souq</span>
      <nav aria-label="Sections">
        <ul>
          {SECTIONS.filter((s) => !s.roles || s.roles.includes(session.role)).map((s) => (
            <li key={s.href}>
              <a href={s.href} aria-current={path.startsWith(s.prefix ?? s.href) ? "page" : undefined}>
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <span class="who">{session.username}</span>
      <button type="button" class="quiet" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}
