// Small SVG charts: one series per day, as bars (counts) or a line (a measure such as
// latency). Each chart is an image with a summary for screen readers, and its numbers
// can be opened as a table under it.
import "./chart.css";

/** One point of a chart: its label (a day) and its value (null: nothing measured). */
export interface Point {
  label: string;
  value: number | null;
}

interface ChartProps {
  title: string;
  points: Point[];
  /** How values read: "12 calls", "340 ms". */
  format: (value: number) => string;
  kind?: "bars" | "line";
  /** A colour role from chart.css: "accent", "danger", "warn". */
  tone?: "accent" | "danger" | "warn";
}

const WIDTH = 320;
const HEIGHT = 150;
const LEFT = 36;
const RIGHT = 6;
const TOP = 10;
const BOTTOM = 22;

/** A round number at or above ``value`` to top the axis with (1, 2, 5 × 10ⁿ). */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

/** The chart in words: what a sighted reader takes in at a glance. */
export function summarise(title: string, points: Point[], format: (v: number) => string, kind: "bars" | "line"): string {
  const measured = points.filter((p): p is { label: string; value: number } => p.value !== null);
  const span = points.length ? `${points[0].label} to ${points[points.length - 1].label}` : "no days";
  if (!measured.length) return `${title}, ${span}: nothing recorded.`;
  const top = measured.reduce((a, b) => (b.value > a.value ? b : a));
  if (kind === "bars") {
    const total = measured.reduce((sum, p) => sum + p.value, 0);
    if (total === 0) return `${title}, ${span}: none.`;
    return `${title}, ${span}: ${format(total)} in all, most on ${top.label} (${format(top.value)}).`;
  }
  const last = measured[measured.length - 1];
  return `${title}, ${span}: highest ${format(top.value)} on ${top.label}, latest ${format(last.value)} on ${last.label}.`;
}

export function Chart({ title, points, format, kind = "bars", tone = "accent" }: ChartProps) {
  const max = niceCeiling(Math.max(0, ...points.map((p) => p.value ?? 0)));
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const step = plotW / Math.max(points.length, 1);
  const y = (v: number) => TOP + plotH - (v / max) * plotH;
  const x = (i: number) => LEFT + step * i + step / 2;
  const summary = summarise(title, points, format, kind);
  const line = points
    .map((p, i) => (p.value === null ? null : `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`))
    .filter((p): p is string => p !== null);

  return (
    <figure class={`chart tone-${tone}`}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary}>
        {(Number.isInteger(max / 2) || kind === "line" ? [0, max / 2, max] : [0, max]).map((v) => (
          <g key={v} class="grid">
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(v)} y2={y(v)} />
            <text x={LEFT - 4} y={y(v) + 4} text-anchor="end">
              {Number.isInteger(v) ? v : v.toFixed(1)}
            </text>
          </g>
        ))}
        {kind === "bars"
          ? points.map((p, i) =>
              p.value ? (
                <rect
                  key={p.label}
                  class="mark"
                  x={x(i) - step * 0.35}
                  width={step * 0.7}
                  y={y(p.value)}
                  height={TOP + plotH - y(p.value)}
                >
                  <title>{`${p.label}: ${format(p.value)}`}</title>
                </rect>
              ) : null,
            )
          : [
              <polyline key="line" class="line" points={line.join(" ")} />,
              ...points.map((p, i) =>
                p.value === null ? null : (
                  <circle key={p.label} class="mark" cx={x(i)} cy={y(p.value)} r={3}>
                    <title>{`${p.label}: ${format(p.value)}`}</title>
                  </circle>
                ),
              ),
            ]}
        {points.length > 0 && (
          <g class="axis">
            <text x={LEFT} y={HEIGHT - 6} text-anchor="start">
              {points[0].label}
            </text>
            <text x={WIDTH - RIGHT} y={HEIGHT - 6} text-anchor="end">
              {points[points.length - 1].label}
            </text>
          </g>
        )}
      </svg>
      <details>
        <summary>
          Numbers<span class="visually-hidden"> for {title}</span>
        </summary>
        <table>
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">{title}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.label}>
                <th scope="row">{p.label}</th>
                <td>{p.value === null ? "—" : format(p.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** A chart the size of a word, for a table cell: bars only, its summary as its name. */
export function Sparkline({ title, points, format }: Omit<ChartProps, "kind" | "tone">) {
  const width = 84;
  const height = 22;
  const max = Math.max(1, ...points.map((p) => p.value ?? 0));
  const step = width / Math.max(points.length, 1);
  return (
    <svg class="sparkline" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summarise(title, points, format, "bars")}>
      <line class="base" x1={0} x2={width} y1={height - 0.5} y2={height - 0.5} />
      {points.map((p, i) =>
        p.value ? (
          <rect
            key={p.label}
            class="mark"
            x={step * i + step * 0.15}
            width={step * 0.7}
            y={height - 1 - (p.value / max) * (height - 2)}
            height={(p.value / max) * (height - 2)}
          />
        ) : null,
      )}
    </svg>
  );
}
