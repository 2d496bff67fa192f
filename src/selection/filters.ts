import type { ExportFilterOptions, ExportFilters, OverrideFlag } from '../shared/rpc';
import { EXPORT_STATUS_VALUES } from '../sheet/export-status';
import { Task, text } from '../sheet/task';
import { shorten } from '../drive/links';

export const REVIEW_STATUSES = ['passed', 'failed', 'pending'] as const;

export const OVERRIDE_WARNINGS: Record<OverrideFlag, string> = {
  includeUnreviewed:
    'Tasks that have not been reviewed yet will be staged. Make sure someone checks them before delivery.',
  includeFailed:
    'Tasks that FAILED review will be staged. Only do this if the failure has been dealt with.',
  includeAlreadyExported:
    'Tasks that were already delivered will be staged again and could reach the client twice.',
};

/** PLAN 5.1: the choices the filter step offers, taken from the data. */
export function getExportFilterOptions(tasks: readonly Task[]): ExportFilterOptions {
  const unique = (values: string[]) => [...new Set(values.filter((v) => v !== ''))].sort();
  const scores = tasks.map((t) => t.reviewScore).filter((s): s is number => s !== null);
  return {
    batches: unique(tasks.map((t) => t.batchId)),
    agents: unique(tasks.map((t) => t.agent)),
    reviewStatuses: [...REVIEW_STATUSES],
    reviewers: unique(tasks.map((t) => t.reviewer)),
    reviewScoreRange: {
      min: scores.length ? Math.min(0, ...scores) : 0,
      max: scores.length ? Math.max(100, ...scores) : 100,
    },
    exportStatuses: [...EXPORT_STATUS_VALUES],
  };
}

/** The default criteria of PLAN 2.1, relaxed only by the overrides chosen. */
function eligible(task: Task, f: ExportFilters): boolean {
  if (task.status !== 'complete') return false;
  const review = task.reviewStatus;
  const reviewOk =
    review === 'passed' ||
    (f.includeUnreviewed === true && (review === '' || review === 'pending')) ||
    (f.includeFailed === true && review === 'failed');
  if (!reviewOk) return false;
  if (task.invalidExportStatus !== undefined) return false;
  return (
    task.exportStatus === null ||
    (f.includeAlreadyExported === true && task.exportStatus === 'delivered')
  );
}

/**
 * The overrides a task needs to be staged, when the filters match it and only overrides not chosen
 * keep it out; null when it is eligible already, or when no override can take it (not finished,
 * in another export, an unreadable status).
 */
function overridesNeeded(task: Task, f: ExportFilters): OverrideFlag[] | null {
  if (task.status !== 'complete' || task.invalidExportStatus !== undefined) return null;
  if (eligible(task, f)) return null;
  const needed: OverrideFlag[] = [];
  const review = task.reviewStatus;
  if (review === '' || review === 'pending') {
    if (f.includeUnreviewed !== true) needed.push('includeUnreviewed');
  } else if (review === 'failed') {
    if (f.includeFailed !== true) needed.push('includeFailed');
  } else if (review !== 'passed') return null;
  if (task.exportStatus === 'delivered') {
    if (f.includeAlreadyExported !== true) needed.push('includeAlreadyExported');
  } else if (task.exportStatus !== null) return null;
  return needed.length > 0 ? needed : null;
}

/** Tasks the filters match that only overrides not chosen keep out, with those overrides. */
export function needingOverride(
  tasks: readonly Task[],
  f: ExportFilters,
): Array<{ taskId: string; flags: OverrideFlag[] }> {
  const out: Array<{ taskId: string; flags: OverrideFlag[] }> = [];
  for (const task of tasks) {
    if (!matchesFilters(task, f)) continue;
    const flags = overridesNeeded(task, f);
    if (flags) out.push({ taskId: task.taskId, flags });
  }
  return out;
}

function inDateRange(task: Task, f: ExportFilters): boolean {
  const day = task.completedDate;
  if (!f.dateFrom && !f.dateTo) return true;
  if (!day) return false;
  const iso = day.toISOString().slice(0, 10);
  return (!f.dateFrom || iso >= f.dateFrom) && (!f.dateTo || iso <= f.dateTo);
}

function matchesFilters(task: Task, f: ExportFilters): boolean {
  const within = (list: string[] | undefined, value: string) =>
    !list || list.length === 0 || list.includes(value);
  const score = task.reviewScore;
  return (
    within(f.batchIds, task.batchId) &&
    within(f.agents, task.agent) &&
    within(f.reviewStatuses, task.reviewStatus || 'pending') &&
    within(f.reviewerEmails, task.reviewer) &&
    within(f.taskIds, task.taskId) &&
    (f.reviewScoreMin === undefined || (score !== null && score >= f.reviewScoreMin)) &&
    (f.reviewScoreMax === undefined || (score !== null && score <= f.reviewScoreMax)) &&
    inDateRange(task, f)
  );
}

export function selectTasks(tasks: readonly Task[], filters: ExportFilters): Task[] {
  return tasks.filter((t) => eligible(t, filters) && matchesFilters(t, filters));
}

/**
 * Tasks a review score or date filter leaves out only because the cell holds something that is
 * not a score or a date ("ninety", "last week"): named with the reason instead of dropped without
 * a word. An empty cell is no score or no date, and simply does not match.
 */
export function unreadableForFilters(
  tasks: readonly Task[],
  f: ExportFilters,
): Array<{ taskId: string; reason: string }> {
  const scored = f.reviewScoreMin !== undefined || f.reviewScoreMax !== undefined;
  const dated = Boolean(f.dateFrom || f.dateTo);
  if (!scored && !dated) return [];
  const out: Array<{ taskId: string; reason: string }> = [];
  for (const task of tasks) {
    const score = scored && task.reviewScore === null ? text(task.cells.REVIEW_SCORE) : '';
    const day = dated && task.completedDate === null ? text(task.cells.COMPLETED_DATE) : '';
    if ((!score && !day) || !eligible(task, f)) continue;
    const others: ExportFilters = {
      ...f,
      ...(score ? { reviewScoreMin: undefined, reviewScoreMax: undefined } : {}),
      ...(day ? { dateFrom: undefined, dateTo: undefined } : {}),
    };
    if (!matchesFilters(task, others)) continue;
    const cell = score
      ? `its Review Score cell holds "${shorten(score)}", which is not a number`
      : `its Completed Date cell holds "${shorten(day)}", which is not a date`;
    out.push({
      taskId: task.taskId,
      reason: `Task ${task.taskId}: ${cell}, so the ${score ? 'review score' : 'date'} filter cannot tell whether it matches. Correct the cell to include it.`,
    });
  }
  return out;
}

export function chosenOverrides(
  filters: ExportFilters,
): Array<{ flag: OverrideFlag; warning: string }> {
  return (Object.keys(OVERRIDE_WARNINGS) as OverrideFlag[])
    .filter((flag) => filters[flag] === true)
    .map((flag) => ({ flag, warning: OVERRIDE_WARNINGS[flag] }));
}

/** Bad filter values are named, not ignored. */
export function checkFilters(filters: unknown): ExportFilters {
  if (filters === null || filters === undefined) return {};
  if (typeof filters !== 'object' || Array.isArray(filters)) {
    throw new Error('The filters could not be read. Reload the wizard and try again.');
  }
  const f = filters as ExportFilters;
  for (const key of ['reviewScoreMin', 'reviewScoreMax'] as const) {
    const v = f[key];
    if (v !== undefined && (typeof v !== 'number' || !isFinite(v))) {
      throw new Error(`The review score filter "${String(v)}" is not a number.`);
    }
  }
  for (const key of ['dateFrom', 'dateTo'] as const) {
    const v = f[key];
    if (v !== undefined && v !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(String(v))) {
      throw new Error(`The date "${String(v)}" is not a date (use YYYY-MM-DD).`);
    }
  }
  if (
    f.reviewScoreMin !== undefined &&
    f.reviewScoreMax !== undefined &&
    f.reviewScoreMin > f.reviewScoreMax
  ) {
    throw new Error('The minimum review score is higher than the maximum.');
  }
  return f;
}
