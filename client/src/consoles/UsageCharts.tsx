// An app's health per UTC day as charts: calls, errors, timeouts and p95 latency.
import type { UsageDay } from "../api/apps";
import { Chart, type Point } from "../ui/Chart";

/** A UTC day (a `Date` scalar) as a short label: "Nov 30". */
export function dayLabel(day: unknown): string {
  // A Date scalar (YYYY-MM-DD) is a UTC day: label it as such, whatever the local zone.
  return new Date(`${String(day)}T00:00:00Z`).toLocaleDateString(undefined, {
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  });
}

/** How a count reads: counted("call")(3) is "3 calls". */
export const counted =
  (one: string, many = `${one}s`) =>
  (n: number) =>
    `${n} ${n === 1 ? one : many}`;

const DAY_MS = 86_400_000;

/** Every UTC day of the last ``count`` (souq leaves out days without use): a day souq did
 * not list had no calls, no errors and no latency to measure. */
export function everyDay(found: UsageDay[], count: number, now = new Date()): UsageDay[] {
  const byDay = new Map(found.map((d) => [String(d.day), d]));
  const today = now.toISOString().slice(0, 10);
  const newest = [today, ...byDay.keys()].sort().at(-1)!;
  const end = Date.parse(`${newest}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => {
    const day = new Date(end - (count - 1 - i) * DAY_MS).toISOString().slice(0, 10);
    return byDay.get(day) ?? { day, invocations: 0, people: 0, errors: 0, timeouts: 0, p95LatencyMs: null };
  });
}

export function UsageCharts({ days: found, count }: { days: UsageDay[]; count: number }) {
  const days = everyDay(found, count);
  const series = (pick: (d: UsageDay) => number | null | undefined): Point[] =>
    days.map((d) => ({ label: dayLabel(d.day), value: pick(d) ?? null }));
  return (
    <div class="charts">
      <Chart title="Calls per day" points={series((d) => d.invocations)} format={counted("call")} />
      <Chart title="People per day" points={series((d) => d.people)} format={counted("person", "people")} />
      <Chart title="Errors per day" points={series((d) => d.errors)} format={counted("error")} tone="danger" />
      <Chart title="Timeouts per day" points={series((d) => d.timeouts)} format={counted("timeout")} tone="warn" />
      <Chart
        title="p95 latency"
        kind="line"
        points={series((d) => d.p95LatencyMs)}
        format={(ms) => `${Math.round(ms)} ms`}
      />
    </div>
  );
}

/** Totals over the days charted: what a table row says about an app's health. */
export function totals(days: UsageDay[]): { calls: number; errors: number; timeouts: number } {
  return days.reduce(
    (t, d) => ({ calls: t.calls + d.invocations, errors: t.errors + d.errors, timeouts: t.timeouts + d.timeouts }),
    { calls: 0, errors: 0, timeouts: 0 },
  );
}
