// Dates as people read them, in their own locale and time zone.

/** A date and time: "30 Nov 2026, 14:05". */
export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
}

/** A date: "30 Nov 2026". */
export function date(iso: string): string {
  return new Date(iso).toLocaleDateString([], { dateStyle: "medium" });
}
