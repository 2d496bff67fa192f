/**
 * FakeRange: a fixed block of cells of one sheet. Like Apps Script's Range it keeps its
 * coordinates: rows inserted above it later do not move it. Each call is one gated call, however
 * many cells it reads or writes (Google's cost model: batch with getValues/setValues).
 */
import { asReal } from '../core/context';
import { SheetsDeps } from './access';
import { a1Of } from './a1';
import { Box, checkBox, checkShape, signatureError, toInt } from './bounds';
import { displayValue } from './display';
import { clearBlock, readNotes, readValues, writeNotes, writeValues } from './grid';
import { CellValue, SheetData, toCell } from './model';
import { FakeSheet } from './sheet';

type Range = GoogleAppsScript.Spreadsheet.Range;
type RangeMember =
  | 'getValues'
  | 'getValue'
  | 'getDisplayValues'
  | 'getDisplayValue'
  | 'setValues'
  | 'setValue'
  | 'getRow'
  | 'getColumn'
  | 'getNumRows'
  | 'getNumColumns'
  | 'getLastRow'
  | 'getLastColumn'
  | 'getA1Notation'
  | 'getNote'
  | 'getNotes'
  | 'setNote'
  | 'setNotes'
  | 'clearNote'
  | 'clearContent'
  | 'clear'
  | 'isBlank'
  | 'offset'
  | 'getSheet';

export class FakeRange implements Pick<Range, RangeMember> {
  constructor(
    private readonly deps: SheetsDeps,
    readonly spreadsheetId: string,
    readonly sheetId: number,
    private readonly box: Box,
  ) {}

  private read<T>(method: string, body: (sheet: SheetData) => T): T {
    return this.deps.access.readSheet(`Range.${method}`, this.spreadsheetId, this.sheetId, (s) => {
      checkBox(s, this.box);
      return body(s);
    });
  }

  private write(method: string, body: (sheet: SheetData) => void): Range {
    this.deps.access.writeSheet(`Range.${method}`, this.spreadsheetId, this.sheetId, (s) => {
      checkBox(s, this.box);
      body(s);
    });
    return asReal<Range>(this);
  }

  /** A getter of the range's own coordinates: still a call, with no need for the cells. */
  private meta<T>(method: string, value: () => T): T {
    return this.deps.access.readSheet(`Range.${method}`, this.spreadsheetId, this.sheetId, value);
  }

  private cells(sheet: SheetData): CellValue[][] {
    const { row, column, numRows, numColumns } = this.box;
    return readValues(sheet, row, column, numRows, numColumns);
  }

  getValues(): CellValue[][] {
    return this.read('getValues', (s) => this.cells(s));
  }

  getValue(): CellValue {
    return this.read('getValue', (s) => readValues(s, this.box.row, this.box.column, 1, 1)[0][0]);
  }

  getDisplayValues(): string[][] {
    const tz = this.deps.access.ctx.timeZone;
    return this.read('getDisplayValues', (s) =>
      this.cells(s).map((line) => line.map((v) => displayValue(v, tz))),
    );
  }

  getDisplayValue(): string {
    const tz = this.deps.access.ctx.timeZone;
    return this.read('getDisplayValue', (s) =>
      displayValue(readValues(s, this.box.row, this.box.column, 1, 1)[0][0], tz),
    );
  }

  /** Refuses a block whose shape differs from the range's, before writing anything. */
  setValues(values: unknown[][]): Range {
    return this.write('setValues', (s) => {
      const block = checkShape(values, this.box, 'SpreadsheetApp.Range.setValues');
      writeValues(
        s,
        this.box.row,
        this.box.column,
        block.map((line) => line.map(toCell)),
      );
    });
  }

  /** Sets every cell of the range to one value. */
  setValue(value: unknown): Range {
    return this.write('setValue', (s) => {
      const cell = toCell(value);
      writeValues(s, this.box.row, this.box.column, this.fill(cell));
    });
  }

  private fill<T>(v: T): T[][] {
    return Array.from({ length: this.box.numRows }, () => new Array(this.box.numColumns).fill(v));
  }

  getRow(): number {
    return this.meta('getRow', () => this.box.row);
  }

  getColumn(): number {
    return this.meta('getColumn', () => this.box.column);
  }

  getNumRows(): number {
    return this.meta('getNumRows', () => this.box.numRows);
  }

  getNumColumns(): number {
    return this.meta('getNumColumns', () => this.box.numColumns);
  }

  getLastRow(): number {
    return this.meta('getLastRow', () => this.box.row + this.box.numRows - 1);
  }

  getLastColumn(): number {
    return this.meta('getLastColumn', () => this.box.column + this.box.numColumns - 1);
  }

  getA1Notation(): string {
    const { row, column, numRows, numColumns } = this.box;
    return this.meta('getA1Notation', () => a1Of(row, column, numRows, numColumns));
  }

  /** The note of the top-left cell ('' when none). */
  getNote(): string {
    return this.read('getNote', (s) => readNotes(s, this.box.row, this.box.column, 1, 1)[0][0]);
  }

  getNotes(): string[][] {
    const { row, column, numRows, numColumns } = this.box;
    return this.read('getNotes', (s) => readNotes(s, row, column, numRows, numColumns));
  }

  /** Sets the note of every cell of the range; null clears it. */
  setNote(note: string | null): Range {
    return this.write('setNote', (s) => {
      writeNotes(s, this.box.row, this.box.column, this.fill(note ?? ''));
    });
  }

  setNotes(notes: Array<Array<string | null>>): Range {
    return this.write('setNotes', (s) => {
      const block = checkShape(notes, this.box, 'SpreadsheetApp.Range.setNotes');
      writeNotes(s, this.box.row, this.box.column, block);
    });
  }

  clearNote(): Range {
    return this.write('clearNote', (s) => this.clearLayer(s, 'notes'));
  }

  clearContent(): Range {
    return this.write('clearContent', (s) => this.clearLayer(s, 'values'));
  }

  /** Clears contents and formats (formats are not modelled); notes stay (see clearNote). */
  clear(options?: { contentsOnly?: boolean; formatOnly?: boolean }): Range {
    return this.write('clear', (s) => {
      const onlyOther = options && !options.contentsOnly && Object.values(options).some(Boolean);
      if (!onlyOther) this.clearLayer(s, 'values');
    });
  }

  private clearLayer(sheet: SheetData, layer: 'values' | 'notes'): void {
    const { row, column, numRows, numColumns } = this.box;
    clearBlock(sheet, row, column, numRows, numColumns, layer);
  }

  isBlank(): boolean {
    return this.read('isBlank', (s) => this.cells(s).every((line) => line.every((v) => v === '')));
  }

  /** A range moved by the offsets, of the same size unless given. */
  offset(rowOffset: number, columnOffset: number, numRows?: number, numColumns?: number): Range {
    const method = 'SpreadsheetApp.Range.offset';
    if (rowOffset === undefined || columnOffset === undefined) {
      throw signatureError(method, [rowOffset, columnOffset]);
    }
    return this.read('offset', (s) => {
      const box: Box = {
        row: this.box.row + toInt(rowOffset, method),
        column: this.box.column + toInt(columnOffset, method),
        numRows: numRows === undefined ? this.box.numRows : toInt(numRows, method),
        numColumns: numColumns === undefined ? this.box.numColumns : toInt(numColumns, method),
      };
      checkBox(s, box);
      return asReal<Range>(new FakeRange(this.deps, this.spreadsheetId, this.sheetId, box));
    });
  }

  getSheet(): GoogleAppsScript.Spreadsheet.Sheet {
    return this.meta('getSheet', () =>
      asReal<GoogleAppsScript.Spreadsheet.Sheet>(
        new FakeSheet(this.deps, this.spreadsheetId, this.sheetId),
      ),
    );
  }
}
