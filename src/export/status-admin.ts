import { commitTransitions } from './transitions';
import { ExportState, parseExportState } from './status';

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
  const id = String(taskId ?? '').trim();
  if (!id) throw new StatusChangeError('Say which task to change: the Task ID is empty.');
  const why = String(reason ?? '').trim();
  if (!why) {
    throw new StatusChangeError(
      `Task ${id}: a reason is needed to change an export status by hand. It is kept in the Export Log.`,
    );
  }
  const target = parseExportState(newStatus);
  if (target !== null && typeof target === 'object') {
    throw new StatusChangeError(`Task ${id}: "${target.invalid}" is not an export status.`);
  }
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(10000)) {
    throw new StatusChangeError(
      'An export is writing to the sheet right now. Try again in a moment.',
    );
  }
  try {
    const result = commitTransitions([manualChange(id, target, why)], { allOrNothing: true });
    if (result.lost.length > 0) {
      throw new StatusChangeError(
        `Task ${id} is not in the sheet, or its Task ID appears on more than one row.`,
      );
    }
  } finally {
    lock.releaseLock();
  }
}

function manualChange(taskId: string, to: ExportState, reason: string) {
  return {
    taskId,
    to,
    cause: 'manualReset' as const,
    reason: `Manual change: ${reason}`,
    // Back to "never exported": the task leaves its batch.
    ...(to === null ? { exportBatchId: '', set: { STAGED_COUNT: '' } } : {}),
  };
}
