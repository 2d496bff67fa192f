/**
 * How figures read wherever a person sees them (the sidebars and the server's sentences), so
 * that one amount always reads the same.
 */

import type { UnreviewedTasks } from './rpc';

/** A count with its noun agreeing: "1 file", "2 files", "1,200 tasks". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/**
 * Bytes in units of 1,024, as Google Drive shows storage: a personal account's "15 GB" is
 * 16,106,127,360 bytes (`DriveApp.getStorageLimit()`).
 */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/**
 * "2 tasks were staged without passing review: TSK-1 (review failed), TSK-2 (not reviewed yet)."
 */
export function unreviewedWords({ tasks, more }: UnreviewedTasks): string {
  const count = tasks.length + more;
  const named = tasks.map((t) => `${t.taskId} (${reviewWords(t.review)})`).join(', ');
  return `${plural(count, 'task')} ${count === 1 ? 'was' : 'were'} staged without passing review: ${named}${more > 0 ? `, and ${more.toLocaleString('en-US')} more` : ''}.`;
}

export function reviewWords(review: 'failed' | 'notReviewed'): string {
  return review === 'failed' ? 'review failed' : 'not reviewed yet';
}

/** Export statuses in words (the sheet holds the codes). */
const STATUS_WORDS: Record<string, string> = {
  'not exported': 'Not exported',
  staging: 'Being staged',
  staged: 'Staged, awaiting delivery',
  delivering: 'Being delivered',
  delivered: 'Delivered',
  staging_failed: 'Staging failed',
  delivery_failed: 'Delivery failed',
  invalid: 'Unknown status in the cell',
};

/** The statuses in the order a task moves through them ('not exported' first, 'invalid' last). */
export const STATUS_ORDER: readonly string[] = Object.keys(STATUS_WORDS);

/** A status as ops staff read it; anything unknown is shown as the sheet holds it. */
export function statusWords(status: string): string {
  return STATUS_WORDS[status] ?? status;
}
