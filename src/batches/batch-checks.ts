import { SHORT_WAIT_MS, underScriptLock as underLock } from '../jobs/lock';
/**
 * Checks shared by the actions on an export batch (delivery, resume, retry, clean-up): the batch
 * and its tasks, its record and staging folder, one job per batch, and the script lock.
 */
import type { JobKind } from '../shared/rpc';
import { readFileMeta, unanswered } from '../drive/drive-reads';
import { activeJobIds, jobIdFor, loadJob } from '../jobs/job';
import { TableSnapshot } from '../sheet/table';
import { Task } from '../sheet/task';
import { BatchRecord } from './batches';

/** A request about an export batch that cannot be carried out; the message is for ops staff. */
export class ExportRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportRequestError';
  }
}

/** The kind of job running now for a batch, if any. */
export function runningKind(batchId: string, all: Record<string, string>): JobKind | null {
  const ids = activeJobIds(all);
  if (ids.includes(jobIdFor('staging', batchId))) return 'staging';
  if (ids.includes(jobIdFor('delivery', batchId))) return 'delivery';
  return null;
}

/** The checked batch id of a request; an empty one is a plain error. */
export function requireBatchId(batchId: unknown): string {
  const id = String(batchId ?? '').trim();
  if (!id) throw new ExportRequestError('Choose an export batch first: none is selected.');
  return id;
}

/** Tasks of one export batch (Task IDs on one row only). */
export function batchTasks(table: TableSnapshot, batchId: string): Task[] {
  return table.tasks.filter(
    (t) => t.exportBatchId === batchId && !table.duplicateIds.has(t.taskId),
  );
}

/** Runs `action` under the script lock, or says plainly that someone else is starting something. */
export function underScriptLock<T>(action: () => T): T {
  return underLock(SHORT_WAIT_MS, action, () => {
    throw new ExportRequestError(
      'Another export is being started or changed right now. Wait a moment and try again.',
    );
  });
}

/** One job per batch at a time: a second start is told what is running. */
export function refuseIfRunning(batchId: string, all: Record<string, string>): void {
  const kind = runningKind(batchId, all);
  if (!kind) return;
  const job = loadJob(jobIdFor(kind, batchId), all);
  const since = job ? ` (started by ${job.createdBy} at ${job.createdAt})` : '';
  throw new ExportRequestError(
    kind === 'delivery'
      ? `Export batch ${batchId} is already being delivered${since}. Follow it in the delivery wizard, or wait for it to finish.`
      : `Export batch ${batchId} is still being staged${since}. Deliver it once staging has finished.`,
  );
}

export function requireRecord(batchId: string, record: BatchRecord | null): BatchRecord {
  if (record) return record;
  throw new ExportRequestError(
    `The record of export batch ${batchId} (where its staging folder is) is missing, so it cannot be delivered. Stage its tasks again.`,
  );
}

/** The batch's staging folder must still be there: the delivery copies from it. */
export function requireStagingBatchFolder(batch: BatchRecord): void {
  const problem = stagingFolderProblem(batch);
  if (problem) throw new ExportRequestError(`Export batch ${batch.batchId}: ${problem}.`);
}

/**
 * Why the batch's staging folder cannot be used, or null when it can. A problem found here may
 * fail tasks or replace the folder, so Drive busy or failing after the read's tries is thrown
 * (DriveUnansweredError), never returned as a problem: it says nothing about the folder.
 */
export function stagingFolderProblem(batch: BatchRecord): string | null {
  const read = readFileMeta(batch.batchFolderId, 'id,name,trashed');
  const name = batch.batchFolderName;
  if (read.kind === 'notFound') {
    return `its staging folder "${name}" no longer exists or is not shared with you`;
  }
  if (read.kind !== 'ok' || !read.body) {
    throw unanswered(read, `the staging folder "${name}" of export batch ${batch.batchId}`);
  }
  if (read.body.trashed) return `its staging folder "${name}" is in the trash; restore it first`;
  return null;
}
