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
import {
  clearBlock,
  readFormulas,
  readNotes,
  readValues,
  writeFormats,
  writeNotes,
  writeValues,
} from './grid';
import { CellValue, SheetData } from './model';
import { FakeSheet } from './sheet';

type Range = GoogleAppsScript.Spreadsheet.Range;
type RangeMember =
  | 'getValues'
  | 'getValue'
  | 'getDisplayValues'
  | 'getDisplayValue'
  | 'setValues'
  | 'setValue'
  | 'getFormula'
  | 'getFormulas'
  | 'setNumberFormat'
  | 'setNumberFormats'
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

  /**
   * Refuses a block whose shape differs from the range's, before writing anything. Each value is
   * stored as Sheets takes typed text (entry.ts): text beginning with `=` is a formula, number-,
   * date- and boolean-looking text a number, a date or a boolean, a leading apostrophe keeps text.
   */
  setValues(values: unknown[][]): Range {
    return this.write('setValues', (s) => {
      const block = checkShape(values, this.box, 'SpreadsheetApp.Range.setValues');
      writeValues(s, this.box.row, this.box.column, block, this.deps.access.entryContext());
    });
  }

  /**
   * Sets every cell of the range to one value, taken as typed (Range.setValue: "If it begins with
   * '=' it is interpreted as a formula"; entry.ts).
   */
  setValue(value: unknown): Range {
    return this.write('setValue', (s) => {
      const block = this.fill(value);
      writeValues(s, this.box.row, this.box.column, block, this.deps.access.entryContext());
    });
  }

  /** The formula of the top-left cell, '' when it holds none. */
  getFormula(): string {
    return this.read(
      'getFormula',
      (s) => readFormulas(s, this.box.row, this.box.column, 1, 1)[0][0],
    );
  }

  /** "Entries in the 2D array are empty strings for cells with no formula." */
  getFormulas(): string[][] {
    const { row, column, numRows, numColumns } = this.box;
    return this.read('getFormulas', (s) => readFormulas(s, row, column, numRows, numColumns));
  }

  /**
   * Sets the number format of every cell (Range.setNumberFormat). The emulator models only what a
   * format changes about later writes: `@` (plain text) keeps written text as text (entry.ts).
   * Display and the formats Sheets infers from typed text (a date, a percentage) are not modelled.
   */
  setNumberFormat(numberFormat: string): Range {
    return this.write('setNumberFormat', (s) => {
      if (typeof numberFormat !== 'string') {
        throw signatureError('SpreadsheetApp.Range.setNumberFormat', [numberFormat]);
      }
      writeFormats(s, this.box.row, this.box.column, this.fill(numberFormat));
    });
  }

  setNumberFormats(numberFormats: unknown[][]): Range {
    return this.write('setNumberFormats', (s) => {
      const block = checkShape(numberFormats, this.box, 'SpreadsheetApp.Range.setNumberFormats');
      writeFormats(s, this.box.row, this.box.column, block);
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

  /**
   * Clears contents (values and formulas) and number formats, or only what the options name
   * (`contentsOnly`, `formatOnly`; comments and validations are not modelled); notes stay (see
   * clearNote).
   */
  clear(options?: {
    contentsOnly?: boolean;
    formatOnly?: boolean;
    commentsOnly?: boolean;
    validationsOnly?: boolean;
  }): Range {
    return this.write('clear', (s) => {
      const only =
        !!options &&
        (!!options.contentsOnly ||
          !!options.formatOnly ||
          !!options.commentsOnly ||
          !!options.validationsOnly);
      if (!only || options.contentsOnly) this.clearLayer(s, 'values');
      if (!only || options.formatOnly) this.clearLayer(s, 'formats');
    });
  }

  private clearLayer(sheet: SheetData, layer: 'values' | 'notes' | 'formats'): void {
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
