import { SHORT_WAIT_MS, underScriptLock } from '../jobs/lock';
import type { TaskStatusChoices, TaskSummary } from '../shared/rpc';
import { runningKind } from '../batches/batch-checks';
import { preparedTable } from '../status/migration';
import { summarize } from '../selection/selection';
import type { Task } from '../sheet/task';
import { commitTransitions, requestId } from '../status/transitions';
import {
  EXPORT_STATUS_VALUES,
  ExportState,
  canTransition,
  label,
  parseExportState,
} from '../sheet/export-status';

/** A manual status change that cannot be made; the message says why. */
export class StatusChangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StatusChangeError';
  }
}

/**
 * PLAN 4.1: the ops team's manual override. It needs a reason, goes through the state machine
 * (a delivered task cannot be reset) and records who made it in the Export Log.
 */
export function resetTaskExportStatus(taskId: unknown, newStatus: unknown, reason: unknown): void {
  const typed = String(taskId ?? '').trim();
  if (!typed) throw new StatusChangeError('Say which task to change: the Task ID is empty.');
  const why = String(reason ?? '').trim();
  if (!why) {
    throw new StatusChangeError(
      `Task ${typed}: a reason is needed to change an export status by hand. It is kept in the Export Log.`,
    );
  }
  const target = parseExportState(newStatus);
  if (target !== null && typeof target === 'object') {
    throw new StatusChangeError(`Task ${typed}: "${target.invalid}" is not an export status.`);
  }
  underLock(() => {
    const id = asInSheet(preparedTable().tasks, typed);
    refuseWhileRunning([id]);
    const result = commitTransitions([manualChange(requestId('manual'), id, target, why)], {
      allOrNothing: true,
      logFirst: true,
    });
    if (result.lost.length > 0) {
      throw new StatusChangeError(
        `Task ${id} is not in the sheet, or its Task ID appears on more than one row.`,
      );
    }
  });
}

/**
 * A person's change. Its log row is written first (`logFirst`): asked again after an execution cut
 * short between the log and the sheet, it finds its row and writes only the sheet; asked again
 * once the sheet shows it, it is done.
 */
function manualChange(request: string, taskId: string, to: ExportState, reason: string) {
  return {
    taskId,
    changeId: `${request}:${taskId}`,
    to,
    cause: 'manualReset' as const,
    reason: `Manual change: ${reason}`,
    // Back to "never exported": the task leaves its batch.
    ...(to === null ? { exportBatchId: '', set: { STAGED_COUNT: '' } } : {}),
  };
}

/**
 * PLAN 4.1: sets the export status of several tasks by hand (optionally their Export Batch ID),
 * all or none: each move must be one the state machine allows for a manual change, and like a
 * single reset it needs a reason, kept in the Export Log with who made it.
 */
export function updateTaskExportStatus(
  taskIds: unknown,
  status: unknown,
  exportBatchId: unknown,
  reason: unknown,
): { updated: string[] } {
  const ids = taskIdList(taskIds);
  const why = String(reason ?? '').trim();
  if (!why) {
    throw new StatusChangeError(
      `A reason is needed to change the export status of ${ids.join(', ')} by hand. It is kept in the Export Log.`,
    );
  }
  const target = parseExportState(status);
  if (target !== null && typeof target === 'object') {
    throw new StatusChangeError(`"${target.invalid}" is not an export status.`);
  }
  const batch = String(exportBatchId ?? '').trim();
  return underLock(() => {
    requireOnce(ids);
    refuseWhileRunning(ids);
    const request = requestId('manual');
    const changes = ids.map((id) => ({
      ...manualChange(request, id, target, why),
      ...(batch && target !== null ? { exportBatchId: batch } : {}),
    }));
    commitTransitions(changes, { allOrNothing: true, logFirst: true });
    return { updated: ids };
  });
}

/** PLAN 4.1: the tasks in one export status (null: not exported), optionally of one batch. */
export function getTasksByExportStatus(status: unknown, exportBatchId?: unknown): TaskSummary[] {
  const text = String(status ?? '').trim();
  const target = text.toLowerCase() === label(null) ? null : parseExportState(text);
  if (target !== null && typeof target === 'object') {
    throw new StatusChangeError(`"${target.invalid}" is not an export status.`);
  }
  const batch = String(exportBatchId ?? '').trim();
  return preparedTable()
    .tasks.filter(
      (t) =>
        t.invalidExportStatus === undefined &&
        t.exportStatus === target &&
        (!batch || t.exportBatchId === batch),
    )
    .map(summarize);
}

function taskIdList(taskIds: unknown): string[] {
  const list = Array.isArray(taskIds) ? taskIds : taskIds === undefined ? [] : [taskIds];
  const ids = [...new Set(list.map((id) => String(id ?? '').trim()).filter((id) => id !== ''))];
  if (ids.length === 0) throw new StatusChangeError('Say which tasks to change: no Task ID given.');
  return ids;
}

/**
 * The Task ID as the sheet spells it, for one a person typed in another case ("tsk-0005" for
 * "TSK-0005"); as typed when the sheet has it so, or has no task or several tasks of that name.
 */
function asInSheet(tasks: readonly Task[], typed: string): string {
  if (tasks.some((t) => t.taskId === typed)) return typed;
  const lower = typed.toLowerCase();
  const spellings = new Set(
    tasks.filter((t) => t.taskId.toLowerCase() === lower).map((t) => t.taskId),
  );
  return spellings.size === 1 ? [...spellings][0] : typed;
}

/** Every task must be on exactly one row before anything is written. */
function requireOnce(ids: readonly string[]): void {
  const table = preparedTable();
  const present = new Set(table.tasks.map((t) => t.taskId));
  const bad = ids.filter((id) => !present.has(id) || table.duplicateIds.has(id));
  if (bad.length > 0) {
    throw new StatusChangeError(
      `These tasks are not in the sheet, or their Task ID appears on more than one row: ${bad.join(', ')}. Nothing was changed.`,
    );
  }
}

function underLock<T>(action: () => T): T {
  return underScriptLock(SHORT_WAIT_MS, action, () => {
    throw new StatusChangeError(
      'An export is writing to the sheet right now. Try again in a moment.',
    );
  });
}

/**
 * What the status change page shows for one task: its status now and the statuses a person may
 * move it to (the state machine's manual changes), or why none.
 */
export function getTaskStatusChoices(taskId: unknown): TaskStatusChoices {
  const typed = String(taskId ?? '').trim();
  if (!typed) throw new StatusChangeError('Type a Task ID first: the box is empty.');
  const table = preparedTable();
  const id = asInSheet(table.tasks, typed);
  const rows = table.tasks.filter((t) => t.taskId === id);
  if (rows.length === 0) throw new StatusChangeError(`There is no task ${id} in the sheet.`);
  if (rows.length > 1) {
    throw new StatusChangeError(
      `Task ${id} appears on more than one row of the sheet; make its Task ID unique first.`,
    );
  }
  const task = rows[0];
  const all = PropertiesService.getScriptProperties().getProperties();
  const running = task.exportBatchId ? runningKind(task.exportBatchId, all) : null;
  const from = task.exportStatus;
  const invalid = task.invalidExportStatus !== undefined;
  const choices =
    invalid || running
      ? []
      : [null, ...EXPORT_STATUS_VALUES]
          .filter((to) => to !== from && canTransition(from, to, 'manualReset'))
          .map(label);
  return {
    taskId: id,
    batchId: task.exportBatchId,
    status: invalid ? task.invalidExportStatus! : label(from),
    known: !invalid,
    running,
    choices,
  };
}

/** A task of a batch a job is working on is the job's: a person's change waits for it. */
function refuseWhileRunning(taskIds: readonly string[]): void {
  const wanted = new Set(taskIds);
  const all = PropertiesService.getScriptProperties().getProperties();
  for (const task of preparedTable().tasks) {
    if (!wanted.has(task.taskId) || !task.exportBatchId) continue;
    const kind = runningKind(task.exportBatchId, all);
    if (!kind) continue;
    throw new StatusChangeError(
      `Task ${task.taskId} is in export batch ${task.exportBatchId}, which is being ${kind === 'staging' ? 'staged' : 'delivered'} right now. Nothing was changed: wait for that export to finish, then try again.`,
    );
  }
}
