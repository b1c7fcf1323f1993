// One conversation: history loaded backwards as you scroll up, live messages, the composer.
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api/graphql";
import { useChat } from "./store";
import { conversationName } from "./names";
import { MessageView, PendingView } from "./MessageView";
import { Composer } from "./Composer";
import { MembersButton } from "../people/Groups";

export function ConversationView({ id }: { id: string }) {
  const store = useChat();
  const conversation = store.conversations.get(id);
  const log = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const restore = useRef<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const loadOlder = () => {
    const element = log.current;
    if (element) restore.current = element.scrollHeight - element.scrollTop;
    store.loadOlder(id).catch((e) => setError(e instanceof ApiError ? e.message : String(e)));
  };

  useEffect(() => {
    store.open = id;
    loadOlder();
    void store.markRead(id);
    const seen = () => document.visibilityState === "visible" && void store.markRead(id);
    document.addEventListener("visibilitychange", seen);
    return () => {
      document.removeEventListener("visibilitychange", seen);
      if (store.open === id) store.open = null;
    };
  }, [id]);

  const messages = store.messagesIn(id);
  const pending = store.pendingIn(id);
  useLayoutEffect(() => {
    const element = log.current;
    if (!element) return;
    if (restore.current !== null) {
      element.scrollTop = element.scrollHeight - restore.current;
      restore.current = null;
    } else if (stick.current) {
      element.scrollTop = element.scrollHeight;
    }
  }, [messages.length, pending.length, messages[messages.length - 1]?.revision]);

  const onScroll = () => {
    const element = log.current;
    if (!element) return;
    stick.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
    if (element.scrollTop < 80 && store.hasOlder(id)) loadOlder();
  };

  useEffect(() => {
    if (!conversation && !store.gone.has(id)) {
      store.fetchConversation(id).catch((e) => setError(e instanceof ApiError ? e.message : String(e)));
    }
  }, [id]);

  if (store.gone.has(id)) {
    return (
      <section class="conversation gone" aria-label="Conversation gone">
        <p role="alert">
          You are not a member of this conversation (anymore).{" "}
          <a href="/chats">Back to your conversations</a>
        </p>
      </section>
    );
  }
  if (!conversation) {
    return (
      <section class="conversation">
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : (
          <p class="loading">Opening…</p>
        )}
      </section>
    );
  }
  const name = conversationName(conversation, store.me);
  return (
    <section class="conversation" aria-label={name}>
      <header class="conversation-head">
        <a href="/chats" class="back" aria-label="Back to conversations">
          ←
        </a>
        <h1>{name}</h1>
        {conversation.kind === "GROUP" && (
          <>
            <span class="members">{conversation.members.map((m) => m.displayName).join(", ")}</span>
            <MembersButton conversation={conversation} name={name} />
          </>
        )}
      </header>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div
        class="messages"
        ref={log}
        onScroll={onScroll}
        role="log"
        aria-live="polite"
        tabIndex={0}
        aria-label="Messages"
      >
        <ol class="message-list">
        {store.hasOlder(id) ? (
          <li class="older">
            <button type="button" class="quiet" onClick={loadOlder}>
              Load earlier messages
            </button>
          </li>
        ) : (
          <li class="older">Start of the conversation</li>
        )}
        {messages.map((m) => (
          <MessageView key={m.seq} message={m} mine={m.sender?.id === store.me?.id} />
        ))}
        {pending.map((p) => (
          <PendingView key={p.clientMessageId} pending={p} />
        ))}
        </ol>
      </div>
      <Composer conversationId={id} />
    </section>
  );
}
