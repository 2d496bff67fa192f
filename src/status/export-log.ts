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
}

export const LOG_HEADERS = ['Time', 'User', 'Task ID', 'Export Batch ID', 'From', 'To', 'Reason'];

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
  ]);
  appendRows(sheet, rows);
}

/** A cell holds at most 50,000 characters; a reason quoting a huge cell is cut to fit. */
const MAX_CELL_CHARS = 50000;

function fitCell(text: string): string {
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS - 3)}...` : text;
}

export function currentUser(): string {
  return Session.getActiveUser().getEmail() || Session.getEffectiveUser().getEmail() || 'unknown';
}
