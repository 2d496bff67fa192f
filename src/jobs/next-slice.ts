/**
 * When the next trigger slice is armed. Apps Script starts a time-driven trigger late, by tens of
 * seconds and now and then minutes (Google gives no figure), and an unattended job idles for that
 * lateness between two slices. So a slice arms its successor before it ends, by about the lateness
 * this script's own triggers have shown; a successor that starts while the slice still runs waits
 * for it to end (jobs/turn.ts) instead of finding the job busy. Policy only: the figures come in.
 *
 * Waiting counts towards the day's trigger runtime. When what is left of it today would not cover
 * the job's remaining work, or when `EXPORT_EARLY_SLICES` is `off`, the successor is armed only
 * once the slice ends: a little more idle time, a little less runtime per file.
 */
export const EARLY_SLICES_PROPERTY = 'EXPORT_EARLY_SLICES';
/** The script cache's key of the recent firings' lateness, kept as long as the cache keeps any. */
export const LATENESS_KEY = 'exportTriggerLateness';
export const LATENESS_TTL_SECONDS = 6 * 60 * 60;

/**
 * Seconds of Apps Script runtime a file costs a trigger-driven phase (measured by `npm run bench`;
 * the volume planner plans with it too).
 */
export const RUNTIME_SECONDS_PER_FILE = 0.4;

/** How many recent firings the estimate keeps, and how many it needs before it arms early. */
const SAMPLES = 20;
const MIN_SAMPLES = 1;
/**
 * The most a successor is armed ahead of the slice's end. Its wait for the turn is bounded
 * (TURN_WAIT_MS), so a successor never gives up on a slice that ends when expected.
 */
export const MAX_EARLY_MS = 45 * 1000;

/** The lateness of recent firings (ms), oldest first, from their cached record. */
export function latenessSamples(raw: string | undefined): number[] {
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter((n): n is number => Number.isFinite(n)) : [];
  } catch {
    return [];
  }
}

/** The samples with one more, the oldest dropped past SAMPLES. */
export function withSample(samples: readonly number[], latenessMs: number): number[] {
  return [...samples, Math.max(0, Math.round(latenessMs))].slice(-SAMPLES);
}

/**
 * How long before the slice's expected end its successor falls due: the median lateness seen,
 * so that about half the successors start before the slice ends (and wait a little) and half
 * after (and the job idles a little); none before a firing was seen (a job's start arms its
 * first prompt at once, and that firing is the first).
 */
export function earlyByMs(samples: readonly number[]): number {
  if (samples.length < MIN_SAMPLES) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = Number.isInteger(mid) ? (sorted[mid - 1] + sorted[mid]) / 2 : sorted[mid - 0.5];
  return Math.min(MAX_EARLY_MS, Math.round(median));
}

/**
 * Whether a slice arms its successor early: not when switched off, nor when the day's trigger
 * runtime left (null: the tier, so the quota, is not known) would not cover the job's remaining
 * work at its measured cost.
 */
export function armsEarly(setting: string | undefined, leftMs: number | null, workMs: number) {
  if (setting === 'off') return false;
  return leftMs === null || workMs < leftMs;
}
