import { EXPORT_LOG_SHEET_NAME } from '../sheet/schema';
import { isDate, text } from '../sheet/task';

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
 */
export function latestLogEntries(): Map<string, LoggedChange> {
  const latest = new Map<string, LoggedChange>();
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(EXPORT_LOG_SHEET_NAME);
  if (!sheet) return latest;
  const [header, ...rows] = sheet.getDataRange().getValues();
  const columns = columnsOf(header ?? []);
  for (const row of rows) {
    const entry = entryOf(row, columns);
    if (!entry.taskId) continue;
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
