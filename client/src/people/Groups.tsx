// Groups: creating one (a title and its members), and a group's members panel: the owner
// adds and removes people, anyone may leave (after confirming).
import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { request } from "../api/graphql";
import { AddMembers, CreateGroup, LeaveConversation, RemoveMember } from "../api/people";
import { useChat, type Conversation } from "../chat/store";
import { Sheet } from "../ui/Sheet";
import { explain } from "./errors";
import "./people.css";

/** Usernames typed as a list: separated by commas or spaces, without a leading @. */
export function usernames(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((name) => name.replace(/^@/, "").trim())
    .filter(Boolean);
}

export function NewGroupButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" class="quiet new-group" onClick={() => setOpen(true)}>
        New group
      </button>
      {open && <NewGroupSheet onClose={() => setOpen(false)} />}
    </>
  );
}

function NewGroupSheet({ onClose }: { onClose: () => void }) {
  const store = useChat();
  const { route } = useLocation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const create = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      const data = await request(CreateGroup, {
        title: String(form.get("title") ?? "").trim(),
        usernames: usernames(String(form.get("members") ?? "")),
      });
      store.add(data.createGroup);
      onClose();
      route(`/chats/${data.createGroup.id}`);
    } catch (e) {
      setError(explain(e));
      setBusy(false);
    }
  };

  return (
    <Sheet title="New group" onClose={onClose}>
      <form class="stack" onSubmit={create}>
        <label>
          Title
          <input name="title" required maxLength={100} autoComplete="off" />
        </label>
        <label>
          Members
          <input name="members" autoComplete="off" aria-describedby="new-group-members-hint" />
        </label>
        <span class="hint" id="new-group-members-hint">
          Usernames, separated by commas
        </span>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="submit" disabled={busy}>
            Create group
          </button>
          <button type="button" class="quiet" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Sheet>
  );
}

export function MembersButton({ conversation, name }: { conversation: Conversation; name: string }) {
  const [open, setOpen] = useState(false);
  const count = conversation.members.length;
  return (
    <>
      <button type="button" class="quiet members-button" onClick={() => setOpen(true)}>
        Members ({count})
      </button>
      {open && <MembersSheet conversation={conversation} name={name} onClose={() => setOpen(false)} />}
    </>
  );
}

function MembersSheet({
  conversation,
  name,
  onClose,
}: {
  conversation: Conversation;
  name: string;
  onClose: () => void;
}) {
  const store = useChat();
  const { route } = useLocation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [leaving, setLeaving] = useState(false);
  const confirmLeave = useRef<HTMLButtonElement>(null);
  const askLeave = useRef<HTMLButtonElement>(null);
  const mine = conversation.owner?.id === store.me?.id;

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => (leaving ? confirmLeave : askLeave).current?.focus(), [leaving]);

  const add = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const names = usernames(String(new FormData(form).get("usernames") ?? ""));
    if (names.length === 0) return;
    void run(async () => {
      const data = await request(AddMembers, { conversationId: conversation.id, usernames: names });
      store.add(data.addMembers);
      form.reset();
    });
  };

  const remove = (username: string) =>
    run(async () => {
      const data = await request(RemoveMember, { conversationId: conversation.id, username });
      store.add(data.removeMember);
    });

  const leave = () =>
    run(async () => {
      await request(LeaveConversation, { conversationId: conversation.id });
      onClose();
      store.forget(conversation.id);
      route("/chats");
    });

  return (
    <Sheet title={`Members of ${name}`} onClose={onClose} class="members-sheet">
      <ul class="member-list">
        {conversation.members.map((member) => (
          <li key={member.id}>
            <span class="who">
              <strong>{member.displayName}</strong> <span class="muted">@{member.username}</span>
              {member.id === conversation.owner?.id && <span class="badge">owner</span>}
              {member.id === store.me?.id && <span class="badge">you</span>}
            </span>
            {mine && member.id !== store.me?.id && (
              <button
                type="button"
                class="quiet"
                disabled={busy}
                aria-label={`Remove ${member.displayName}`}
                onClick={() => remove(member.username)}
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {mine ? (
        <form class="add-members" onSubmit={add}>
          <label>
            Add people
            <input name="usernames" autoComplete="off" placeholder="usernames, with commas" />
          </label>
          <button type="submit" disabled={busy}>
            Add
          </button>
        </form>
      ) : (
        <p class="hint">Only the group's owner adds and removes members.</p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="leave">
        {leaving ? (
          <div role="group" aria-label="Confirm leaving" class="confirm">
            <p>
              Leave {name}? You will no longer see its messages
              {mine ? ", and the group passes to its longest-standing member" : ""}.
            </p>
            <div class="actions">
              <button type="button" class="danger" ref={confirmLeave} disabled={busy} onClick={leave}>
                Leave group
              </button>
              <button type="button" class="quiet" disabled={busy} onClick={() => setLeaving(false)}>
                Stay
              </button>
            </div>
          </div>
        ) : (
          <button type="button" class="quiet danger-text" ref={askLeave} onClick={() => setLeaving(true)}>
            Leave group…
          </button>
        )}
      </div>
    </Sheet>
  );
}
