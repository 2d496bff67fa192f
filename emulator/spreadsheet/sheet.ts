/**
 * FakeSheet: one tab of a spreadsheet. Documented behaviour modelled: getLastRow/getLastColumn are
 * the last row/column holding content (0 when empty) and getDataRange spans A1 to them (A1 alone
 * when empty); inserting or deleting rows and columns moves the content around them; appendRow
 * writes below the last row with content and grows the sheet when it is full; sort reorders the
 * rows below the frozen ones; a sheet that is the only visible one cannot be hidden.
 */
import { asReal } from '../core/context';
import { ScriptException } from '../core/errors';
import { SheetsDeps, sheetOf } from './access';
import { parseA1 } from './a1';
import { Box, checkBox, signatureError, toInt } from './bounds';
import * as grid from './grid';
import { SheetData, SpreadsheetData, assertCellLimit } from './model';
import { FakeProtection } from './protection';
import { FakeRange } from './range';
import { FakeSpreadsheet } from './spreadsheet';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Range = GoogleAppsScript.Spreadsheet.Range;

/** Resolves A1 notation against a spreadsheet; a sheet name in it wins over `fallback`. */
export function resolveA1(
  book: SpreadsheetData,
  fallback: SheetData,
  notation: string,
): { sheet: SheetData; box: Box } {
  const ref = parseA1(notation);
  const sheet =
    ref?.sheetName === undefined ? fallback : book.sheets.find((s) => s.name === ref.sheetName);
  if (!ref || !sheet) throw new ScriptException('Range not found');
  const lastRow = ref.lastRow ?? sheet.maxRows;
  const lastColumn = ref.lastColumn ?? sheet.maxColumns;
  const box = {
    row: ref.row,
    column: ref.column,
    numRows: lastRow - ref.row + 1,
    numColumns: lastColumn - ref.column + 1,
  };
  checkBox(sheet, box);
  return { sheet, box };
}

function rowsOutOfBounds(): ScriptException {
  return new ScriptException('Those rows are out of bounds.');
}

function columnsOutOfBounds(): ScriptException {
  return new ScriptException('Those columns are out of bounds.');
}

type SheetMember =
  | 'getName'
  | 'getSheetName'
  | 'setName'
  | 'getSheetId'
  | 'getIndex'
  | 'getParent'
  | 'activate'
  | 'getRange'
  | 'getDataRange'
  | 'getSheetValues'
  | 'getLastRow'
  | 'getLastColumn'
  | 'getMaxRows'
  | 'getMaxColumns'
  | 'insertRowAfter'
  | 'insertRowBefore'
  | 'insertRows'
  | 'insertRowsAfter'
  | 'insertRowsBefore'
  | 'insertColumnAfter'
  | 'insertColumnBefore'
  | 'insertColumns'
  | 'insertColumnsAfter'
  | 'insertColumnsBefore'
  | 'deleteRow'
  | 'deleteRows'
  | 'deleteColumn'
  | 'deleteColumns'
  | 'appendRow'
  | 'clear'
  | 'clearContents'
  | 'clearNotes'
  | 'protect'
  | 'getProtections'
  | 'sort'
  | 'hideSheet'
  | 'showSheet'
  | 'isSheetHidden'
  | 'setFrozenRows'
  | 'getFrozenRows'
  | 'setFrozenColumns'
  | 'getFrozenColumns';

export class FakeSheet implements Pick<Sheet, SheetMember> {
  constructor(
    private readonly deps: SheetsDeps,
    readonly spreadsheetId: string,
    readonly sheetId: number,
  ) {}

  private read<T>(method: string, body: (sheet: SheetData) => T): T {
    return this.deps.access.readSheet(`Sheet.${method}`, this.spreadsheetId, this.sheetId, body);
  }

  private write<T>(method: string, body: (sheet: SheetData, book: SpreadsheetData) => T): T {
    return this.deps.access.writeSheet(`Sheet.${method}`, this.spreadsheetId, this.sheetId, body);
  }

  private self(): Sheet {
    return asReal<Sheet>(this);
  }

  private range(box: Box, sheetId = this.sheetId): Range {
    return asReal<Range>(new FakeRange(this.deps, this.spreadsheetId, sheetId, box));
  }

  getName(): string {
    return this.read('getName', (s) => s.name);
  }

  getSheetName(): string {
    return this.read('getSheetName', (s) => s.name);
  }

  setName(name: string): Sheet {
    this.write('setName', (s, book) => {
      const clash = book.sheets.some(
        (o) => o !== s && o.name.toLowerCase() === String(name).toLowerCase(),
      );
      if (!name || clash) {
        throw new ScriptException(
          `A sheet with the name "${name}" already exists. Please enter another name.`,
        );
      }
      s.name = String(name);
    });
    return this.self();
  }

  getSheetId(): number {
    return this.read('getSheetId', (s) => s.sheetId);
  }

  /** 1-based position among the spreadsheet's sheets. */
  getIndex(): number {
    return this.deps.access.read('Sheet.getIndex', this.spreadsheetId, (book) => {
      return book.sheets.indexOf(sheetOf(book, this.sheetId)) + 1;
    });
  }

  getParent(): GoogleAppsScript.Spreadsheet.Spreadsheet {
    return this.read('getParent', () =>
      asReal<GoogleAppsScript.Spreadsheet.Spreadsheet>(
        new FakeSpreadsheet(this.deps, this.spreadsheetId),
      ),
    );
  }

  /** Makes this the active sheet (what a user sees; what getActiveSheet answers). */
  activate(): Sheet {
    this.deps.access.read('Sheet.activate', this.spreadsheetId, (book) => {
      book.activeSheetId = this.sheetId;
    });
    return this.self();
  }

  getRange(a: number | string, column?: number, numRows?: number, numColumns?: number): Range {
    const args = [a, column, numRows, numColumns].slice(0, arguments.length);
    return this.deps.access.read('Sheet.getRange', this.spreadsheetId, (book) => {
      const sheet = sheetOf(book, this.sheetId);
      if (typeof a === 'string' && args.length === 1) {
        const found = resolveA1(book, sheet, a);
        return this.range(found.box, found.sheet.sheetId);
      }
      const box = this.boxOf(args);
      checkBox(sheet, box);
      return this.range(box);
    });
  }

  private boxOf(args: unknown[]): Box {
    const method = 'SpreadsheetApp.Sheet.getRange';
    if (args.length < 2 || args.some((x) => typeof x !== 'number')) {
      throw signatureError(method, args);
    }
    const [row, column, numRows = 1, numColumns = 1] = args.map((x) => toInt(x, method));
    return { row, column, numRows, numColumns };
  }

  /** A1 to the last row and column with content; A1 alone on an empty sheet. */
  getDataRange(): Range {
    return this.read('getDataRange', (s) =>
      this.range({
        row: 1,
        column: 1,
        numRows: Math.max(1, grid.lastRow(s)),
        numColumns: Math.max(1, grid.lastColumn(s)),
      }),
    );
  }

  getSheetValues(startRow: number, startColumn: number, numRows: number, numColumns: number) {
    return this.read('getSheetValues', (s) => {
      const box = this.boxOf([startRow, startColumn, numRows, numColumns]);
      checkBox(s, box);
      return grid.readValues(s, box.row, box.column, box.numRows, box.numColumns);
    });
  }

  getLastRow(): number {
    return this.read('getLastRow', grid.lastRow);
  }

  getLastColumn(): number {
    return this.read('getLastColumn', grid.lastColumn);
  }

  getMaxRows(): number {
    return this.read('getMaxRows', (s) => s.maxRows);
  }

  getMaxColumns(): number {
    return this.read('getMaxColumns', (s) => s.maxColumns);
  }

  /** Inserts before or after an existing row `position` (1 .. max rows). */
  private addRows(method: string, position: number, howMany: number, after: boolean): void {
    this.write(method, (s, book) => {
      const at = toInt(position, `SpreadsheetApp.Sheet.${method}`);
      const n = toInt(howMany, `SpreadsheetApp.Sheet.${method}`);
      if (at < 1 || at > s.maxRows || n < 1) throw rowsOutOfBounds();
      assertCellLimit(book, n * s.maxColumns);
      grid.insertRows(s, after ? at + 1 : at, n);
    });
  }

  /** Inserts before or after an existing column `position` (1 .. max columns). */
  private addColumns(method: string, position: number, howMany: number, after: boolean): void {
    this.write(method, (s, book) => {
      const at = toInt(position, `SpreadsheetApp.Sheet.${method}`);
      const n = toInt(howMany, `SpreadsheetApp.Sheet.${method}`);
      if (at < 1 || at > s.maxColumns || n < 1) throw columnsOutOfBounds();
      assertCellLimit(book, n * s.maxRows);
      grid.insertColumns(s, after ? at + 1 : at, n);
    });
  }

  insertRowAfter(afterPosition: number): Sheet {
    this.addRows('insertRowAfter', afterPosition, 1, true);
    return this.self();
  }

  insertRowBefore(beforePosition: number): Sheet {
    this.addRows('insertRowBefore', beforePosition, 1, false);
    return this.self();
  }

  insertRows(rowIndex: number, numRows = 1): void {
    this.addRows('insertRows', rowIndex, numRows, false);
  }

  insertRowsAfter(afterPosition: number, howMany: number): Sheet {
    this.addRows('insertRowsAfter', afterPosition, howMany, true);
    return this.self();
  }

  insertRowsBefore(beforePosition: number, howMany: number): Sheet {
    this.addRows('insertRowsBefore', beforePosition, howMany, false);
    return this.self();
  }

  insertColumnAfter(afterPosition: number): Sheet {
    this.addColumns('insertColumnAfter', afterPosition, 1, true);
    return this.self();
  }

  insertColumnBefore(beforePosition: number): Sheet {
    this.addColumns('insertColumnBefore', beforePosition, 1, false);
    return this.self();
  }

  insertColumns(columnIndex: number, numColumns = 1): void {
    this.addColumns('insertColumns', columnIndex, numColumns, false);
  }

  insertColumnsAfter(afterPosition: number, howMany: number): Sheet {
    this.addColumns('insertColumnsAfter', afterPosition, howMany, true);
    return this.self();
  }

  insertColumnsBefore(beforePosition: number, howMany: number): Sheet {
    this.addColumns('insertColumnsBefore', beforePosition, howMany, false);
    return this.self();
  }

  deleteRow(rowPosition: number): Sheet {
    this.removeRows('deleteRow', rowPosition, 1);
    return this.self();
  }

  deleteRows(rowPosition: number, howMany: number): void {
    this.removeRows('deleteRows', rowPosition, howMany);
  }

  /** Sheets keeps at least one row that is not frozen. */
  private removeRows(method: string, at: number, howMany: number): void {
    this.write(method, (s) => {
      const first = toInt(at, `SpreadsheetApp.Sheet.${method}`);
      const n = toInt(howMany, `SpreadsheetApp.Sheet.${method}`);
      if (first < 1 || n < 1 || first + n - 1 > s.maxRows) throw rowsOutOfBounds();
      const frozenDeleted = Math.max(0, Math.min(first + n - 1, s.frozenRows) - first + 1);
      if (n - frozenDeleted >= s.maxRows - s.frozenRows) {
        throw new ScriptException('Sorry, it is not possible to delete all non-frozen rows.');
      }
      grid.deleteRows(s, first, n);
    });
  }

  deleteColumn(columnPosition: number): Sheet {
    this.removeColumns('deleteColumn', columnPosition, 1);
    return this.self();
  }

  deleteColumns(columnPosition: number, howMany: number): void {
    this.removeColumns('deleteColumns', columnPosition, howMany);
  }

  private removeColumns(method: string, at: number, howMany: number): void {
    this.write(method, (s) => {
      const first = toInt(at, `SpreadsheetApp.Sheet.${method}`);
      const n = toInt(howMany, `SpreadsheetApp.Sheet.${method}`);
      if (first < 1 || n < 1 || first + n - 1 > s.maxColumns) throw columnsOutOfBounds();
      const frozenDeleted = Math.max(0, Math.min(first + n - 1, s.frozenColumns) - first + 1);
      if (n - frozenDeleted >= s.maxColumns - s.frozenColumns) {
        throw new ScriptException('Sorry, it is not possible to delete all non-frozen columns.');
      }
      grid.deleteColumns(s, first, n);
    });
  }

  /**
   * Writes below the last row with content, adding a row (and columns) when the sheet is full.
   * Text is taken as typed: "If a cell's content begins with =, it's interpreted as a formula"
   * (developers.google.com/apps-script/reference/spreadsheet/sheet#appendRow(Object)); numbers,
   * dates and booleans in text become values (entry.ts).
   */
  appendRow(rowContents: unknown[]): Sheet {
    this.write('appendRow', (s, book) => {
      if (!Array.isArray(rowContents)) {
        throw signatureError('SpreadsheetApp.Sheet.appendRow', [rowContents]);
      }
      const row = grid.lastRow(s) + 1;
      // Parsed as typed (entry.ts) before the sheet grows: a refused value changes nothing.
      const entries = grid.enterValues(s, row, 1, [rowContents], this.deps.access.entryContext());
      const addRows = Math.max(0, row - s.maxRows);
      const addColumns = Math.max(0, rowContents.length - s.maxColumns);
      assertCellLimit(book, addRows * (s.maxColumns + addColumns) + addColumns * s.maxRows);
      s.maxRows += addRows;
      s.maxColumns += addColumns;
      grid.storeEntries(s, row, 1, entries);
    });
    return this.self();
  }

  /** Clears contents and number formats, or only one of them when told; notes stay. */
  clear(options?: { contentsOnly?: boolean; formatOnly?: boolean }): Sheet {
    this.write('clear', (s) => {
      const only = !!options && (!!options.contentsOnly || !!options.formatOnly);
      grid.clearSheet(s, {
        contents: !only || !!options.contentsOnly,
        formats: !only || !!options.formatOnly,
      });
    });
    return this.self();
  }

  /** Clears values and formulas; formats and notes stay. */
  clearContents(): Sheet {
    this.write('clearContents', (s) => grid.clearSheet(s, { contents: true, formats: false }));
    return this.self();
  }

  clearNotes(): Sheet {
    this.write('clearNotes', (s) => {
      s.notes = [];
    });
    return this.self();
  }

  /** Protects the sheet, or answers its existing protection. */
  protect(): GoogleAppsScript.Spreadsheet.Protection {
    return this.deps.access.write('Sheet.protect', this.spreadsheetId, (book) => {
      const s = sheetOf(book, this.sheetId);
      let p = s.protections[0];
      if (!p) {
        const id = `protection-${this.sheetId}-${this.deps.access.ctx.random.int(1e9)}`;
        p = { id, description: '', warningOnly: false, editors: null, domainEdit: false };
        s.protections.push(p);
      }
      return this.protection(p.id);
    });
  }

  private protection(id: string): GoogleAppsScript.Spreadsheet.Protection {
    return asReal<GoogleAppsScript.Spreadsheet.Protection>(
      new FakeProtection(this.deps, this.spreadsheetId, this.sheetId, id),
    );
  }

  /** Sheet protections; range protections are not modelled, so RANGE answers none. */
  getProtections(
    type: GoogleAppsScript.Spreadsheet.ProtectionType,
  ): GoogleAppsScript.Spreadsheet.Protection[] {
    return this.read('getProtections', (s) => {
      const kind: unknown = type;
      if (kind === 'RANGE') return [];
      if (kind !== 'SHEET') throw signatureError('SpreadsheetApp.Sheet.getProtections', [type]);
      return s.protections.map((p) => this.protection(p.id));
    });
  }

  sort(columnPosition: number, ascending = true): Sheet {
    this.write('sort', (s) => {
      const column = toInt(columnPosition, 'SpreadsheetApp.Sheet.sort');
      if (column < 1 || column > s.maxColumns) throw columnsOutOfBounds();
      grid.sortRows(s, column, ascending !== false);
    });
    return this.self();
  }

  hideSheet(): Sheet {
    this.write('hideSheet', (s, book) => {
      if (!s.hidden && book.sheets.filter((o) => !o.hidden).length <= 1) {
        throw new ScriptException("You can't hide all the sheets in a document.");
      }
      s.hidden = true;
    });
    return this.self();
  }

  showSheet(): Sheet {
    this.write('showSheet', (s) => {
      s.hidden = false;
    });
    return this.self();
  }

  isSheetHidden(): boolean {
    return this.read('isSheetHidden', (s) => s.hidden);
  }

  setFrozenRows(rows: number): void {
    this.write('setFrozenRows', (s) => {
      const n = toInt(rows, 'SpreadsheetApp.Sheet.setFrozenRows');
      if (n < 0 || n >= s.maxRows) throw rowsOutOfBounds();
      s.frozenRows = n;
    });
  }

  getFrozenRows(): number {
    return this.read('getFrozenRows', (s) => s.frozenRows);
  }

  setFrozenColumns(columns: number): void {
    this.write('setFrozenColumns', (s) => {
      const n = toInt(columns, 'SpreadsheetApp.Sheet.setFrozenColumns');
      if (n < 0 || n >= s.maxColumns) throw columnsOutOfBounds();
      s.frozenColumns = n;
    });
  }

  getFrozenColumns(): number {
    return this.read('getFrozenColumns', (s) => s.frozenColumns);
  }
}
