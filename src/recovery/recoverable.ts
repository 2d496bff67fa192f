/**
 * What "Resume failed exports" offers, and what the watchdog looks for: tasks in flight with no job
 * working on them, and failures that can be retried, grouped by batch.
 */
import type { JobKind, RecoverableExport, RecoverableExports, RecoveryAction } from '../shared/rpc';
import { folderUrl } from '../config/settings';
import { JobState, activeJobIds, jobIdFor, loadJob } from '../jobs/job';
import { toProgress } from '../jobs/runner';
import { OrphanRecovery } from '../jobs/watchdog';
import { latestLogEntries } from '../status/log-reader';
import { preparedTable } from '../status/migration';
import { readTable } from '../sheet/table';
import { BatchRecord, batchesById, loadBatch } from '../batches/batches';
import { resumeFailedDelivery, resumeFailedStaging } from './recovery';

const ACTIONS: Record<string, { action: RecoveryAction; kind: JobKind; what: string }> = {
  staging: {
    action: 'resumeFailedStaging',
    kind: 'staging',
    what: 'Staging was interrupted: resume it.',
  },
  staging_failed: {
    action: 'retryFailedStagingTasks',
    kind: 'staging',
    what: 'Some tasks failed staging: stage them again (after fixing their files).',
  },
  delivering: {
    action: 'resumeFailedDelivery',
    kind: 'delivery',
    what: 'Delivery was interrupted: resume it into the same client folder.',
  },
  delivery_failed: {
    action: 'retryFailedDelivery',
    kind: 'delivery',
    what: 'Some deliveries failed: deliver them again (only missing files are copied).',
  },
};

/** "Resume failed exports": what can be resumed or retried, batch by batch, and what runs now. */
export function listRecoverableExports(): RecoverableExports {
  const table = preparedTable();
  const all = PropertiesService.getScriptProperties().getProperties();
  const active = activeJobIds(all);
  const latest = latestLogEntries(table);
  const groups = new Map<string, RecoverableExport>();
  const batches = batchesById();
  for (const task of table.tasks) {
    const status = task.exportStatus;
    const known = status ? ACTIONS[status] : undefined;
    if (!known || !task.exportBatchId || table.duplicateIds.has(task.taskId)) continue;
    if (active.includes(jobIdFor(known.kind, task.exportBatchId))) continue;
    const key = `${task.exportBatchId}\u0000${known.action}`;
    const group = groups.get(key) ?? newGroup(task.exportBatchId, known, batches);
    group.taskIds.push(task.taskId);
    group.reasons.push({ taskId: task.taskId, reason: latest.get(task.taskId)?.reason ?? '' });
    groups.set(key, group);
  }
  const running = active
    .map((id) => loadJob(id, all))
    .filter((j): j is JobState => j !== null)
    .map(toProgress);
  return { items: [...groups.values()], running };
}

function newGroup(
  batchId: string,
  known: (typeof ACTIONS)[string],
  batches: ReadonlyMap<string, BatchRecord>,
): RecoverableExport {
  const last = loadBatch(batchId, batches)?.deliveries.slice(-1)[0];
  return {
    batchId,
    ...known,
    taskIds: [],
    reasons: [],
    clientFolderUrl:
      known.kind === 'delivery' && last
        ? (last.clientFolderUrl ?? folderUrl(last.clientFolderId))
        : null,
  };
}

export interface Orphan {
  kind: JobKind;
  batchId: string;
}

/** For the watchdog: batches with tasks in flight that no active job of their kind works on. */
export const orphanRecovery: OrphanRecovery<Orphan> = {
  find(active) {
    const table = readTable();
    const found = new Map<string, Orphan>();
    for (const task of table.tasks) {
      const kind: JobKind | null =
        task.exportStatus === 'staging'
          ? 'staging'
          : task.exportStatus === 'delivering'
            ? 'delivery'
            : null;
      // Without a batch id there is nothing to rebuild from; a Task ID on two rows cannot be
      // written until someone makes it unique. The report lists such tasks.
      if (!kind || !task.exportBatchId || table.duplicateIds.has(task.taskId)) continue;
      if (active.includes(jobIdFor(kind, task.exportBatchId))) continue;
      found.set(`${kind}:${task.exportBatchId}`, { kind, batchId: task.exportBatchId });
    }
    return [...found.values()];
  },
  rebuild(orphan, copier) {
    if (orphan.kind === 'staging') resumeFailedStaging(orphan.batchId, copier, 'starter');
    else resumeFailedDelivery(orphan.batchId, copier, 'starter');
  },
};
