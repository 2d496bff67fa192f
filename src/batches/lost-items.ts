/**
 * Items a running job relies on that may go from under it: moved to the trash (by hand, or with a
 * folder above it), deleted, or no longer shared with the user. Drive lists nothing in a trashed
 * folder, so a job that went on would find each task folder empty and copy it again, into the
 * trash, slice after slice: each slice asks about its folder first, and stops with a reason per
 * task instead. The export sheet is asked about the same way before it is written again.
 */
import { readFileMeta } from '../drive/drive-reads';
import { JobState } from '../jobs/job';
import { loadBatch } from './batches';

export type Lost = 'trashed' | 'gone';

/**
 * Whether a folder (or file) went to the trash or is gone, or null: asked of Drive by id (tried
 * again while Drive is busy), and told by the answer's kind, so an item Drive still did not answer
 * about is taken as there: the job's next look asks again.
 */
export function lostItem(id: string): Lost | null {
  const read = readFileMeta(id, 'id,trashed');
  // Drive answers 404 for an item deleted for good and for one no longer shared; a rate limit or
  // a 5xx passes, so it condemns nothing.
  if (read.kind === 'notFound') return 'gone';
  if (read.kind === 'ok' && read.body?.trashed === true) return 'trashed';
  return null;
}

/** The reason a staging task gets when its batch folder went mid-job. */
export function stagingFolderLost(taskId: string, job: JobState, lost: Lost): string {
  const name = job.batchFolderName ?? loadBatch(job.batchId)?.batchFolderName ?? job.batchId;
  const folder = `the staging folder "${name}" of export batch ${job.batchId}`;
  return lost === 'trashed'
    ? `Task ${taskId}: ${folder} was moved to the trash while the export ran, so the task was not staged and nothing more was copied into the trash. Restore the folder from the trash, then retry the task from Resume failed exports.`
    : `Task ${taskId}: ${folder} was deleted or is no longer shared with you while the export ran, so the task was not staged. Retry it from Resume failed exports.`;
}

/** The reason a delivery task gets when the batch's folder in the client folder went mid-job. */
export function deliveryFolderLost(taskId: string, job: JobState, lost: Lost): string {
  const folder = `the delivery folder "${job.batchId}" in the client folder`;
  return lost === 'trashed'
    ? `Task ${taskId}: ${folder} was moved to the trash while the delivery ran, so the task was not delivered and nothing more was copied into the trash. Restore the folder, or retry the delivery into another client folder from Resume failed exports.`
    : `Task ${taskId}: ${folder} was deleted or is no longer shared with you while the delivery ran, so the task was not delivered. Check the client folder's sharing, then retry the delivery from Resume failed exports.`;
}
