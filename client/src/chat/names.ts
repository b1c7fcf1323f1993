// How conversations and people are named on screen.
import type { Conversation, Me } from "./store";

/** A conversation's name for this person: its title, the app, or the other members. */
export function conversationName(conversation: Conversation, me: Me | null): string {
  if (conversation.title) return conversation.title;
  if (conversation.kind === "APP" && conversation.app) return conversation.app;
  const others = conversation.members.filter((m) => m.id !== me?.id);
  return others.map((m) => m.displayName).join(", ") || "Just you";
}

/** A short local time for a timestamp: the time today, else the date. */
export function shortTime(iso: string): string {
  const at = new Date(iso);
  const today = new Date();
  return at.toDateString() === today.toDateString()
    ? at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
    : at.toLocaleDateString([], { day: "numeric", month: "short" });
}
