import { commitTransitions } from './transitions';
import { SHORT_WAIT_MS, underScriptLock } from '../jobs/lock';
import { COLUMNS, ColumnKey, REQUIRED_COLUMNS } from '../sheet/schema';
import { headerMap, readTable, requireColumns, TableSnapshot, trackingSheet } from '../sheet/table';
import { keepText } from '../storage/sheets';

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
    sheet.getRange(1, after + 1).setValue(keepText(COLUMNS[key]));
    added.push(COLUMNS[key]);
    after += 1;
  }
  return added;
}

/**
 * Marks legacy rows delivered, under the script lock (every page and job reads the sheet through
 * here, and two of them must not log one row twice). The Export Log is written first: a run cut
 * short after the sheet was written would leave rows that no longer look legacy, and no run would
 * log them again; cut short before, the next run finds the rows still legacy and their log rows
 * there, and writes only the sheet.
 */
function inferDelivered(table: TableSnapshot): number {
  const legacy = table.tasks.filter(
    (t) =>
      t.exportTime !== null &&
      t.exportStatus === null &&
      t.invalidExportStatus === undefined &&
      !table.duplicateIds.has(t.taskId),
  );
  if (legacy.length === 0) return 0;
  const transitions = legacy.map((t) => ({
    taskId: t.taskId,
    to: 'delivered' as const,
    cause: 'migration' as const,
    reason: 'Exported before the two-phase export (has an Export Time).',
    changeId: `migration:${t.taskId}:${t.exportTime!.toISOString()}`,
  }));
  const result = underScriptLock(
    SHORT_WAIT_MS,
    () => commitTransitions(transitions, { logFirst: true }),
    () => {
      throw new MigrationBusyError();
    },
  );
  return result.applied.length;
}

/** Another execution held the script lock for longer than a short section takes. */
class MigrationBusyError extends Error {
  constructor() {
    super(
      'The sheet is being updated by an export right now, so it cannot be read yet. Try again in a moment.',
    );
    this.name = 'MigrationBusyError';
  }
}

/** The tracking table, migrated first: what every entry point reads. */
export function preparedTable(): TableSnapshot {
  return migrateTrackingSheet().table;
}
