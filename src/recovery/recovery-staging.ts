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
    // A new record is made by this version; a known one keeps what it was staged by.
    ...(!known || known.manifests ? { manifests: true } : {}),
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
  startedBy?: string,
): JobState {
  const ids = tasks.map((t) => t.taskId);
  return jobOnBatch(
    'staging',
    batch,
    ids,
    {
      claimed,
      folderNames: folderNamesFor(tasks, inBatch, copier.listFolders(batch.batchFolderId)),
      claimFrom: Object.fromEntries(tasks.map((t) => [t.taskId, t.exportStatus])),
    },
    startedBy,
  );
}
