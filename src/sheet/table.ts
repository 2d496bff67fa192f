import { ADDED_COLUMNS, COLUMNS, ColumnKey, REQUIRED_COLUMNS, TASKS_SHEET_NAME } from './schema';
import { Expected, Touched, putRightMovedRows } from './moved-rows';
import { HeaderMap, Task, parseTask, text } from './task';
import { rowsToWrite } from '../storage/sheets';

/** A column the add-on needs is not in the sheet's header row. */
export class MissingColumnError extends Error {
  constructor(column: string, sheet: string) {
    super(
      `The sheet "${sheet}" has no column "${column}" in its first row. Add it, then try again.`,
    );
    this.name = 'MissingColumnError';
  }
}

export interface TableSnapshot {
  sheetName: string;
  headers: HeaderMap;
  tasks: Task[];
  /** Task IDs that appear on more than one row. */
  duplicateIds: Set<string>;
}

/** A change to some export columns of one task, applied where the task is at write time. */
export interface RowUpdate {
  taskId: string;
  changes: Partial<Record<ColumnKey, unknown>>;
}

export function trackingSheet(): GoogleAppsScript.Spreadsheet.Sheet {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  return spreadsheet.getSheetByName(TASKS_SHEET_NAME) ?? spreadsheet.getSheets()[0];
}

export function headerMap(headerRow: readonly unknown[]): HeaderMap {
  const byText = new Map<string, number>();
  headerRow.forEach((cell, i) => {
    const key = text(cell).toLowerCase();
    if (key && !byText.has(key)) byText.set(key, i);
  });
  const map: HeaderMap = {};
  for (const key of Object.keys(COLUMNS) as ColumnKey[]) {
    const col = byText.get(COLUMNS[key].toLowerCase());
    if (col !== undefined) map[key] = col;
  }
  return map;
}

export function requireColumns(
  headers: HeaderMap,
  sheetName: string,
  keys: readonly ColumnKey[] = [...REQUIRED_COLUMNS, ...ADDED_COLUMNS],
): void {
  for (const key of keys) {
    if (headers[key] === undefined) throw new MissingColumnError(COLUMNS[key], sheetName);
  }
}

/** One batched read of the whole tracking sheet. */
export function readTable(sheet = trackingSheet()): TableSnapshot {
  const values = sheet.getDataRange().getValues();
  const sheetName = sheet.getName();
  const headers = headerMap(values[0] ?? []);
  requireColumns(headers, sheetName);
  const tasks: Task[] = [];
  const seen = new Set<string>();
  const duplicateIds = new Set<string>();
  for (let i = 1; i < values.length; i++) {
    const task = parseTask(values[i], i + 1, headers);
    if (!task.taskId) continue;
    if (seen.has(task.taskId)) duplicateIds.add(task.taskId);
    seen.add(task.taskId);
    tasks.push(task);
  }
  return { sheetName, headers, tasks, duplicateIds };
}

/**
 * The table, read a second time when some `expected` Task IDs are not in it: a row inserted between
 * finding the sheet's extent and reading it pushes the last row out of the read, so one read cannot
 * tell a task whose row was deleted from one whose row moved down.
 */
export function readTableExpecting(
  expected: readonly string[],
  sheet = trackingSheet(),
): TableSnapshot {
  const first = readTable(sheet);
  const found = new Set(first.tasks.map((t) => t.taskId));
  return expected.every((id) => found.has(id)) ? first : readTable(sheet);
}

export interface WriteResult {
  /** Task IDs no longer in the sheet, or no longer on exactly one row. */
  lost: string[];
  /** Updates refused by `verify`, with its message. */
  rejected: Array<{ taskId: string; message: string }>;
  /** The task as it was just before the write, for each update written. */
  before: Map<string, Task>;
  /** Updates `verify` found already applied: nothing was written for them. */
  done: string[];
}

/**
 * Writes export columns of tasks found by Task ID now, not where they were when read: users sort
 * and insert rows while a job runs. One fresh read, then one write (one per run of adjacent
 * columns), however many rows change, then one read to check that no row moved in between (see
 * moved-rows.ts). `verify` sees each task as it is now and may refuse its update by throwing, or
 * answer 'done' when the sheet already shows it; with `allOrNothing`, one refusal writes nothing
 * and is thrown. `beforeWrite` sees the tasks about to be written, as they are now, just before the
 * write: it runs only when something will be written, and when it throws nothing is.
 */
export function writeUpdates(
  updates: readonly RowUpdate[],
  options: {
    verify?: (update: RowUpdate, current: Task) => 'done' | void;
    allOrNothing?: boolean;
    beforeWrite?: (before: ReadonlyMap<string, Task>) => void;
  } = {},
  sheet = trackingSheet(),
): WriteResult {
  const result: WriteResult = { lost: [], rejected: [], before: new Map(), done: [] };
  if (updates.length === 0) return result;
  const first = locateRows(sheet);
  const found = updates.every((u) => first.rowsById.has(u.taskId));
  const { values, headers, rowsById } = found ? first : locateRows(sheet);
  const accepted: Array<{ update: RowUpdate; row: number }> = [];
  for (const update of updates) {
    const rows = rowsById.get(update.taskId);
    if (!rows || rows.length !== 1) {
      result.lost.push(update.taskId);
      continue;
    }
    const current = parseTask(values[rows[0]], rows[0] + 1, headers);
    try {
      if (options.verify?.(update, current) === 'done') {
        result.done.push(update.taskId);
        continue;
      }
    } catch (e) {
      if (options.allOrNothing) throw e;
      result.rejected.push({ taskId: update.taskId, message: (e as Error).message });
      continue;
    }
    result.before.set(update.taskId, current);
    accepted.push({ update, row: rows[0] });
  }
  const touched: Touched = new Map();
  for (const { update, row } of accepted) {
    for (const [key, value] of Object.entries(update.changes) as Array<[ColumnKey, unknown]>) {
      const col = headers[key];
      if (col === undefined) throw new MissingColumnError(COLUMNS[key], sheet.getName());
      values[row][col] = value ?? '';
      touched.set(row, (touched.get(row) ?? new Set()).add(col));
    }
  }
  if (touched.size === 0) return result;
  options.beforeWrite?.(result.before);
  const write = (rows: unknown[][], cells: Touched) => writeBlocks(sheet, rows, cells);
  write(values, touched);
  putRightMovedRows(sheet, expectedRows(values, rowsById, headers, touched), write);
  return result;
}

/**
 * The sheet read at once, with the rows of each Task ID. A task not found is looked for in a second
 * read before it counts as gone: a row inserted between finding the sheet's extent and reading it
 * pushes the last row out of the read.
 */
function locateRows(sheet: GoogleAppsScript.Spreadsheet.Sheet) {
  const values = sheet.getDataRange().getValues();
  const headers = headerMap(values[0] ?? []);
  const rowsById = new Map<string, number[]>();
  for (let i = 1; i < values.length; i++) {
    const id = text(values[i][headers.TASK_ID ?? -1]);
    if (id) rowsById.set(id, [...(rowsById.get(id) ?? []), i]);
  }
  return { values, headers, rowsById };
}

/** Each task's row as written, by Task ID, for checking the write against moved rows. */
function expectedRows(
  values: unknown[][],
  rowsById: Map<string, number[]>,
  headers: HeaderMap,
  touched: Touched,
): Expected {
  const rows = new Map<string, unknown[]>();
  const ambiguous = new Set<string>();
  for (const [id, at] of rowsById) {
    if (at.length === 1) rows.set(id, values[at[0]]);
    else ambiguous.add(id);
  }
  const cols = [...new Set([...touched.values()].flatMap((s) => [...s]))];
  return { taskIdCol: headers.TASK_ID!, rows, ambiguous, cols };
}

/**
 * Every text is written as text, those just read back included: an Export Batch ID such as 00123
 * that a read gave as text would otherwise be written back as the number 123.
 */
function writeBlocks(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  values: unknown[][],
  touched: Touched,
): void {
  for (const block of blocks(touched)) {
    const data = values
      .slice(block.row, block.row + block.rows)
      .map((r) => r.slice(block.col, block.col + block.cols));
    sheet
      .getRange(block.row + 1, block.col + 1, block.rows, block.cols)
      .setValues(rowsToWrite(data));
  }
}

interface Block {
  row: number;
  rows: number;
  col: number;
  cols: number;
}

/**
 * One block per run of adjacent touched columns (one block when the export columns sit side by
 * side, as they do), spanning every row from the first touched to the last (0-based): a slice
 * writes once whatever the number of rows it touched. Cells of a block that were not touched are
 * written back with the values just read: they are export columns, which only the add-on writes,
 * read in this execution a moment before.
 */
function blocks(touched: Touched): Block[] {
  const rows = [...touched.keys()];
  if (rows.length === 0) return [];
  const first = Math.min(...rows);
  const last = Math.max(...rows);
  const cols = [...new Set([...touched.values()].flatMap((s) => [...s]))].sort((a, b) => a - b);
  return runs(cols).map(([col, cols]) => ({ row: first, rows: last - first + 1, col, cols }));
}

function runs(sorted: readonly number[]): Array<[start: number, length: number]> {
  const out: Array<[number, number]> = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && last[0] + last[1] === n) last[1] += 1;
    else out.push([n, 1]);
  }
  return out;
}
