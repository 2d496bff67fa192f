/**
 * The state of every emulated spreadsheet. A spreadsheet is a Drive file of the spreadsheet MIME
 * type and its id is that file's id, so DriveApp can move, share or trash it; this store holds only
 * the grid. No gate here: the services in this folder gate every script call, and tests and the
 * playground use the helpers below to seed and inspect sheets directly.
 */
import { ServiceContext } from '../core/context';
import { EmulatorUsageError } from '../core/errors';
import { EntryContext } from './entry';
import { lastColumn, lastRow, readFormulas, readValues, writeValues } from './grid';
import {
  CellValue,
  DEFAULT_COLUMNS,
  DEFAULT_ROWS,
  ProtectionData,
  SheetData,
  SpreadsheetData,
  isDate,
  newSheet,
} from './model';

export const SHEET_MIME = 'application/vnd.google-apps.spreadsheet';

/** What this service needs of the emulated Drive (DriveStore satisfies it). */
export interface DriveFiles {
  createFile(o: { name: string; mimeType: string; parentId: string; owner: string }): {
    id: string;
  };
  get(id: string): { id: string; name: string; trashed: boolean; owner: string } | undefined;
  canView(id: string, user: string): boolean;
  canEdit(id: string, user: string): boolean;
  rootId(user: string): string;
}

export interface CreateOptions {
  parentId?: string;
  rows?: number;
  columns?: number;
}

export class SpreadsheetStore {
  private readonly books = new Map<string, SpreadsheetData>();
  /** The spreadsheet the script is bound to (SpreadsheetApp.getActiveSpreadsheet). */
  activeId: string | null = null;

  constructor(
    readonly ctx: ServiceContext,
    readonly drive: DriveFiles,
  ) {}

  /** Creates the Drive file and its grid: one sheet "Sheet1" of 1000 x 26 (or the given size). */
  create(name: string, owner: string, parentId?: string | CreateOptions): string {
    const opts: CreateOptions = typeof parentId === 'string' ? { parentId } : (parentId ?? {});
    const file = this.drive.createFile({
      name,
      mimeType: SHEET_MIME,
      parentId: opts.parentId ?? this.drive.rootId(owner),
      owner,
    });
    const first = newSheet(0, 'Sheet1', opts.rows ?? DEFAULT_ROWS, opts.columns ?? DEFAULT_COLUMNS);
    this.books.set(file.id, { id: file.id, sheets: [first], activeSheetId: 0 });
    return file.id;
  }

  /**
   * What parsing written text depends on: the spreadsheet's time zone (the script's, as Apps
   * Script's bound spreadsheets here share one) and the simulated clock.
   */
  entryContext(): EntryContext {
    return { timeZone: this.ctx.timeZone, now: () => this.ctx.clock.now() };
  }

  get(id: string): SpreadsheetData | undefined {
    return this.books.get(id);
  }

  ids(): string[] {
    return [...this.books.keys()];
  }

  setActive(id: string | null): void {
    if (id !== null && !this.books.has(id)) {
      throw new EmulatorUsageError(`no spreadsheet with id ${id}`);
    }
    this.activeId = id;
  }

  /** A sheet id no other sheet of the spreadsheet has (Sheets uses random positive integers). */
  newSheetId(book: SpreadsheetData): number {
    for (;;) {
      const id = 1 + this.ctx.random.int(2_000_000_000);
      if (!book.sheets.some((s) => s.sheetId === id)) return id;
    }
  }

  /** Test and playground helper: adds a sheet without the gate. */
  addSheet(id: string, name: string, rows = DEFAULT_ROWS, columns = DEFAULT_COLUMNS): SheetData {
    const book = this.book(id);
    if (book.sheets.some((s) => s.name.toLowerCase() === name.toLowerCase())) {
      throw new EmulatorUsageError(`spreadsheet ${id} already has a sheet "${name}"`);
    }
    const sheet = newSheet(this.newSheetId(book), name, rows, columns);
    book.sheets.push(sheet);
    return sheet;
  }

  /**
   * Test and playground helper: the sheet's data region (A1 to last row/column), [] if empty, as
   * `getValues` gives it (a formula cell's value, text without its apostrophe).
   */
  values(id: string, sheetName: string): CellValue[][] {
    const sheet = this.sheet(id, sheetName);
    return readValues(sheet, 1, 1, lastRow(sheet), lastColumn(sheet));
  }

  /**
   * Test and playground helper: writes a block at (row, column), growing the sheet if needed, as a
   * person typing it would: text is parsed as Sheets parses typed text (entry.ts), so `'00123`
   * seeds the text `00123` and `00123` the number 123; numbers, Dates and booleans are kept.
   */
  setValues(id: string, sheetName: string, values: unknown[][], row = 1, column = 1): void {
    const sheet = this.sheet(id, sheetName);
    const width = Math.max(0, ...values.map((line) => line.length));
    sheet.maxRows = Math.max(sheet.maxRows, row - 1 + values.length);
    sheet.maxColumns = Math.max(sheet.maxColumns, column - 1 + width);
    writeValues(sheet, row, column, values, this.entryContext());
  }

  /** Test and playground helper: a sheet's formulas, laid out as `values` gives its data. */
  formulas(id: string, sheetName: string): string[][] {
    const sheet = this.sheet(id, sheetName);
    return readFormulas(sheet, 1, 1, lastRow(sheet), lastColumn(sheet));
  }

  sheet(id: string, sheetName: string): SheetData {
    const sheet = this.book(id).sheets.find((s) => s.name === sheetName);
    if (!sheet) throw new EmulatorUsageError(`spreadsheet ${id} has no sheet "${sheetName}"`);
    return sheet;
  }

  private book(id: string): SpreadsheetData {
    const book = this.books.get(id);
    if (!book) throw new EmulatorUsageError(`no spreadsheet with id ${id}`);
    return book;
  }

  toJSON(): SpreadsheetStoreJSON {
    return {
      version: 1,
      activeId: this.activeId,
      spreadsheets: [...this.books.values()].map((book) => ({
        id: book.id,
        activeSheetId: book.activeSheetId,
        sheets: book.sheets.map(sheetToJSON),
      })),
    };
  }

  static fromJSON(ctx: ServiceContext, drive: DriveFiles, json: unknown): SpreadsheetStore {
    const data = json as SpreadsheetStoreJSON;
    if (!data || data.version !== 1 || !Array.isArray(data.spreadsheets)) {
      throw new EmulatorUsageError('not a saved spreadsheet store');
    }
    const store = new SpreadsheetStore(ctx, drive);
    for (const book of data.spreadsheets) {
      store.books.set(book.id, {
        id: book.id,
        activeSheetId: book.activeSheetId,
        sheets: book.sheets.map(sheetFromJSON),
      });
    }
    store.activeId = data.activeId;
    return store;
  }
}

/** Dates do not survive JSON on their own: a cell holding one is saved as `{ date: ms }`. */
type CellJSON = '' | number | string | boolean | { date: number } | null;

interface SheetJSON extends Omit<SheetData, 'values' | 'formulas' | 'formats'> {
  values: CellJSON[][];
  formulas?: string[][];
  formats?: string[][];
}

export interface SpreadsheetStoreJSON {
  version: 1;
  activeId: string | null;
  spreadsheets: Array<{ id: string; activeSheetId: number; sheets: SheetJSON[] }>;
}

function sheetToJSON(sheet: SheetData): SheetJSON {
  return {
    ...sheet,
    values: sheet.values.map((row) =>
      Array.from(row, (v) => (isDate(v) ? { date: v.getTime() } : (v ?? ''))),
    ),
    notes: sheet.notes.map((row) => Array.from(row, (n) => n ?? '')),
    formulas: sheet.formulas.map((row) => Array.from(row, (f) => f ?? '')),
    formats: sheet.formats.map((row) => Array.from(row, (f) => f ?? '')),
    protections: sheet.protections.map(copyProtection),
  };
}

function sheetFromJSON(json: SheetJSON): SheetData {
  return {
    ...json,
    values: json.values.map((row) =>
      row.map((v): CellValue => {
        if (v === null) return '';
        return typeof v === 'object' ? new Date(v.date) : v;
      }),
    ),
    notes: json.notes.map((row) => [...row]),
    // Saved before formulas and formats were kept: none.
    formulas: (json.formulas ?? []).map((row) => [...row]),
    formats: (json.formats ?? []).map((row) => [...row]),
    protections: json.protections.map(copyProtection),
  };
}

function copyProtection(p: ProtectionData): ProtectionData {
  return { ...p, editors: p.editors ? [...p.editors] : null };
}
