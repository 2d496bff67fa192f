import { isDate, text } from './task';

/** Reads and put-rights after a write, before rows that keep moving are left to the next write. */
const ROUNDS = 3;

/** Cells to write, by 0-based row, then 0-based column. */
export type Touched = Map<number, Set<number>>;

export interface Expected {
  /** 0-based column of Task ID. */
  taskIdCol: number;
  /** Each task's whole row as it should be now (Task IDs found on exactly one row when read). */
  rows: ReadonlyMap<string, readonly unknown[]>;
  /** Task IDs found on several rows when read: their rows are left as they are. */
  ambiguous: ReadonlySet<string>;
  /** The export columns the write covered (0-based). */
  cols: readonly number[];
}

/**
 * Users sort, insert and delete rows while jobs run, and may do so between the read that found a
 * task's row and the write to it: the write then lands on other rows. So the sheet is read again
 * after a write, each task's export cells are compared with what they should hold (found by Task
 * ID), and rows that moved are put right, then checked again. When something moved, a row without
 * a Task ID the read knew (inserted meanwhile) gets its export cells back empty: the add-on keeps
 * nothing in such rows, and a copy of another task's status must not stay there.
 */
export function putRightMovedRows(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  expected: Expected,
  write: (values: unknown[][], touched: Touched) => void,
): void {
  for (let round = 0; round < ROUNDS; round++) {
    const now = sheet.getDataRange().getValues();
    const wrong = misplaced(now, expected);
    if (wrong.size === 0) return;
    write(now, wrong);
  }
}

/** The cells that do not hold what they should, set right in `now`. */
function misplaced(now: unknown[][], expected: Expected): Touched {
  const wrong: Touched = new Map();
  const strays: number[] = [];
  for (let i = 1; i < now.length; i++) {
    const id = text(now[i][expected.taskIdCol]);
    const want = expected.rows.get(id);
    if (want) fix(now, i, (c) => want[c], expected.cols, wrong);
    else if (!expected.ambiguous.has(id)) strays.push(i);
  }
  if (wrong.size > 0) for (const i of strays) fix(now, i, () => '', expected.cols, wrong);
  return wrong;
}

function fix(
  now: unknown[][],
  row: number,
  want: (col: number) => unknown,
  cols: readonly number[],
  wrong: Touched,
): void {
  for (const col of cols) {
    const value = want(col) ?? '';
    if (same(now[row][col], value)) continue;
    now[row][col] = value;
    wrong.set(row, (wrong.get(row) ?? new Set()).add(col));
  }
}

function same(a: unknown, b: unknown): boolean {
  if (isDate(a) || isDate(b)) return isDate(a) && isDate(b) && a.getTime() === b.getTime();
  return String(a ?? '') === String(b ?? '');
}
