import { appendLog, currentUser, LogEntry, loggedChanges } from './export-log';
import { ColumnKey } from '../sheet/schema';
import { RowUpdate, writeUpdates } from '../sheet/table';
import { ExportState, TransitionCause, assertTransition } from '../sheet/export-status';

/** A status change of one task, with the other export cells that change with it. */
export interface Transition {
  taskId: string;
  to: ExportState;
  cause: TransitionCause;
  reason: string;
  /** The export batch the change belongs to (also written to Export Batch ID when given). */
  exportBatchId?: string;
  set?: Partial<Record<ColumnKey, unknown>>;
  /**
   * A job's own change (its result for the task), made once whatever the number of tries: the
   * state it moves from, and its identity, which its Export Log row carries. Found already
   * applied (a try cut short after the sheet was written), it is done, and its log row is
   * written if that is what was lost.
   */
  once?: { from: ExportState; changeId: string };
}

export interface CommitResult {
  applied: Transition[];
  lost: string[];
  rejected: Array<{ taskId: string; message: string }>;
}

/**
 * The one way export statuses change: each task's current status is read at write time and the
 * move checked against the state machine; applied changes are logged in one batched append.
 * With `allOrNothing`, one illegal move writes nothing and throws its error. `user` is the person
 * the Export Log names, when it is not the one running this execution.
 */
export function commitTransitions(
  transitions: readonly Transition[],
  options: { allOrNothing?: boolean; user?: string } = {},
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
  const written = writeUpdates(updates, {
    allOrNothing: options.allOrNothing,
    verify: (update, current) => {
      const t = byId.get(update.taskId)!;
      if (t.once && current.exportStatus === t.to && current.exportBatchId === t.exportBatchId) {
        return 'done';
      }
      if (current.invalidExportStatus !== undefined) {
        throw new Error(
          `Task ${update.taskId}: its Export Status cell holds "${current.invalidExportStatus}", which is not an export status. Clear or correct it first.`,
        );
      }
      assertTransition(update.taskId, current.exportStatus, t.to, t.cause);
    },
  });
  const time = new Date();
  // A job's slices may run under another person's trigger: the log names who started the job.
  const user = options.user || currentUser();
  const applied = transitions.filter((t) => written.before.has(t.taskId));
  const entries: LogEntry[] = applied.map((t) => {
    const before = written.before.get(t.taskId)!;
    return {
      time,
      user,
      taskId: t.taskId,
      exportBatchId: t.exportBatchId ?? before.exportBatchId,
      from: before.exportStatus,
      to: t.to,
      reason: t.reason,
      changeId: t.once?.changeId ?? '',
    };
  });
  const done = transitions.filter((t) => written.done.includes(t.taskId));
  const logged = done.length > 0 ? loggedChanges() : new Set<string>();
  for (const t of done) {
    if (logged.has(t.once!.changeId)) continue;
    entries.push({
      time,
      user,
      taskId: t.taskId,
      exportBatchId: t.exportBatchId ?? '',
      from: t.once!.from,
      to: t.to,
      reason: t.reason,
      changeId: t.once!.changeId,
    });
  }
  appendLog(entries);
  return { applied: [...applied, ...done], lost: written.lost, rejected: written.rejected };
}
