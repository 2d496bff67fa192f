import type { FailureCause } from '../shared/rpc';
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
  /** For a move into a failed status logged since the log has a Cause column. */
  cause: FailureCause | null;
}

const FIELDS: ReadonlyArray<[keyof LoggedChange, string]> = [
  ['time', 'time'],
  ['user', 'user'],
  ['taskId', 'task id'],
  ['exportBatchId', 'export batch id'],
  ['from', 'from'],
  ['to', 'to'],
  ['reason', 'reason'],
  ['cause', 'cause'],
];
/** Read by its header only: a log older than it has another column (or none) in its place. */
const BY_HEADER_ONLY: ReadonlySet<keyof LoggedChange> = new Set(['cause']);
const CAUSES: readonly FailureCause[] = ['transient', 'fix', 'restage'];

/**
 * The latest Export Log entry of each task, in one read of the log. Columns are found by header
 * and entries compared by time, so a log someone sorted or widened by hand still reads right.
 * Given the table, only entries that end where the sheet shows the task count: a change logged
 * before it is written to the sheet (see `logFirst` in transitions.ts), whose execution was cut
 * short in between, is not yet what happened to the task.
 */
export function latestLogEntries(
  table?: TableSnapshot,
  log: readonly LoggedChange[] = readExportLog(),
): Map<string, LoggedChange> {
  const latest = new Map<string, LoggedChange>();
  const shown = new Map(table?.tasks.map((t) => [t.taskId, label(t.exportStatus)]));
  for (const entry of log) {
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

/** Every Export Log row, in one read, for callers that draw more than one thing from it. */
export function readExportLog(): LoggedChange[] {
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(EXPORT_LOG_SHEET_NAME);
  if (!sheet) return [];
  const [header, ...rows] = sheet.getDataRange().getValues();
  const columns = columnsOf(header ?? []);
  return rows.map((row) => entryOf(row, columns));
}

function columnsOf(header: readonly unknown[]): Map<keyof LoggedChange, number> {
  const names = header.map((h) => text(h).toLowerCase());
  const columns = new Map<keyof LoggedChange, number>();
  FIELDS.forEach(([field, name], i) => {
    const at = names.indexOf(name);
    if (at >= 0 || !BY_HEADER_ONLY.has(field)) columns.set(field, at >= 0 ? at : i);
  });
  return columns;
}

function entryOf(row: readonly unknown[], columns: Map<keyof LoggedChange, number>): LoggedChange {
  const cell = (field: keyof LoggedChange) => {
    const at = columns.get(field);
    return at === undefined ? '' : row[at];
  };
  const time = cell('time');
  const cause = text(cell('cause'));
  return {
    time: isDate(time) ? time : null,
    user: text(cell('user')),
    taskId: text(cell('taskId')),
    exportBatchId: text(cell('exportBatchId')),
    from: text(cell('from')),
    to: text(cell('to')),
    reason: text(cell('reason')),
    cause: CAUSES.find((c) => c === cause) ?? null,
  };
}
