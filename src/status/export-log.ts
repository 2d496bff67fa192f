import type { FailureCause } from '../shared/rpc';
import { appendRows, sheetWithHeaders } from '../storage/sheets';
import { EXPORT_LOG_SHEET_NAME } from '../sheet/schema';
import { ExportState, label } from '../sheet/export-status';

/** One row of the Export Log: every status change, who made it and why. */
export interface LogEntry {
  time: Date;
  user: string;
  taskId: string;
  exportBatchId: string;
  from: ExportState;
  to: ExportState;
  reason: string;
  /** A move into a failed status: what retrying can do about it. */
  cause?: FailureCause;
  /**
   * The change's identity (who made it, for which task, which move): a try cut short between the
   * sheet and the log finds by it whether its row was written.
   */
  changeId: string;
}

export const LOG_HEADERS = [
  'Time',
  'User',
  'Task ID',
  'Export Batch ID',
  'From',
  'To',
  'Reason',
  'Change',
  'Cause',
];
const CHANGE_COLUMN = LOG_HEADERS.indexOf('Change') + 1;
const TASK_COLUMN = LOG_HEADERS.indexOf('Task ID') + 1;
/** A change logged this many rows back is long settled: a try is cut short within minutes. */
const RECENT_ROWS = 5000;

/** The Export Log sheet, created on first use and protected from casual edits. */
export function exportLogSheet(): GoogleAppsScript.Spreadsheet.Sheet {
  return sheetWithHeaders(
    EXPORT_LOG_SHEET_NAME,
    LOG_HEADERS,
    'Written by the export add-on: every export status change.',
    (spreadsheet) => spreadsheet.insertSheet(EXPORT_LOG_SHEET_NAME),
  );
}

/** Appends entries in one batched write. */
export function appendLog(entries: readonly LogEntry[]): void {
  if (entries.length === 0) return;
  const sheet = exportLogSheet();
  const rows = entries.map((e) => [
    e.time,
    e.user,
    e.taskId,
    e.exportBatchId,
    label(e.from),
    label(e.to),
    fitCell(e.reason),
    e.changeId,
    e.cause ?? '',
  ]);
  appendRows(sheet, rows);
}

/** The identities of the changes among the Export Log's recent rows. */
export function loggedChanges(): Set<string> {
  const sheet = exportLogSheet();
  const last = sheet.getLastRow();
  if (last < 2 || sheet.getMaxColumns() < CHANGE_COLUMN) return new Set();
  const first = Math.max(2, last - RECENT_ROWS + 1);
  const cells = sheet.getRange(first, CHANGE_COLUMN, last - first + 1, 1).getValues();
  return new Set(cells.map(([c]) => String(c)).filter((c) => c !== ''));
}

/** A task's latest change among the Export Log's recent rows, as `latestRecentChanges` reads it. */
export interface RecentChange {
  exportBatchId: string;
  from: string;
  to: string;
  reason: string;
  changeId: string;
}

/**
 * Each task's last row among the Export Log's recent rows (the lowest one: the log is appended
 * to), for the writers that log before they write the sheet.
 */
export function latestRecentChanges(): Map<string, RecentChange> {
  const latest = new Map<string, RecentChange>();
  const sheet = exportLogSheet();
  const last = sheet.getLastRow();
  if (last < 2) return latest;
  const first = Math.max(2, last - RECENT_ROWS + 1);
  const width = Math.min(sheet.getMaxColumns(), CHANGE_COLUMN) - TASK_COLUMN + 1;
  const cells = sheet.getRange(first, TASK_COLUMN, last - first + 1, width).getValues();
  for (const [taskId, exportBatchId, from, to, reason, changeId] of cells) {
    latest.set(String(taskId), {
      exportBatchId: String(exportBatchId ?? ''),
      from: String(from ?? ''),
      to: String(to ?? ''),
      reason: String(reason ?? ''),
      changeId: String(changeId ?? ''),
    });
  }
  return latest;
}

/** Whether `entry` is the change a log row (as `latestRecentChanges` reads it) records. */
export function sameChange(entry: LogEntry, row: RecentChange | undefined): boolean {
  if (!row) return false;
  if (row.changeId !== '' && row.changeId === entry.changeId) return true;
  return (
    row.exportBatchId === entry.exportBatchId &&
    row.from === label(entry.from) &&
    row.to === label(entry.to) &&
    row.reason === fitCell(entry.reason)
  );
}

/**
 * A cell holds at most 50,000 characters; a reason quoting a huge cell is cut to fit, with room
 * for the apostrophe that keeps it text (keepText), which Google does not say is free.
 */
const MAX_TEXT_CHARS = 50000 - 1;

function fitCell(text: string): string {
  return text.length > MAX_TEXT_CHARS ? `${text.slice(0, MAX_TEXT_CHARS - 3)}...` : text;
}

export function currentUser(): string {
  return Session.getActiveUser().getEmail() || Session.getEffectiveUser().getEmail() || 'unknown';
}
