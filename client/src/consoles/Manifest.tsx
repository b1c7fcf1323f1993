// A version's manifest as reviewers read it (commands with their parameters, actions,
// scopes), and two versions side by side with what changed marked in words and colour.
import { actionsOf, type Version } from "../api/apps";

type Mark = "added" | "removed" | "changed";
type Marks = Map<string, Mark>;

const MARK_WORDS: Record<Mark, string> = { added: "Added", removed: "Removed", changed: "Changed" };

function MarkBadge({ mark }: { mark?: Mark }) {
  return mark ? <span class={`mark-badge ${mark}`}>{MARK_WORDS[mark]}</span> : null;
}

interface SideMarks {
  commands: Marks;
  actions: Marks;
  scopes: Marks;
  /** What changed in a changed command, by name. */
  changes: Map<string, string[]>;
}

const NO_MARKS: SideMarks = { commands: new Map(), actions: new Map(), scopes: new Map(), changes: new Map() };

/** One version's manifest, each part marked when it differs from the other side. */
export function ManifestView({ version, marks = NO_MARKS }: { version: Version; marks?: SideMarks }) {
  const actions = actionsOf(version.manifest);
  return (
    <div class="manifest">
      <h4>Commands</h4>
      {version.commands.length ? (
        <ul class="parts">
          {version.commands.map((c) => {
            const mark = marks.commands.get(c.name);
            return (
              <li key={c.name} class={mark}>
                <p class="usage-line">
                  <code>{c.usage}</code> <MarkBadge mark={mark} />
                </p>
                <p class="muted">{c.summary}</p>
                {mark === "changed" && (
                  <ul class="changes" aria-label={`What changed in ${c.name}`}>
                    {(marks.changes.get(c.name) ?? []).map((what) => (
                      <li key={what}>{what}</li>
                    ))}
                  </ul>
                )}
                {c.params.length > 0 && (
                  <dl class="param-list">
                    {c.params.map((p) => (
                      <div key={p.name}>
                        <dt>
                          <code>{p.name}</code> <span class="muted">{p.type}</span>
                          {!p.required && <span class="muted"> (optional)</span>}
                        </dt>
                        <dd>{[p.help, p.accepts].filter(Boolean).join(" — ")}</dd>
                      </div>
                    ))}
                  </dl>
                )}
              </li>
            );
          })}
        </ul>
      ) : (
        <p class="muted">No commands.</p>
      )}
      <h4>Button actions</h4>
      {actions.length ? (
        <ul class="parts compact">
          {actions.map((a) => {
            const mark = marks.actions.get(a.name);
            return (
              <li key={a.name} class={mark}>
                <code>{a.name}</code> <MarkBadge mark={mark} />
                {a.summary && <span class="muted"> {a.summary}</span>}
              </li>
            );
          })}
        </ul>
      ) : (
        <p class="muted">No actions.</p>
      )}
      <h4>Scopes</h4>
      {version.scopes.length ? (
        <ul class="parts compact">
          {version.scopes.map((s) => {
            const mark = marks.scopes.get(s);
            return (
              <li key={s} class={mark}>
                <code>{s}</code> <MarkBadge mark={mark} />
              </li>
            );
          })}
        </ul>
      ) : (
        <p class="muted">Asks for no scopes.</p>
      )}
    </div>
  );
}

function marked(entries: [string, Mark][]): Marks {
  return new Map(entries);
}

/** What changed, in one sentence per kind of part. */
export function changeSummary(diff: Version["diff"]): string[] {
  const parts: [string[], string][] = [
    [diff.commandsAdded.map((c) => c.name), "command added"],
    [diff.commandsChanged.map((c) => c.name), "command changed"],
    [diff.commandsRemoved.map((c) => c.name), "command removed"],
    [diff.actionsAdded, "action added"],
    [diff.actionsChanged, "action changed"],
    [diff.actionsRemoved, "action removed"],
    [diff.scopesAdded, "scope added"],
    [diff.scopesRemoved, "scope removed"],
  ];
  return parts
    .filter(([names]) => names.length)
    .map(([names, what]) => {
      const [noun, verb] = what.split(" ");
      return `${names.length === 1 ? `1 ${noun}` : `${names.length} ${noun}s`} ${verb}: ${names.join(", ")}`;
    });
}

/** The approved version (when there is one) beside the pending one, changes marked. */
export function Compare({ pending, approved }: { pending: Version; approved: Version | null }) {
  const { diff } = pending;
  const changes = new Map(diff.commandsChanged.map((c) => [c.name, c.changes]));
  const after: SideMarks = {
    commands: marked([
      ...diff.commandsAdded.map((c): [string, Mark] => [c.name, "added"]),
      ...diff.commandsChanged.map((c): [string, Mark] => [c.name, "changed"]),
    ]),
    actions: marked([
      ...diff.actionsAdded.map((a): [string, Mark] => [a, "added"]),
      ...diff.actionsChanged.map((a): [string, Mark] => [a, "changed"]),
    ]),
    scopes: marked(diff.scopesAdded.map((s): [string, Mark] => [s, "added"])),
    changes,
  };
  const before: SideMarks = {
    commands: marked([
      ...diff.commandsRemoved.map((c): [string, Mark] => [c.name, "removed"]),
      ...diff.commandsChanged.map((c): [string, Mark] => [c.name, "changed"]),
    ]),
    actions: marked([
      ...diff.actionsRemoved.map((a): [string, Mark] => [a, "removed"]),
      ...diff.actionsChanged.map((a): [string, Mark] => [a, "changed"]),
    ]),
    scopes: marked(diff.scopesRemoved.map((s): [string, Mark] => [s, "removed"])),
    changes,
  };
  const summary = changeSummary(diff);
  return (
    <div class="compare-wrap">
      <div class="what-changed">
        <h4>What changed{diff.against ? ` since ${diff.against}` : ""}</h4>
        {!diff.against ? (
          <p>Nothing of this app was approved before: everything is new.</p>
        ) : summary.length ? (
          <ul>
            {summary.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        ) : (
          <p>Commands, actions and scopes are as approved.</p>
        )}
      </div>
      <div class="compare">
        <section class="side" aria-label={approved ? `Approved version ${approved.version}` : "Nothing approved"}>
          <h3 class="side-title">{approved ? `Approved ${approved.version}` : "Nothing approved yet"}</h3>
          {approved ? <ManifestView version={approved} marks={before} /> : <p class="muted">—</p>}
        </section>
        <section class="side pending" aria-label={`Submitted version ${pending.version}`}>
          <h3 class="side-title">Submitted {pending.version}</h3>
          <ManifestView version={pending} marks={after} />
        </section>
      </div>
    </div>
  );
}
