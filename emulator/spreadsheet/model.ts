/**
 * The data model of emulated spreadsheets and the cell values Apps Script hands to scripts:
 * `getValues` answers '' for an empty cell, a number, a string, a boolean or a Date. What a
 * written value becomes is entry.ts.
 */
import { ScriptException } from '../core/errors';

export type CellValue = '' | number | string | boolean | Date;

/** A sheet protection (Sheet.protect()). `editors` null: it still mirrors the file's editors. */
export interface ProtectionData {
  id: string;
  description: string;
  warningOnly: boolean;
  editors: string[] | null;
  domainEdit: boolean;
}

export interface SheetData {
  sheetId: number;
  name: string;
  maxRows: number;
  maxColumns: number;
  /** Rows of cells, 0-based; rows and row arrays stop where content stops ('' beyond). */
  values: CellValue[][];
  /** Notes, laid out like `values` ('' is no note). */
  notes: string[][];
  /**
   * The text of each formula cell, laid out like `values` ('' is no formula; rows exist only
   * where a formula was written). A formula cell's `values` entry is the formula's value.
   */
  formulas: string[][];
  /** Number formats set by a script, laid out like `values` ('' is automatic). */
  formats: string[][];
  protections: ProtectionData[];
  hidden: boolean;
  frozenRows: number;
  frozenColumns: number;
}

export interface SpreadsheetData {
  id: string;
  sheets: SheetData[];
  activeSheetId: number;
}

/** A new spreadsheet's first sheet and every inserted sheet: 1000 rows by 26 columns. */
export const DEFAULT_ROWS = 1000;
export const DEFAULT_COLUMNS = 26;

/**
 * Google Sheets caps a spreadsheet at 10 million cells, counted over every sheet's rows times
 * columns, empty or not ("Up to 10 million cells or 18,278 columns (column ZZZ) for spreadsheets
 * that are created in or converted to Google Sheets": Google Drive Help, "Files you can store in
 * Google Drive", support.google.com/drive/answer/37603), and a cell at 50,000 characters.
 */
export const MAX_CELLS = 10_000_000;
export const MAX_CELL_CHARS = 50_000;

/** Cross-realm: the loaded bundle runs in its own context, so `instanceof` is not enough. */
export function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

/** A value as a script reads it: Dates are fresh objects each time. */
export function fromCell(v: CellValue | undefined): CellValue {
  if (v === undefined) return '';
  return isDate(v) ? new Date(v.getTime()) : v;
}

export function newSheet(sheetId: number, name: string, rows: number, columns: number): SheetData {
  return {
    sheetId,
    name,
    maxRows: rows,
    maxColumns: columns,
    values: [],
    notes: [],
    formulas: [],
    formats: [],
    protections: [],
    hidden: false,
    frozenRows: 0,
    frozenColumns: 0,
  };
}

export function cellCount(book: SpreadsheetData): number {
  return book.sheets.reduce((n, s) => n + s.maxRows * s.maxColumns, 0);
}

/**
 * Refuses a change that would take the spreadsheet (`book`, or a new one when null) past Google's
 * 10-million-cell limit. Google documents the limit, not the text: this is the text Sheets answers
 * in Apps Script and in the Sheets API, as users report it.
 */
export function assertCellLimit(book: SpreadsheetData | null, addedCells: number): void {
  if ((book ? cellCount(book) : 0) + addedCells > MAX_CELLS) {
    throw new ScriptException(
      `This action would increase the number of cells in the workbook above the limit of ${MAX_CELLS} cells.`,
    );
  }
}
