import type { WeekActivity } from '../../shared/rpc';
import { plural } from '../format';

/** The sidebar's width less its padding: the charts are drawn to fit it without scrolling. */
const WIDTH = 276;

export interface Bar {
  key: string;
  label: string;
  value: number;
  /** Failures stand out in red, as in the table. */
  alert?: boolean;
}

/**
 * Tasks by status as horizontal bars, each labelled in words and with its count. Screen readers
 * get the same figures from the label (role=img), and the table below the chart has them too.
 */
export function StatusBars({ bars, title }: { bars: Bar[]; title: string }) {
  const labelWidth = 146;
  const countWidth = 34;
  const row = 18;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const room = WIDTH - labelWidth - countWidth;
  const spoken = bars.map((b) => `${b.label}: ${plural(b.value, 'task')}`).join(', ');
  return (
    <svg
      class="chart"
      role="img"
      aria-label={`${title}. ${spoken}.`}
      width={WIDTH}
      height={bars.length * row}
      viewBox={`0 0 ${WIDTH} ${bars.length * row}`}
    >
      {bars.map((b, i) => {
        const y = i * row;
        // A status with tasks always shows a sliver, so 1 of 5,000 is not drawn as none.
        const length = b.value === 0 ? 0 : Math.max(2, Math.round((b.value / max) * room));
        return (
          <g key={b.key} data-bar={b.key}>
            <text x={0} y={y + 13} class="chart-label">
              {b.label}
            </text>
            <rect
              x={labelWidth}
              y={y + 3}
              width={length}
              height={row - 6}
              class={b.alert && b.value > 0 ? 'bar alert' : 'bar'}
            />
            <text x={labelWidth + length + 4} y={y + 13} class="chart-count">
              {b.value.toLocaleString('en-US')}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "3 Nov" for a week's Monday (an ISO date, read as the UTC day it names). */
export function weekLabel(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

/**
 * Tasks staged and delivered per week, side by side: whether exports keep pace with the work
 * reads faster from the bars than from a table of 24 numbers (the table is under the chart).
 */
export function WeeklyBars({ weeks }: { weeks: WeekActivity[] }) {
  const height = 120;
  const axis = 16;
  // Room above the tallest bars for the scale's label.
  const top = 20;
  const left = 4;
  const slot = (WIDTH - left) / Math.max(1, weeks.length);
  const bar = Math.max(2, Math.floor((slot - 4) / 2));
  const max = Math.max(1, ...weeks.flatMap((w) => [w.staged, w.delivered]));
  const scale = (n: number) => (n === 0 ? 0 : Math.max(2, Math.round((n / max) * (height - top))));
  const spoken = weeks
    .map((w) => `week of ${weekLabel(w.weekStart)}: ${w.staged} staged, ${w.delivered} delivered`)
    .join('; ');
  return (
    <svg
      class="chart"
      role="img"
      aria-label={`Tasks staged and delivered per week, the last ${weeks.length} weeks. ${spoken}.`}
      width={WIDTH}
      height={height + axis}
      viewBox={`0 0 ${WIDTH} ${height + axis}`}
    >
      <line x1={0} x2={WIDTH} y1={height} y2={height} class="axis" />
      <text x={WIDTH} y={10} class="chart-count" text-anchor="end">
        Most in a week: {max}
      </text>
      {weeks.map((w, i) => {
        const x = left + i * slot;
        const staged = scale(w.staged);
        const delivered = scale(w.delivered);
        return (
          <g key={w.weekStart} data-week={w.weekStart}>
            <rect x={x} y={height - staged} width={bar} height={staged} class="bar staged" />
            <rect
              x={x + bar + 1}
              y={height - delivered}
              width={bar}
              height={delivered}
              class="bar delivered"
            />
            {/* Every third week is named, counting back from this one: twelve would not fit. */}
            {(weeks.length - 1 - i) % 3 === 0 ? (
              <text
                x={i === weeks.length - 1 ? WIDTH : x}
                y={height + 12}
                class="chart-label"
                text-anchor={i === weeks.length - 1 ? 'end' : 'start'}
              >
                {weekLabel(w.weekStart)}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
