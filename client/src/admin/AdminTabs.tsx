// The admin console's own navigation: review, apps (health and suspension), audit log.
import { useLocation } from "preact-iso";
import "../consoles/consoles.css";

const TABS = [
  { href: "/admin/review", label: "Review" },
  { href: "/admin/apps", label: "Apps" },
  { href: "/admin/audit", label: "Audit log" },
];

export function AdminTabs() {
  const { path } = useLocation();
  return (
    <nav class="tabs" aria-label="Admin">
      <ul>
        {TABS.map((t) => (
          <li key={t.href}>
            <a href={t.href} aria-current={path.startsWith(t.href) ? "page" : undefined}>
              {t.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
