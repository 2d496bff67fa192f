/**
 * Pure operations on one sheet's grid (1-based rows and columns, as Apps Script counts them).
 * Values, notes, formulas and number formats are stored as ragged rows that stop where content
 * stops, so a sheet of 1000 empty rows costs nothing and inserting or deleting rows is a splice.
 * Formulas and formats are sparse: they have rows only where one was written.
 */
import { Entry, EntryContext, enter } from './entry';
import { CellValue, SheetData, fromCell, isDate } from './model';

type Layer = 'values' | 'notes' | 'formulas' | 'formats';
const LAYERS: readonly Layer[] = ['values', 'notes', 'formulas', 'formats'];

function padRow<T>(row: T[], length: number, blank: T): void {
  while (row.length < length) row.push(blank);
}

function ensureRows(sheet: SheetData, layer: Layer, count: number): void {
  const rows = sheet[layer] as unknown[][];
  while (rows.length < count) rows.push([]);
}

export function cellAt(sheet: SheetData, row: number, column: number): CellValue {
  return fromCell(sheet.values[row - 1]?.[column - 1]);
}

export function readValues(
  sheet: SheetData,
  row: number,
  column: number,
  numRows: number,
  numColumns: number,
): CellValue[][] {
  const out: CellValue[][] = [];
  for (let r = 0; r < numRows; r++) {
    const stored = sheet.values[row - 1 + r];
    const line: CellValue[] = new Array(numColumns);
    for (let c = 0; c < numColumns; c++) line[c] = fromCell(stored?.[column - 1 + c]);
    out.push(line);
  }
  return out;
}

/**
 * What each cell of an already shape-checked block at (row, column) would store (entry.ts),
 * before anything is written: a value refused (a text too long) refuses the whole block.
 */
export function enterValues(
  sheet: SheetData,
  row: number,
  column: number,
  block: readonly unknown[][],
  context: EntryContext,
): Entry[][] {
  return block.map((line, r) =>
    line.map((v, c) => enter(v, context, formatAt(sheet, row + r, column + c))),
  );
}

/** Stores entries made by `enterValues`: values and formulas (a plain value clears a formula). */
export function storeEntries(sheet: SheetData, row: number, column: number, entries: Entry[][]) {
  ensureRows(sheet, 'values', row - 1 + entries.length);
  entries.forEach((line, r) => {
    const stored = sheet.values[row - 1 + r];
    padRow<CellValue>(stored, column - 1, '');
    line.forEach((e, c) => {
      stored[column - 1 + c] = e.value;
      setSparse(sheet.formulas, row - 1 + r, column - 1 + c, e.formula);
    });
  });
}

/** Writes a shape-checked block as a script's values: each cell as Sheets takes typed text. */
export function writeValues(
  sheet: SheetData,
  row: number,
  column: number,
  block: readonly unknown[][],
  context: EntryContext,
): void {
  storeEntries(sheet, row, column, enterValues(sheet, row, column, block, context));
}

/** Sets one cell (0-based) of a sparse layer; '' clears it without growing the layer. */
function setSparse(layer: string[][], r: number, c: number, text: string): void {
  if (text === '') {
    const line = layer[r];
    if (line && c < line.length) line[c] = '';
    return;
  }
  while (layer.length <= r) layer.push([]);
  padRow(layer[r], c, '');
  layer[r][c] = text;
}

function readSparse(
  layer: string[][],
  row: number,
  column: number,
  numRows: number,
  numColumns: number,
): string[][] {
  const out: string[][] = [];
  for (let r = 0; r < numRows; r++) {
    const stored = layer[row - 1 + r];
    const line: string[] = [];
    for (let c = 0; c < numColumns; c++) line.push(stored?.[column - 1 + c] ?? '');
    out.push(line);
  }
  return out;
}

/** The formulas of a block ('' where a cell holds none). */
export function readFormulas(
  sheet: SheetData,
  row: number,
  column: number,
  numRows: number,
  numColumns: number,
): string[][] {
  return readSparse(sheet.formulas, row, column, numRows, numColumns);
}

/** The number format a script set on a cell ('' when automatic). */
function formatAt(sheet: SheetData, row: number, column: number): string {
  return sheet.formats[row - 1]?.[column - 1] ?? '';
}

/** Sets the number formats of a block ('' or null: back to automatic). */
export function writeFormats(sheet: SheetData, row: number, column: number, block: unknown[][]) {
  block.forEach((line, r) =>
    line.forEach((format, c) =>
      setSparse(
        sheet.formats,
        row - 1 + r,
        column - 1 + c,
        format === null || format === undefined ? '' : String(format),
      ),
    ),
  );
}

export function readNotes(
  sheet: SheetData,
  row: number,
  column: number,
  numRows: number,
  numColumns: number,
): string[][] {
  return readSparse(sheet.notes, row, column, numRows, numColumns);
}

export function writeNotes(sheet: SheetData, row: number, column: number, block: unknown[][]) {
  ensureRows(sheet, 'notes', row - 1 + block.length);
  block.forEach((line, r) => {
    const stored = sheet.notes[row - 1 + r];
    padRow(stored, column - 1, '');
    line.forEach((note, c) => {
      stored[column - 1 + c] = note === null || note === undefined ? '' : String(note);
    });
  });
}

function rowHasContent(row: readonly unknown[] | undefined): boolean {
  return !!row && row.some((v) => v !== '' && v !== undefined);
}

/** The last row holding a value or a formula; 0 on an empty sheet (Sheet.getLastRow). */
export function lastRow(sheet: SheetData): number {
  for (let r = Math.max(sheet.values.length, sheet.formulas.length) - 1; r >= 0; r--) {
    if (rowHasContent(sheet.values[r]) || rowHasContent(sheet.formulas[r])) return r + 1;
  }
  return 0;
}

/** The last column holding a value or a formula; 0 on an empty sheet (Sheet.getLastColumn). */
export function lastColumn(sheet: SheetData): number {
  let last = 0;
  for (const rows of [sheet.values, sheet.formulas]) {
    for (const row of rows) {
      for (let c = row.length - 1; c >= last; c--) {
        if (row[c] !== '' && row[c] !== undefined) {
          last = c + 1;
          break;
        }
      }
    }
  }
  return last;
}

/** Inserts `count` empty rows before row `before`; content at and below it moves down. */
export function insertRows(sheet: SheetData, before: number, count: number): void {
  for (const layer of LAYERS) {
    const rows = sheet[layer] as unknown[][];
    if (before - 1 < rows.length) {
      rows.splice(before - 1, 0, ...Array.from({ length: count }, () => []));
    }
  }
  sheet.maxRows += count;
  if (before <= sheet.frozenRows) sheet.frozenRows += count;
}

/** How many of the deleted lines `at .. at + count - 1` were frozen. */
function frozenAmong(frozen: number, at: number, count: number): number {
  return Math.max(0, Math.min(at + count - 1, frozen) - at + 1);
}

/** Deletes `count` rows from row `at`; content below moves up. */
export function deleteRows(sheet: SheetData, at: number, count: number): void {
  for (const layer of LAYERS) sheet[layer].splice(at - 1, count);
  sheet.maxRows -= count;
  sheet.frozenRows -= frozenAmong(sheet.frozenRows, at, count);
}

/** Inserts `count` empty columns before column `before`; content at and right of it moves right. */
export function insertColumns(sheet: SheetData, before: number, count: number): void {
  for (const layer of LAYERS) {
    for (const row of sheet[layer] as unknown[][]) {
      if (before - 1 < row.length) row.splice(before - 1, 0, ...new Array(count).fill(''));
    }
  }
  sheet.maxColumns += count;
  if (before <= sheet.frozenColumns) sheet.frozenColumns += count;
}

/** Deletes `count` columns from column `at`; content right of them moves left. */
export function deleteColumns(sheet: SheetData, at: number, count: number): void {
  for (const layer of LAYERS) {
    for (const row of sheet[layer] as unknown[][]) row.splice(at - 1, count);
  }
  sheet.maxColumns -= count;
  sheet.frozenColumns -= frozenAmong(sheet.frozenColumns, at, count);
}

/** Empties every cell: its value and formula (contents), or its number format. */
export function clearSheet(sheet: SheetData, what: { contents: boolean; formats: boolean }): void {
  if (what.contents) {
    sheet.values = [];
    sheet.formulas = [];
  }
  if (what.formats) sheet.formats = [];
}

export function clearBlock(
  sheet: SheetData,
  row: number,
  column: number,
  numRows: number,
  numColumns: number,
  layer: Layer,
): void {
  if (layer === 'values') clearBlock(sheet, row, column, numRows, numColumns, 'formulas');
  const rows = sheet[layer] as unknown[][];
  for (let r = row - 1; r < Math.min(rows.length, row - 1 + numRows); r++) {
    const stored = rows[r];
    for (let c = column - 1; c < Math.min(stored.length, column - 1 + numColumns); c++) {
      stored[c] = '';
    }
  }
}

/**
 * Sheets' sort order: numbers and dates, then text (ignoring case), then booleans; empty cells
 * always go last, whichever the direction.
 */
function rank(v: CellValue): number {
  if (v === '') return 3;
  if (typeof v === 'number' || isDate(v)) return 0;
  if (typeof v === 'string') return 1;
  return 2;
}

function compareCells(a: CellValue, b: CellValue): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return Number(a.valueOf()) - Number(b.valueOf());
  if (ra === 1) return String(a).localeCompare(String(b), undefined, { sensitivity: 'base' });
  return Number(a) - Number(b);
}

/**
 * Sheet.sort(column, ascending): every row below the frozen rows is reordered by one column,
 * rows moving whole (values, notes, formulas, formats); equal keys keep their order.
 */
export function sortRows(sheet: SheetData, column: number, ascending: boolean): void {
  const from = sheet.frozenRows;
  const height = Math.max(...LAYERS.map((layer) => sheet[layer].length)) - from;
  if (height <= 1) return;
  for (const layer of LAYERS) ensureRows(sheet, layer, from + height);
  const rows = Array.from({ length: height }, (_, i) => ({
    lines: LAYERS.map((layer) => sheet[layer][from + i]),
    key: fromCell(sheet.values[from + i][column - 1]),
  }));
  rows.sort((x, y) => {
    if (x.key === '' || y.key === '') return rank(x.key) - rank(y.key);
    const order = compareCells(x.key, y.key);
    return ascending ? order : -order;
  });
  rows.forEach((r, i) => {
    LAYERS.forEach((layer, l) => {
      (sheet[layer] as unknown[][])[from + i] = r.lines[l];
    });
  });
}
