// The conversation list: last message and unread count, live; and starting a direct chat.
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ApiError, request } from "../api/graphql";
import { OpenDirect } from "../api/chat";
import { useChat } from "./store";
import { conversationName, shortTime } from "./names";
import { NewGroupButton } from "../people/Groups";

export function ConversationList({ openId }: { openId?: string }) {
  const store = useChat();
  const { route } = useLocation();
  const [error, setError] = useState<string | null>(null);

  const start = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const username = String(new FormData(form).get("username") ?? "").trim();
    if (!username) return;
    try {
      const data = await request(OpenDirect, { username });
      store.add(data.openDirectConversation);
      form.reset();
      setError(null);
      route(`/chats/${data.openDirectConversation.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <aside class="conversations" aria-label="Conversations">
      <form class="new-chat" onSubmit={start}>
        <label>
          <span class="visually-hidden">Start a chat with (username)</span>
          <input name="username" placeholder="Start a chat with… (username)" autoComplete="off" />
        </label>
        <button type="submit">Chat</button>
      </form>
      <div class="list-actions">
        <NewGroupButton />
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <ul class="conversation-list">
        {store.list().map((c) => (
          <li key={c.id}>
            <a
              href={`/chats/${c.id}`}
              aria-current={c.id === openId ? "page" : undefined}
              class="conversation-link"
            >
              <span class="name">{conversationName(c, store.me)}</span>
              <span class="time">{shortTime(c.lastActivityAt)}</span>
              <span class="preview">
                {c.lastMessage ? `${c.lastMessage.sender?.displayName ?? c.lastMessage.app?.name ?? "souq"}: ${c.lastMessage.body}` : "No messages yet"}
              </span>
              {c.unreadCount > 0 && (
                <span class="unread" aria-label={`${c.unreadCount} unread`}>
                  {c.unreadCount}
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
    </aside>
  );
}
