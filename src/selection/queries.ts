import type { ExportFilterOptions, OverrideFlag, StagedBatch, StagingCount } from '../shared/rpc';
import { preparedTable } from '../status/migration';
import { allBatches } from '../batches/batches';
import { checkFilters, getExportFilterOptions as optionsFrom } from './filters';
import { getTasksForExport } from './selection';

export function getExportFilterOptions(): ExportFilterOptions {
  return optionsFrom(preparedTable().tasks);
}

/**
 * The filter step's live count (PLAN 2.3 step 1): the tasks the filters pick and those only an
 * override keeps out, from one read of the sheet (no Drive lookups, so it may run as they change).
 */
export function countTasksForStaging(filters: unknown): StagingCount {
  const selection = getTasksForExport(preparedTable(), checkFilters(filters));
  const byFlag = new Map<OverrideFlag, number>();
  for (const x of selection.needOverride) {
    for (const flag of x.flags) byFlag.set(flag, (byFlag.get(flag) ?? 0) + 1);
  }
  return {
    tasks: selection.tasks.length,
    needOverride: [...byFlag].map(([flag, tasks]) => ({ flag, tasks })),
  };
}

/** PLAN 2.1: staged tasks grouped by export batch, with count, date and staging folder. */
export function getStagedExportBatches(): StagedBatch[] {
  const table = preparedTable();
  const batches = new Map(allBatches().map((b) => [b.batchId, b]));
  const counts = new Map<string, number>();
  for (const t of table.tasks) {
    if (t.exportStatus === 'staged' && t.exportBatchId) {
      counts.set(t.exportBatchId, (counts.get(t.exportBatchId) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .map(([batchId, taskCount]) => {
      const record = batches.get(batchId);
      return {
        batchId,
        taskCount,
        createdDate: record?.createdAt ?? null,
        stagingFolderUrl: record?.batchFolderUrl ?? null,
        stagingFolderPath: record?.batchFolderName ?? null,
      };
    })
    .sort((a, b) => (b.createdDate ?? '').localeCompare(a.createdDate ?? ''));
}
