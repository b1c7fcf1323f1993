// Chats: the conversation list beside the open conversation (one at a time on a phone).
import { useEffect, useState } from "preact/hooks";
import { useChat } from "../chat/store";
import { ConversationList } from "../chat/ConversationList";
import { ConversationView } from "../chat/ConversationView";
import { ConnectionBanner } from "../chat/ConnectionBanner";

export function Chats({ id }: { id?: string }) {
  const store = useChat();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!store.me) store.start().catch((e) => setError(String(e.message ?? e)));
  }, []);

  if (error) return <p class="error" role="alert">{error}</p>;
  if (!store.me) return <p class="loading">Loading your chats…</p>;
  return (
    <div class={id ? "chats has-open" : "chats"}>
      <ConnectionBanner />
      <ConversationList openId={id} />
      {id ? (
        <ConversationView key={id} id={id} />
      ) : (
        <section class="placeholder" aria-label="No conversation open">
          <p>Choose a conversation, or start one.</p>
        </section>
      )}
    </div>
  );
}

