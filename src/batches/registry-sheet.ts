/**
 * Where the batch registry lives: the "Export Batches" sheet of the tracking spreadsheet, one row a
 * batch, readable by ops (when, by whom, where it was staged and delivered), protected from casual
 * edits. The last column holds the record the add-on reads back. A sheet grows with the batches of
 * years; the script's properties (500 KB in all) would be full after a few hundred.
 *
 * Rows are found by Batch ID at each write, under the script lock: a row removed meanwhile by
 * another execution would otherwise shift the one being written.
 */
import type { BatchRecord } from './batches';
import { EXPORT_BATCHES_SHEET_NAME } from '../sheet/schema';
import { appendRows, insertSheetFor, rowsToWrite, sheetWithHeaders } from '../storage/sheets';
import { SHORT_WAIT_MS, underScriptLock } from '../jobs/lock';

export const REGISTRY_HEADERS = [
  'Batch ID',
  'Created',
  'Created By',
  'Batch Folder',
  'Export Sheet',
  'Deliveries',
  'Last Delivered To',
  'Record (used by the export add-on)',
] as const;

const RECORD_COLUMN = REGISTRY_HEADERS.length;

/** Where records were kept before: one script property a batch. */
const LEGACY_PREFIX = 'exportBatch.';

/** The registry sheet could not be written; nothing was changed. */
export class RegistryBusyError extends Error {
  constructor() {
    super(
      'The list of export batches is being updated by another export right now. Wait a moment and try again.',
    );
    this.name = 'RegistryBusyError';
  }
}

function registrySheet(): GoogleAppsScript.Spreadsheet.Sheet {
  return sheetWithHeaders(
    EXPORT_BATCHES_SHEET_NAME,
    REGISTRY_HEADERS,
    'Written by the export add-on: one row per export batch.',
    (spreadsheet) =>
      insertSheetFor(spreadsheet, EXPORT_BATCHES_SHEET_NAME, 1, RECORD_COLUMN, false),
  );
}

function rowOf(record: BatchRecord): unknown[] {
  const last = record.deliveries[record.deliveries.length - 1];
  return [
    record.batchId,
    new Date(record.createdAt),
    record.createdBy,
    record.batchFolderUrl,
    record.exportSheetUrl ?? '',
    record.deliveries.length,
    last ? (last.clientFolderName ?? last.clientFolderUrl ?? last.url).slice(0, 1000) : '',
    recordCell(record),
  ];
}

/**
 * The record as its cell holds it (50,000 characters at most): client folder names, which Drive
 * lets be very long, are left out of a record that would not fit; their links stay.
 */
function recordCell(record: BatchRecord): string {
  const whole = JSON.stringify(record);
  if (whole.length <= 45_000) return whole;
  return JSON.stringify({
    ...record,
    deliveries: record.deliveries.map((d) => ({ ...d, clientFolderName: undefined })),
  });
}

interface Row {
  /** 1-based row in the sheet. */
  row: number;
  record: BatchRecord;
}

function readRows(sheet: GoogleAppsScript.Spreadsheet.Sheet): Row[] {
  const last = sheet.getLastRow();
  if (last < 2) return [];
  const cells = sheet.getRange(2, RECORD_COLUMN, last - 1, 1).getValues();
  const rows: Row[] = [];
  cells.forEach(([cell], i) => {
    const record = parseRecord(cell);
    if (record) rows.push({ row: i + 2, record });
  });
  return rows;
}

/** A row whose record cell was emptied or garbled by hand is skipped, not fatal. */
function parseRecord(cell: unknown): BatchRecord | null {
  if (typeof cell !== 'string' || !cell.startsWith('{')) return null;
  try {
    const record = JSON.parse(cell) as BatchRecord;
    return typeof record.batchId === 'string' ? record : null;
  } catch {
    return null;
  }
}

/** Every batch record, in the order the batches were made. */
export function readRegistry(): BatchRecord[] {
  migrateLegacyRecords();
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(EXPORT_BATCHES_SHEET_NAME);
  return sheet ? readRows(sheet).map((r) => r.record) : [];
}

function underRegistryLock<T>(section: () => T): T {
  return underScriptLock(SHORT_WAIT_MS, section, () => {
    throw new RegistryBusyError();
  });
}

/** Writes a batch's row, or adds it. */
export function writeRecord(record: BatchRecord): void {
  migrateLegacyRecords();
  underRegistryLock(() => {
    const sheet = registrySheet();
    const found = readRows(sheet).find((r) => r.record.batchId === record.batchId);
    if (found)
      sheet.getRange(found.row, 1, 1, RECORD_COLUMN).setValues(rowsToWrite([rowOf(record)]));
    else appendRows(sheet, [rowOf(record)]);
  });
}

/** Removes the rows of these batches. */
export function deleteRecords(batchIds: readonly string[]): void {
  if (batchIds.length === 0) return;
  migrateLegacyRecords();
  const ids = new Set(batchIds);
  underRegistryLock(() => {
    const sheet = registrySheet();
    const rows = readRows(sheet)
      .filter((r) => ids.has(r.record.batchId))
      .map((r) => r.row)
      .sort((a, b) => b - a);
    // Runs of adjacent rows in one call each, from the bottom up, so that each deletion leaves
    // the rows still to delete where they were.
    let i = 0;
    while (i < rows.length) {
      let count = 1;
      while (i + count < rows.length && rows[i + count] === rows[i] - count) count += 1;
      sheet.deleteRows(rows[i] - count + 1, count);
      i += count;
    }
  });
}

/**
 * Moves records an earlier version kept in script properties into the sheet, once: each is added
 * unless its batch has a row already, then its property is removed. Interrupted, it is finished by
 * the next execution that reads the registry.
 */
function migrateLegacyRecords(): void {
  const props = PropertiesService.getScriptProperties();
  const keys = props.getKeys().filter((k) => k.startsWith(LEGACY_PREFIX));
  if (keys.length === 0) return;
  underRegistryLock(() => {
    const all = props.getProperties();
    const sheet = registrySheet();
    const known = new Set(readRows(sheet).map((r) => r.record.batchId));
    const legacy = keys
      .map((k) => parseRecord(all[k]))
      .filter((r): r is BatchRecord => r !== null && !known.has(r.batchId))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    appendRows(sheet, legacy.map(rowOf));
    for (const k of keys) props.deleteProperty(k);
  });
}
