/** The server side of the delivery wizard page that is not the delivery engine itself. */
import type { DeliveredCount, DeliveryWizardSetup } from '../shared/rpc';
import { FolderListingError, ListedItem, isFolder, listChildren } from '../drive/listing';
import { getRecentClientFolders } from './client-folder';
import { getAvailableStagedExports } from './delivery-service';
import { requireBatchId, requireRecord } from '../batches/batch-checks';
import { loadBatch } from '../batches/batches';
import { findTaskFolder } from '../batches/task-folders';
import { activeJobs } from '../jobs/active';
import { readTable } from '../sheet/table';

/** Failed tasks counted at most, so that the call stays short whatever the batch's size. */
const MAX_COUNTED = 50;

/** What the wizard shows first: the staged exports, this user's recent client folders, jobs. */
export function getDeliveryWizardSetup(): DeliveryWizardSetup {
  return {
    exports: getAvailableStagedExports(),
    recentClientFolders: getRecentClientFolders(),
    runningJobs: activeJobs('delivery'),
  };
}

/**
 * For the completion step: each task's Staged Count beside the files now in its folder of a
 * delivery of the batch (`deliveryFolderUrl` names which one; the last one otherwise). Only the
 * batch's recorded delivery folders are listed.
 */
export function getDeliveryCounts(
  batchId: unknown,
  deliveryFolderUrl: unknown,
  taskIds: unknown,
): DeliveredCount[] {
  const id = requireBatchId(batchId);
  const record = requireRecord(id, loadBatch(id));
  const delivery =
    record.deliveries.find((d) => d.url === deliveryFolderUrl) ??
    record.deliveries[record.deliveries.length - 1];
  const wanted = Array.isArray(taskIds) ? taskIds.map(String).slice(0, MAX_COUNTED) : [];
  if (!delivery || wanted.length === 0) return [];
  const tasks = new Map(
    readTable()
      .tasks.filter((t) => t.exportBatchId === id)
      .map((t) => [t.taskId, t]),
  );
  const folders = listedOrNull(delivery.deliveryFolderId)?.filter(isFolder) ?? null;
  return wanted.map((taskId) => {
    const task = tasks.get(taskId);
    const expected = task?.stagedCount ?? null;
    if (!task || !folders) return { taskId, expected, found: null };
    const folder = findTaskFolder(task, folders);
    if (!folder) return { taskId, expected, found: 0 };
    const files = listedOrNull(folder.id);
    return { taskId, expected, found: files ? files.filter((f) => !isFolder(f)).length : null };
  });
}

/** A folder Drive did not list this time counts as "not known", never as empty. */
function listedOrNull(folderId: string): ListedItem[] | null {
  try {
    return listChildren(folderId);
  } catch (e) {
    if (!(e instanceof FolderListingError)) throw e;
    return null;
  }
}
