import type { ExportFilterOptions, StagedBatch } from '../shared/rpc';
import { preparedTable } from '../status/migration';
import { allBatches } from '../batches/batches';
import { getExportFilterOptions as optionsFrom } from './filters';

export function getExportFilterOptions(): ExportFilterOptions {
  return optionsFrom(preparedTable().tasks);
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
