import { commitTransitions } from './transitions';
import { COLUMNS, ColumnKey, REQUIRED_COLUMNS } from '../sheet/schema';
import { headerMap, readTable, requireColumns, TableSnapshot, trackingSheet } from '../sheet/table';

/**
 * PLAN 7.1: adds Export Status and Staged Count after Export Batch ID when missing, and marks rows
 * that have an Export Time but no status as delivered (exported by the old single-phase tool).
 * Running it again changes nothing. A missing required column stops it before any change.
 */
export function migrateTrackingSheet(sheet = trackingSheet()): {
  added: string[];
  inferred: number;
  table: TableSnapshot;
} {
  const lastColumn = Math.max(sheet.getLastColumn(), 1);
  const headerRow = sheet.getRange(1, 1, 1, lastColumn).getValues()[0];
  const headers = headerMap(headerRow);
  requireColumns(headers, sheet.getName(), REQUIRED_COLUMNS);
  const added = addMissing(sheet, headers.EXPORT_BATCH_ID!, headers);
  const table = readTable(sheet);
  const inferred = inferDelivered(table);
  return { added, inferred, table: inferred > 0 ? readTable(sheet) : table };
}

function addMissing(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  batchColumn: number,
  headers: ReturnType<typeof headerMap>,
): string[] {
  const added: string[] = [];
  let after = batchColumn + 1; // 1-based column of Export Batch ID
  for (const key of ['EXPORT_STATUS', 'STAGED_COUNT'] as ColumnKey[]) {
    const existing = headers[key];
    if (existing !== undefined) {
      after = existing + 1;
      continue;
    }
    sheet.insertColumnAfter(after);
    sheet.getRange(1, after + 1).setValue(COLUMNS[key]);
    added.push(COLUMNS[key]);
    after += 1;
  }
  return added;
}

function inferDelivered(table: TableSnapshot): number {
  const legacy = table.tasks.filter(
    (t) =>
      t.exportTime !== null &&
      t.exportStatus === null &&
      t.invalidExportStatus === undefined &&
      !table.duplicateIds.has(t.taskId),
  );
  const result = commitTransitions(
    legacy.map((t) => ({
      taskId: t.taskId,
      to: 'delivered' as const,
      cause: 'migration' as const,
      reason: 'Exported before the two-phase export (has an Export Time).',
    })),
  );
  return result.applied.length;
}

/** The tracking table, migrated first: what every entry point reads. */
export function preparedTable(): TableSnapshot {
  return migrateTrackingSheet().table;
}
