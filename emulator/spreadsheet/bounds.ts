/**
 * The checks Apps Script applies to range coordinates and written blocks, with its messages:
 * a range starts at row and column 1, spans at least one row and column and lies inside the
 * sheet's current size; a written block has exactly the range's shape.
 */
import { ScriptException } from '../core/errors';
import { SheetData } from './model';

export interface Box {
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

/** Apps Script converts numeric arguments to Java ints and refuses what does not convert. */
export function toInt(v: unknown, method: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !Number.isInteger(v)) {
    throw new ScriptException(`Cannot convert ${String(v)} to int (${method}).`);
  }
  return v;
}

export function signatureError(method: string, args: unknown[]): ScriptException {
  const types = args.map((a) => (a === null ? 'null' : Array.isArray(a) ? 'array' : typeof a));
  return new ScriptException(
    `The parameters (${types.join(',')}) don't match the method signature for ${method}.`,
  );
}

export function checkBox(sheet: SheetData, box: Box): void {
  if (box.row < 1) throw new ScriptException('The starting row of the range is too small.');
  if (box.column < 1) throw new ScriptException('The starting column of the range is too small.');
  if (box.numRows < 1) {
    throw new ScriptException('The number of rows in the range must be at least 1.');
  }
  if (box.numColumns < 1) {
    throw new ScriptException('The number of columns in the range must be at least 1.');
  }
  if (
    box.row + box.numRows - 1 > sheet.maxRows ||
    box.column + box.numColumns - 1 > sheet.maxColumns
  ) {
    throw new ScriptException(
      'The coordinates of the range are outside the dimensions of the sheet.',
    );
  }
}

/**
 * A block for setValues/setNotes must match the range: rows first, then every row's length
 * (a ragged row is reported with the column message).
 */
export function checkShape(block: unknown, box: Box, method: string): unknown[][] {
  if (!Array.isArray(block) || !block.every((line) => Array.isArray(line))) {
    throw signatureError(method, [block]);
  }
  if (block.length !== box.numRows) {
    throw new ScriptException(
      `The number of rows in the data does not match the number of rows in the range. ` +
        `The data has ${block.length} but the range has ${box.numRows}.`,
    );
  }
  for (const line of block as unknown[][]) {
    if (line.length !== box.numColumns) {
      throw new ScriptException(
        `The number of columns in the data does not match the number of columns in the range. ` +
          `The data has ${line.length} but the range has ${box.numColumns}.`,
      );
    }
  }
  return block as unknown[][];
}
