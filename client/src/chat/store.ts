// The chat as this browser knows it: conversations, the messages loaded of each, sends
// in flight, and the live connection. Messages are kept by `seq`, so an event that
// arrives twice (a replay after a reconnect, the answer to our own send) is shown once.
import { useEffect, useState } from "preact/hooks";
import { request, ApiError, signedOut } from "../api/graphql";
import { subscribe } from "../api/live";
import {
  ConversationQuery,
  ConversationsQuery,
  EventsSubscription,
  HistoryQuery,
  MarkRead,
  SendMessage,
} from "../api/chat";
import type {
  ConversationFieldsFragment as Conversation,
  MessageFieldsFragment as Message,
  ConversationsQuery as ConversationsResult,
} from "../gql/graphql";

export type { Conversation, Message };

/** A message typed here that souq has not acknowledged yet. */
export interface Pending {
  clientMessageId: string;
  conversationId: string;
  body: string;
  state: "sending" | "failed";
  error?: string;
}

interface History {
  hasPrevious: boolean;
  before: string | null;
  loading: boolean;
}

export type Connection = "connecting" | "live" | "reconnecting";
export type Me = ConversationsResult["me"];

const PAGE = 30;
/** The close code souq ends a socket with when its session is revoked. */
const SIGNED_OUT_CLOSE = 4403;
const MAX_BACKOFF_MS = 10_000;

class ChatStore {
  me: Me | null = null;
  maxMessageLength = 4000;
  conversations = new Map<string, Conversation>();
  connection: Connection = "connecting";
  /** Conversations souq no longer lets this person see (left, or removed from). */
  gone = new Set<string>();
  /** The conversation on screen: its new messages are read as they arrive. */
  open: string | null = null;
  private messages = new Map<string, Map<number, Message>>();
  private history = new Map<string, History>();
  private pending = new Map<string, Pending[]>();
  private listeners = new Set<() => void>();
  private stopLive: (() => void) | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private maxReplay = 100;
  private fetching = new Set<string>();

  /** Call `listener` after every change; returns the unsubscribe function. */
  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Load the conversations, then follow live events from exactly where they stand. */
  async start(): Promise<void> {
    const data = await request(ConversationsQuery, { first: 100 });
    this.me = data.me;
    this.maxMessageLength = data.limits.maxMessageLength;
    this.maxReplay = data.limits.maxReplayConversations;
    for (const conversation of data.conversations.nodes) this.conversations.set(conversation.id, conversation);
    this.changed();
    this.follow();
  }

  /** Stop following (signing out) and forget everything. */
  stop(): void {
    this.stopLive?.();
    this.stopLive = null;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.conversations.clear();
    this.messages.clear();
    this.history.clear();
    this.pending.clear();
    this.gone.clear();
    this.me = null;
    this.open = null;
    this.connection = "connecting";
  }

  /** Subscribe with `after` set to the last seq known of each conversation. */
  private follow(): void {
    const after = [...this.conversations.values()]
      .sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt))
      .slice(0, this.maxReplay)
      .map((c) => ({ conversationId: c.id, seq: c.lastSeq }));
    this.stopLive = subscribe(EventsSubscription, { after }, {
      onOpen: () => {
        this.failures = 0;
        this.connection = "live";
        this.changed();
      },
      onData: ({ events }) =>
        events.__typename === "ConversationLeft"
          ? this.forget(events.conversationId)
          : this.receive(events.message),
      onEnd: (error) => {
        this.stopLive = null;
        if ((error as CloseEvent | null)?.code === SIGNED_OUT_CLOSE) {
          signedOut();
          return;
        }
        this.connection = "reconnecting";
        this.changed();
        const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.failures++);
        this.retry = setTimeout(() => {
          this.retry = null;
          this.follow();
        }, delay);
      },
    });
  }

  /** Reconnect now (the "Reconnect" button, or the browser coming back online). */
  reconnect(): void {
    if (this.retry) {
      clearTimeout(this.retry);
      this.retry = null;
      this.failures = 0;
      this.follow();
    }
  }

  /** A message from an event or a mutation: shown once, the latest revision wins. */
  receive(message: Message): void {
    const id = message.conversationId;
    if (message.clientMessageId) this.settle(id, message.clientMessageId);
    const known = this.messagesOf(id).get(message.seq);
    if (known && known.revision > message.revision) {
      this.changed();
      return;
    }
    this.messagesOf(id).set(message.seq, message);
    const conversation = this.conversations.get(id);
    if (!conversation) {
      void this.fetchConversation(id);
      return;
    }
    if (message.seq > conversation.lastSeq) {
      const mine = message.sender?.id === this.me?.id;
      const reading = this.open === id && document.visibilityState === "visible";
      this.conversations.set(id, {
        ...conversation,
        lastSeq: message.seq,
        lastMessage: message,
        lastActivityAt: message.createdAt,
        unreadCount: mine || reading ? conversation.unreadCount : conversation.unreadCount + 1,
      });
      if (reading) void this.markRead(id);
    } else if (conversation.lastMessage?.seq === message.seq) {
      this.conversations.set(id, { ...conversation, lastMessage: message });
    }
    this.changed();
  }

  /** Load a conversation this browser does not know yet (an event, or a link to it). */
  async fetchConversation(id: string): Promise<void> {
    if (this.fetching.has(id)) return;
    this.fetching.add(id);
    try {
      const data = await request(ConversationQuery, { id });
      this.conversations.set(id, data.conversation);
      this.gone.delete(id);
      this.changed();
    } catch (error) {
      if (!this.lost(id, error)) throw error;
    } finally {
      this.fetching.delete(id);
    }
  }

  /** Add (or refresh) a conversation the person just opened or created. */
  add(conversation: Conversation): void {
    this.conversations.set(conversation.id, conversation);
    this.gone.delete(conversation.id);
    this.changed();
  }

  /** Forget a conversation this person left or was removed from. */
  forget(id: string): void {
    this.conversations.delete(id);
    this.messages.delete(id);
    this.history.delete(id);
    this.pending.delete(id);
    this.gone.add(id);
    this.changed();
  }

  /** Whether `error` says the conversation is no longer this person's (then forget it). */
  private lost(id: string, error: unknown): boolean {
    if (!(error instanceof ApiError) || error.code !== "NOT_FOUND") return false;
    this.forget(id);
    return true;
  }

  /** Conversations, the most recently active first. */
  list(): Conversation[] {
    return [...this.conversations.values()].sort((a, b) =>
      b.lastActivityAt.localeCompare(a.lastActivityAt),
    );
  }

  private messagesOf(id: string): Map<number, Message> {
    let messages = this.messages.get(id);
    if (!messages) this.messages.set(id, (messages = new Map()));
    return messages;
  }

  /** The loaded messages of a conversation, oldest first. */
  messagesIn(id: string): Message[] {
    return [...this.messagesOf(id).values()].sort((a, b) => a.seq - b.seq);
  }

  pendingIn(id: string): Pending[] {
    return this.pending.get(id) ?? [];
  }

  hasOlder(id: string): boolean {
    return this.history.get(id)?.hasPrevious ?? true;
  }

  /** Load the page of history before what is loaded (the newest page first). */
  async loadOlder(id: string): Promise<void> {
    const history = this.history.get(id) ?? { hasPrevious: true, before: null, loading: false };
    if (history.loading || !history.hasPrevious) return;
    this.history.set(id, { ...history, loading: true });
    try {
      const data = await request(HistoryQuery, { id, last: PAGE, before: history.before });
      const page = data.conversation.messages;
      for (const message of page.nodes) {
        if (!this.messagesOf(id).has(message.seq)) this.messagesOf(id).set(message.seq, message);
      }
      this.history.set(id, {
        hasPrevious: page.pageInfo.hasPreviousPage,
        before: page.pageInfo.startCursor ?? null,
        loading: false,
      });
    } catch (error) {
      this.history.set(id, { ...history, loading: false });
      if (this.lost(id, error)) return;
      throw error;
    }
    this.changed();
  }

  /** Mark everything up to the conversation's last seq as read. */
  async markRead(id: string): Promise<void> {
    const conversation = this.conversations.get(id);
    if (!conversation || conversation.lastReadSeq >= conversation.lastSeq) {
      if (conversation?.unreadCount) this.add({ ...conversation, unreadCount: 0 });
      return;
    }
    const seq = conversation.lastSeq;
    this.add({ ...conversation, lastReadSeq: seq, unreadCount: 0 });
    try {
      await request(MarkRead, { conversationId: id, seq });
    } catch (error) {
      if (!this.lost(id, error)) throw error;
    }
  }

  /** Send a message; it shows as pending until souq has it, and as failed if it could not. */
  async send(conversationId: string, body: string, clientMessageId: string = crypto.randomUUID()): Promise<void> {
    const others = this.pendingIn(conversationId).filter((p) => p.clientMessageId !== clientMessageId);
    this.pending.set(conversationId, [
      ...others,
      { clientMessageId, conversationId, body, state: "sending" },
    ]);
    this.changed();
    try {
      const data = await request(SendMessage, { conversationId, body, clientMessageId });
      this.receive(data.sendMessage);
    } catch (error) {
      if (this.lost(conversationId, error)) return;
      const message = error instanceof ApiError ? error.message : String(error);
      this.pending.set(
        conversationId,
        this.pendingIn(conversationId).map((p) =>
          p.clientMessageId === clientMessageId ? { ...p, state: "failed", error: message } : p,
        ),
      );
      this.changed();
    }
  }

  /** Send a failed message again, with the same client id: souq keeps it at most once. */
  retrySend(pending: Pending): Promise<void> {
    return this.send(pending.conversationId, pending.body, pending.clientMessageId);
  }

  /** Our message arrived (by an event or the mutation's answer): it is no longer pending. */
  private settle(conversationId: string, clientMessageId: string): void {
    const pending = this.pendingIn(conversationId);
    if (pending.some((p) => p.clientMessageId === clientMessageId)) {
      this.pending.set(
        conversationId,
        pending.filter((p) => p.clientMessageId !== clientMessageId),
      );
    }
  }

  /** Forget a failed message. */
  drop(conversationId: string, clientMessageId: string): void {
    this.pending.set(
      conversationId,
      this.pendingIn(conversationId).filter((p) => p.clientMessageId !== clientMessageId),
    );
    this.changed();
  }
}

/** The one chat store of this page. */
export const chat = new ChatStore();

/** Re-render the calling component whenever the chat changes. */
export function useChat(): ChatStore {
  const [, setTick] = useState(0);
  useEffect(() => chat.listen(() => setTick((tick) => tick + 1)), []);
  return chat;
}
