import { EXPORT_LOG_SHEET_NAME } from '../sheet/schema';
import { isDate, text } from '../sheet/task';
import { TableSnapshot } from '../sheet/table';
import { label } from '../sheet/export-status';

/** One Export Log row as read back. */
export interface LoggedChange {
  time: Date | null;
  user: string;
  taskId: string;
  exportBatchId: string;
  from: string;
  to: string;
  reason: string;
}

const FIELDS: ReadonlyArray<[keyof LoggedChange, string]> = [
  ['time', 'time'],
  ['user', 'user'],
  ['taskId', 'task id'],
  ['exportBatchId', 'export batch id'],
  ['from', 'from'],
  ['to', 'to'],
  ['reason', 'reason'],
];

/**
 * The latest Export Log entry of each task, in one read of the log. Columns are found by header
 * and entries compared by time, so a log someone sorted or widened by hand still reads right.
 * Given the table, only entries that end where the sheet shows the task count: a change logged
 * before it is written to the sheet (see `logFirst` in transitions.ts), whose execution was cut
 * short in between, is not yet what happened to the task.
 */
export function latestLogEntries(table?: TableSnapshot): Map<string, LoggedChange> {
  const latest = new Map<string, LoggedChange>();
  const shown = new Map(table?.tasks.map((t) => [t.taskId, label(t.exportStatus)]));
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(EXPORT_LOG_SHEET_NAME);
  if (!sheet) return latest;
  const [header, ...rows] = sheet.getDataRange().getValues();
  const columns = columnsOf(header ?? []);
  for (const row of rows) {
    const entry = entryOf(row, columns);
    if (!entry.taskId) continue;
    const status = shown.get(entry.taskId);
    if (status !== undefined && entry.to !== status) continue;
    const known = latest.get(entry.taskId);
    if (!known || !known.time || !entry.time || entry.time.getTime() >= known.time.getTime()) {
      latest.set(entry.taskId, entry);
    }
  }
  return latest;
}

function columnsOf(header: readonly unknown[]): Map<keyof LoggedChange, number> {
  const names = header.map((h) => text(h).toLowerCase());
  const columns = new Map<keyof LoggedChange, number>();
  FIELDS.forEach(([field, name], i) => {
    const at = names.indexOf(name);
    columns.set(field, at >= 0 ? at : i);
  });
  return columns;
}

function entryOf(row: readonly unknown[], columns: Map<keyof LoggedChange, number>): LoggedChange {
  const cell = (field: keyof LoggedChange) => row[columns.get(field)!];
  const time = cell('time');
  return {
    time: isDate(time) ? time : null,
    user: text(cell('user')),
    taskId: text(cell('taskId')),
    exportBatchId: text(cell('exportBatchId')),
    from: text(cell('from')),
    to: text(cell('to')),
    reason: text(cell('reason')),
  };
}
