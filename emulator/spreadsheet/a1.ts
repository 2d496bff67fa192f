/**
 * A1 notation, as Sheets reads it: `B3`, `A1:C10`, `$A$1`, whole columns `A:C`, whole rows `2:5`,
 * open-ended `A2:C`, optionally prefixed by a sheet name (`Tasks!A1:B2`, `'My tasks'!A:A`).
 */

/** A parsed reference; an absent bound means "to the edge of the sheet". */
export interface A1Ref {
  sheetName?: string;
  row: number;
  column: number;
  /** Last row, or undefined for a whole-column reference (to the sheet's last row). */
  lastRow?: number;
  /** Last column, or undefined for a whole-row reference (to the sheet's last column). */
  lastColumn?: number;
}

/** 1 -> A, 26 -> Z, 27 -> AA. */
export function columnLetters(column: number): string {
  let n = column;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function a1Of(row: number, column: number, numRows = 1, numColumns = 1): string {
  const start = `${columnLetters(column)}${row}`;
  if (numRows === 1 && numColumns === 1) return start;
  return `${start}:${columnLetters(column + numColumns - 1)}${row + numRows - 1}`;
}

interface Part {
  column?: number;
  row?: number;
}

const PART = /^\$?([A-Za-z]{0,3})\$?(\d*)$/;

function parsePart(text: string): Part | null {
  const m = PART.exec(text.trim());
  if (!m || (!m[1] && !m[2])) return null;
  const part: Part = {};
  if (m[1]) part.column = columnNumber(m[1]);
  if (m[2]) {
    part.row = Number(m[2]);
    if (part.row < 1) return null;
  }
  return part;
}

function splitSheet(notation: string): { sheetName?: string; cells: string } {
  const bang = notation.lastIndexOf('!');
  if (bang < 0) return { cells: notation };
  let name = notation.slice(0, bang);
  if (name.startsWith("'") && name.endsWith("'") && name.length >= 2) {
    name = name.slice(1, -1).replace(/''/g, "'");
  }
  return { sheetName: name, cells: notation.slice(bang + 1) };
}

/** Parses A1 notation; null when Sheets would answer "Range not found". */
export function parseA1(notation: string): A1Ref | null {
  if (typeof notation !== 'string' || notation.trim() === '') return null;
  const { sheetName, cells } = splitSheet(notation.trim());
  const [a, b, extra] = cells.split(':');
  if (extra !== undefined) return null;
  const start = parsePart(a);
  const end = b === undefined ? start : parsePart(b);
  if (!start || !end) return null;
  if (b === undefined && (start.row === undefined || start.column === undefined)) return null;
  return boundsOf(sheetName, start, end);
}

function boundsOf(sheetName: string | undefined, start: Part, end: Part): A1Ref | null {
  const wholeRows = start.column === undefined && end.column === undefined;
  const wholeColumns = start.row === undefined;
  if (wholeRows && (start.row === undefined || end.row === undefined)) return null;
  if (!wholeRows && (start.column === undefined || end.column === undefined)) return null;
  const row = start.row ?? 1;
  const column = start.column ?? 1;
  const lastRow = wholeColumns ? undefined : end.row;
  const lastColumn = wholeRows ? undefined : end.column;
  const ref: A1Ref = {
    row: Math.min(row, lastRow ?? row),
    column: Math.min(column, lastColumn ?? column),
    lastRow: lastRow === undefined ? undefined : Math.max(row, lastRow),
    lastColumn: lastColumn === undefined ? undefined : Math.max(column, lastColumn),
  };
  if (sheetName !== undefined) ref.sheetName = sheetName;
  return ref;
}
