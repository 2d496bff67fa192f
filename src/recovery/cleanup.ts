import type { CleanupSummary } from '../shared/rpc';
import { LoggedChange, latestLogEntries } from '../status/log-reader';
import { preparedTable } from '../status/migration';
import { TableSnapshot } from '../sheet/table';
import { Task } from '../sheet/task';
import { runningKind, underScriptLock } from '../batches/batch-checks';
import { allBatches, removeBatches } from '../batches/batches';
import { label } from '../sheet/export-status';
import { Transition, commitTransitions, requestId } from '../status/transitions';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A clean-up that cannot run; the message says why. */
export class CleanupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CleanupError';
  }
}

/**
 * PLAN 6.1: failures older than `olderThanDays` (by their latest Export Log entry) go back where
 * they can be exported again: a failed staging to "not exported" (leaving its batch), a failed
 * delivery to "staged". Batch records no task refers to any more are removed. Batches with a job
 * running are left alone. Every status change is logged.
 */
export function cleanupFailedExports(olderThanDays: unknown): CleanupSummary {
  const days = requireDays(olderThanDays);
  return underScriptLock(() => {
    const { table, all, cutoff, transitions, keptRecent } = plan(days);
    // Reset, the tasks are no longer old failures: nothing would try again to log them.
    const result = commitTransitions(transitions, { logFirst: true });
    const applied = new Map(result.applied.map((t) => [t.taskId, t]));
    const cleared = abandonedBatches(table, applied, all, cutoff);
    removeBatches(cleared);
    return summary(days, cutoff, table, applied, keptRecent, cleared);
  });
}

/**
 * What `cleanupFailedExports` would do now, changing nothing: the tasks it would reset and the
 * batch records it would remove, for a person to read before saying yes.
 */
export function previewCleanupFailedExports(olderThanDays: unknown): CleanupSummary {
  const days = requireDays(olderThanDays);
  const { table, all, cutoff, transitions, keptRecent } = plan(days);
  const planned = new Map(transitions.map((t) => [t.taskId, t]));
  const cleared = abandonedBatches(table, planned, all, cutoff);
  return summary(days, cutoff, table, planned, keptRecent, cleared);
}

function plan(days: number) {
  const cutoff = Date.now() - days * DAY_MS;
  const table = preparedTable();
  const all = PropertiesService.getScriptProperties().getProperties();
  const latest = latestLogEntries(table);
  return { table, all, cutoff, ...oldFailures(table, all, latest, cutoff, days) };
}

function summary(
  days: number,
  cutoff: number,
  table: TableSnapshot,
  changes: Map<string, Transition>,
  keptRecent: number,
  cleared: string[],
): CleanupSummary {
  return {
    olderThanDays: days,
    cutoff: new Date(cutoff).toISOString(),
    reset: table.tasks
      .filter((t) => changes.has(t.taskId))
      .map((t) => ({
        taskId: t.taskId,
        batchId: t.exportBatchId,
        from: label(t.exportStatus),
        to: label(changes.get(t.taskId)!.to),
      })),
    keptRecent,
    clearedBatches: cleared,
  };
}

function requireDays(value: unknown): number {
  const days = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof days !== 'number' || !isFinite(days) || days <= 0) {
    throw new CleanupError(
      `"${String(value)}" is not a number of days. Give a positive number, for example 30, to reset failures older than that.`,
    );
  }
  return days;
}

function oldFailures(
  table: TableSnapshot,
  all: Record<string, string>,
  latest: Map<string, LoggedChange>,
  cutoff: number,
  days: number,
): { transitions: Transition[]; keptRecent: number } {
  const transitions: Transition[] = [];
  let keptRecent = 0;
  const request = requestId('cleanup');
  for (const task of table.tasks) {
    const failed =
      task.exportStatus === 'staging_failed' || task.exportStatus === 'delivery_failed';
    if (!failed || table.duplicateIds.has(task.taskId)) continue;
    if (task.exportBatchId && runningKind(task.exportBatchId, all)) continue;
    const at = latest.get(task.taskId)?.time;
    if (!at || at.getTime() >= cutoff) {
      keptRecent += 1;
      continue;
    }
    transitions.push(cleanupOf(request, task, at, days));
  }
  return { transitions, keptRecent };
}

function cleanupOf(request: string, task: Task, at: Date, days: number): Transition {
  const when = at.toISOString().slice(0, 10);
  const changeId = `${request}:${task.taskId}`;
  if (task.exportStatus === 'staging_failed') {
    return {
      taskId: task.taskId,
      changeId,
      to: null,
      cause: 'cleanup',
      exportBatchId: '',
      set: { STAGED_COUNT: '' },
      reason: `Clean-up: staging failed on ${when}, more than ${days === 1 ? '1 day' : `${days} days`} ago; the task left export batch ${task.exportBatchId || '(none)'} and can be staged again.`,
    };
  }
  return {
    taskId: task.taskId,
    changeId,
    to: 'staged',
    cause: 'cleanup',
    reason: `Clean-up: delivery failed on ${when}, more than ${days === 1 ? '1 day' : `${days} days`} ago; the task is staged again, ready to deliver.`,
  };
}

/** Registry records older than the cutoff that no task refers to any more, once the reset is done. */
function abandonedBatches(
  table: TableSnapshot,
  applied: Map<string, Transition>,
  all: Record<string, string>,
  cutoff: number,
): string[] {
  const inUse = new Set(
    table.tasks
      .map((t) => applied.get(t.taskId)?.exportBatchId ?? t.exportBatchId)
      .filter((id) => id !== ''),
  );
  const cleared: string[] = [];
  for (const record of allBatches()) {
    const created = Date.parse(record.createdAt);
    if (inUse.has(record.batchId) || runningKind(record.batchId, all)) continue;
    if (!(created < cutoff)) continue;
    cleared.push(record.batchId);
  }
  return cleared;
}
