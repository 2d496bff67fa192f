/** Staging jobs made by recovery: resumed after their state was lost, or retried after failures. */
import type { FolderRef } from '../shared/rpc';
import { FolderSettingError, folderUrl, requireStagingFolder } from '../config/settings';
import { Copier, findOrCreateFolder } from '../drive/copier';
import { JobState } from '../jobs/job';
import { currentUser } from '../status/export-log';
import { Task } from '../sheet/task';
import { ExportRequestError, stagingFolderProblem } from '../batches/batch-checks';
import { BatchRecord, batchFolderName, jobOnBatch, loadBatch, saveBatch } from '../batches/batches';
import { folderNamesFor } from '../batches/task-folders';
import { Transition, commitTransitions } from '../status/transitions';

/**
 * The batch's staging folder for a retry: the one on record, or, when it or its record is gone, a
 * new one in the configured staging folder (the record then points at it).
 */
export function batchForRetry(batchId: string, copier: Copier): BatchRecord {
  const known = loadBatch(batchId);
  if (known && !stagingFolderProblem(known)) return known;
  let staging: FolderRef;
  try {
    staging = requireStagingFolder();
  } catch (e) {
    if (e instanceof FolderSettingError) throw new ExportRequestError(e.message);
    throw e;
  }
  const name = batchFolderName(batchId);
  const batchFolderId = findOrCreateFolder(copier, staging.id, name);
  const record: BatchRecord = {
    batchId,
    createdAt: known?.createdAt ?? new Date().toISOString(),
    createdBy: known?.createdBy ?? currentUser(),
    stagingFolderId: staging.id,
    batchFolderId,
    batchFolderName: name,
    batchFolderUrl: folderUrl(batchFolderId),
    exportSheetId: null,
    exportSheetUrl: null,
    deliveries: known?.deliveries ?? [],
  };
  saveBatch(record);
  return record;
}

export function stagingJob(
  batch: BatchRecord,
  tasks: readonly Task[],
  inBatch: readonly Task[],
  copier: Copier,
  claimed: boolean,
): JobState {
  const ids = tasks.map((t) => t.taskId);
  return jobOnBatch('staging', batch, ids, {
    claimed,
    folderNames: folderNamesFor(tasks, inBatch, copier.listFolders(batch.batchFolderId)),
  });
}

/** staging_failed -> staging; tasks that changed meanwhile are left out with the reason. */
export function claimRetry(job: JobState): void {
  const transitions: Transition[] = job.taskIds.map((taskId) => ({
    taskId,
    to: 'staging',
    cause: 'retry',
    exportBatchId: job.batchId,
    reason: 'Staging retried from Resume Failed Exports.',
  }));
  const result = commitTransitions(transitions);
  for (const taskId of [...result.lost, ...result.rejected.map((r) => r.taskId)]) {
    job.outcomes[taskId] = {
      taskId,
      ok: false,
      files: 0,
      reason: `Task ${taskId}: it changed in the sheet before the retry began, so it was left out.`,
      committed: true,
    };
    job.pending = job.pending.filter((id) => id !== taskId);
  }
  job.claimed = true;
}
