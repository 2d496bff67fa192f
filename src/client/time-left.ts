/**
 * How long a running job still needs, from the rate it went at while this sidebar watched it:
 * files when every task's files are counted, else tasks. No estimate until something moved.
 */
import type { JobProgress } from '../shared/rpc';

/** Where the job stood when this sidebar first saw it. */
export interface Seen {
  at: number;
  done: number;
  filesCopied: number;
}

export function seenNow(p: JobProgress, at = Date.now()): Seen {
  return { at, done: p.done, filesCopied: p.filesCopied };
}

/** Milliseconds left at the rate so far, or null while there is no rate (or the job waits). */
export function msLeft(first: Seen, p: JobProgress, at = Date.now()): number | null {
  if (p.finished || p.paused) return null;
  const elapsed = at - first.at;
  if (elapsed <= 0) return null;
  const byFiles = p.tasksNotCounted === 0 && p.filesTotal > 0;
  const moved = byFiles ? p.filesCopied - first.filesCopied : p.done - first.done;
  if (moved <= 0) return null;
  const left = byFiles ? p.filesTotal - p.filesCopied : p.total - p.done;
  return Math.max(0, (left * elapsed) / moved);
}

/** "about 4 minutes", in round figures, for "Time left: …". */
export function timeLeftText(ms: number): string {
  const minutes = ms / 60000;
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) {
    const m = Math.round(minutes) || 1;
    return `about ${m} ${m === 1 ? 'minute' : 'minutes'}`;
  }
  const tens = Math.round(minutes / 10) * 10;
  const h = Math.floor(tens / 60);
  const m = tens % 60;
  const hours = `${h} ${h === 1 ? 'hour' : 'hours'}`;
  return `about ${hours}${m ? ` ${m} minutes` : ''}`;
}
