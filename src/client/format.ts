/** How figures read in the sidebars. */

import { plural } from '../shared/format';

export { bytes, plural, reviewWords, statusWords, unreviewedWords } from '../shared/format';

/** An ISO time as the person's browser shows dates and times. */
export function when(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return isNaN(+date) ? iso : date.toLocaleString();
}

/**
 * How a job's tasks are counted wherever a page shows it running: those marked failed at the
 * start are not copied, so "X of Y" counts the tasks being worked on and names the others apart
 * ("Staging 2 of 13 tasks · 1 marked failed at the start").
 */
export function tasksWorked(
  verb: string,
  job: { done: number; total: number; failedAtStart?: number },
): { line: string; done: number; total: number } {
  const atStart = job.failedAtStart ?? 0;
  const total = job.total - atStart;
  const done = job.done - atStart;
  const apart = atStart > 0 ? ` · ${atStart} marked failed at the start` : '';
  return { line: `${verb} ${done} of ${plural(total, 'task')}${apart}`, done, total };
}
