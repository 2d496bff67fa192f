import {
  appendLog,
  currentUser,
  latestRecentChanges,
  LogEntry,
  RecentChange,
  loggedChanges,
  sameChange,
} from './export-log';
import type { FailureCause } from '../shared/rpc';
import { ColumnKey } from '../sheet/schema';
import { RowUpdate, writeUpdates } from '../sheet/table';
import { Task } from '../sheet/task';
import { ExportState, TransitionCause, assertTransition } from '../sheet/export-status';

/** A status change of one task, with the other export cells that change with it. */
export interface Transition {
  taskId: string;
  to: ExportState;
  cause: TransitionCause;
  reason: string;
  /** A move into a failed status: what retrying can do about it (the Export Log's Cause). */
  failure?: FailureCause;
  /** The export batch the change belongs to (also written to Export Batch ID when given). */
  exportBatchId?: string;
  set?: Partial<Record<ColumnKey, unknown>>;
  /**
   * The change's identity, which its Export Log row carries (the Change column): who makes it (a
   * job, from when it started, or one request), for which task, and which move.
   */
  changeId: string;
  /**
   * A job's own change (its claim of a task, its result for it), tried again until the job has
   * saved that it is made: the state it moves from. Found already applied (a try cut short after
   * the sheet was written), it is done, and its log row is written if that is what was lost.
   */
  once?: { from: ExportState };
}

export interface CommitResult {
  applied: Transition[];
  lost: string[];
  rejected: Array<{ taskId: string; message: string }>;
}

export interface CommitOptions {
  /** One illegal move writes nothing and throws its error. */
  allOrNothing?: boolean;
  /** The person the Export Log names, when it is not the one running this execution. */
  user?: string;
  /**
   * For writers that nothing tries again on their behalf once the sheet shows their change (the
   * migration of a legacy sheet, a person's manual change, a clean-up, an interrupted export
   * marked failed): the Export Log rows are written before the sheet. A try cut short between the
   * two leaves the sheet as it was, so the next try makes the same change, and skips a log row
   * that the task's latest row already is; a change the sheet already shows is done.
   */
  logFirst?: boolean;
}

/**
 * The one way export statuses change: each task's current status is read at write time and the
 * move checked against the state machine; applied changes are logged in one batched append, each
 * row with its change's identity, so that no try of a change logs it twice or loses its row.
 */
export function commitTransitions(
  transitions: readonly Transition[],
  options: CommitOptions = {},
): CommitResult {
  const byId = new Map(transitions.map((t) => [t.taskId, t]));
  const updates: RowUpdate[] = transitions.map((t) => ({
    taskId: t.taskId,
    changes: {
      EXPORT_STATUS: t.to ?? '',
      ...(t.exportBatchId !== undefined ? { EXPORT_BATCH_ID: t.exportBatchId } : {}),
      ...t.set,
    },
  }));
  const time = new Date();
  let user = '';
  // A job's slices may run under another person's trigger: the log names who started the job.
  const who = () => (user ||= options.user || currentUser());
  const entryOf = (t: Transition, from: ExportState, batch: string): LogEntry => ({
    time,
    user: who(),
    taskId: t.taskId,
    exportBatchId: t.exportBatchId ?? batch,
    from,
    to: t.to,
    reason: t.reason,
    cause: t.failure,
    changeId: t.changeId,
  });
  const appliedEntries = (before: ReadonlyMap<string, Task>) =>
    [...before].map(([taskId, task]) =>
      entryOf(byId.get(taskId)!, task.exportStatus, task.exportBatchId),
    );
  const written = writeUpdates(updates, {
    allOrNothing: options.allOrNothing,
    verify: (update, current) => {
      const t = byId.get(update.taskId)!;
      if ((t.once || options.logFirst) && showsAlready(t, current)) return 'done';
      if (current.invalidExportStatus !== undefined) {
        throw new Error(
          `Task ${update.taskId}: its Export Status cell holds "${current.invalidExportStatus}", which is not an export status. Clear or correct it first.`,
        );
      }
      assertTransition(update.taskId, current.exportStatus, t.to, t.cause);
    },
    beforeWrite: options.logFirst
      ? (before) => {
          const latest = latestRecentChanges();
          appendLog(appliedEntries(before).filter((e) => !sameChange(e, latest.get(e.taskId))));
        }
      : undefined,
  });
  const applied = transitions.filter((t) => written.before.has(t.taskId));
  const entries: LogEntry[] = options.logFirst ? [] : appliedEntries(written.before);
  // A job's change found made: its row is written if the try that made it was cut short before
  // (a try by an earlier version logged it without its identity: the task's last row is it).
  const done = transitions.filter((t) => written.done.includes(t.taskId));
  const once = done.filter((t) => t.once);
  const logged = once.length > 0 ? loggedChanges() : new Set<string>();
  const latest = once.length > 0 ? latestRecentChanges() : new Map<string, RecentChange>();
  for (const t of once) {
    const entry = entryOf(t, t.once!.from, '');
    if (!logged.has(t.changeId) && !sameChange(entry, latest.get(t.taskId))) entries.push(entry);
  }
  appendLog(entries);
  return { applied: [...applied, ...done], lost: written.lost, rejected: written.rejected };
}

/**
 * The identity of one request that changes statuses outside a job (a manual change, a clean-up, an
 * interrupted export marked failed): what it is, when, and a part no other request has. Its
 * changes add the task: `${requestId(...)}:${taskId}`.
 */
export function requestId(what: string): string {
  return `${what}@${new Date().toISOString()}/${Utilities.getUuid().slice(0, 8)}`;
}

/** The sheet shows the change already: the status, in the change's batch when it has one. */
function showsAlready(t: Transition, current: Task): boolean {
  if (current.invalidExportStatus !== undefined || current.exportStatus !== t.to) return false;
  return t.exportBatchId === undefined || current.exportBatchId === t.exportBatchId;
}
