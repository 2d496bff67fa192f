/**
 * FakeSpreadsheet: a spreadsheet file and its sheets. Documented behaviour modelled: its name is
 * its Drive file's name; insertSheet refuses a name already used (Sheets compares tab names
 * without case), places the new sheet after the active one unless given an index, and makes it
 * the active sheet; the last sheet of a spreadsheet cannot be deleted.
 */
import { asReal } from '../core/context';
import { ScriptException } from '../core/errors';
import { SheetsDeps, sheetOf } from './access';
import { signatureError, toInt } from './bounds';
import {
  DEFAULT_COLUMNS,
  DEFAULT_ROWS,
  SheetData,
  SpreadsheetData,
  assertCellLimit,
  newSheet,
} from './model';
import { FakeProtection, FakeUser } from './protection';
import { FakeRange } from './range';
import { FakeSheet, resolveA1 } from './sheet';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

interface InsertOptions {
  template?: Sheet;
}

type SpreadsheetMember =
  | 'getId'
  | 'getName'
  | 'getUrl'
  | 'getOwner'
  | 'getSheets'
  | 'getNumSheets'
  | 'getSheetByName'
  | 'insertSheet'
  | 'getActiveSheet'
  | 'setActiveSheet'
  | 'deleteSheet'
  | 'getRange'
  | 'getProtections'
  | 'toast';

export function spreadsheetUrl(id: string): string {
  return `https://docs.google.com/spreadsheets/d/${id}/edit`;
}

function duplicateName(name: string): ScriptException {
  return new ScriptException(
    `A sheet with the name "${name}" already exists. Please enter another name.`,
  );
}

/** The sheet of a Sheet object from this emulator, if it belongs to spreadsheet `id`. */
function ownSheet(book: SpreadsheetData, sheet: unknown): SheetData | undefined {
  if (!(sheet instanceof FakeSheet) || sheet.spreadsheetId !== book.id) return undefined;
  return book.sheets.find((s) => s.sheetId === sheet.sheetId);
}

export class FakeSpreadsheet implements Pick<Spreadsheet, SpreadsheetMember> {
  constructor(
    private readonly deps: SheetsDeps,
    readonly spreadsheetId: string,
  ) {}

  private read<T>(method: string, body: (book: SpreadsheetData) => T): T {
    return this.deps.access.read(`Spreadsheet.${method}`, this.spreadsheetId, body);
  }

  private write<T>(method: string, body: (book: SpreadsheetData) => T): T {
    return this.deps.access.write(`Spreadsheet.${method}`, this.spreadsheetId, body);
  }

  private sheet(sheetId: number): Sheet {
    return asReal<Sheet>(new FakeSheet(this.deps, this.spreadsheetId, sheetId));
  }

  getId(): string {
    return this.read('getId', (book) => book.id);
  }

  getName(): string {
    return this.read('getName', () => this.deps.access.store.drive.get(this.spreadsheetId)!.name);
  }

  getUrl(): string {
    return this.read('getUrl', (book) => spreadsheetUrl(book.id));
  }

  getOwner(): GoogleAppsScript.Base.User | null {
    return this.read('getOwner', () => {
      const owner = this.deps.access.owner(this.spreadsheetId);
      return owner
        ? asReal<GoogleAppsScript.Base.User>(new FakeUser(this.deps.access.ctx, owner))
        : null;
    });
  }

  getSheets(): Sheet[] {
    return this.read('getSheets', (book) => book.sheets.map((s) => this.sheet(s.sheetId)));
  }

  getNumSheets(): number {
    return this.read('getNumSheets', (book) => book.sheets.length);
  }

  /** The sheet of that exact name, or null. */
  getSheetByName(name: string): Sheet | null {
    return this.read('getSheetByName', (book) => {
      const found = book.sheets.find((s) => s.name === name);
      return found ? this.sheet(found.sheetId) : null;
    });
  }

  getActiveSheet(): Sheet {
    return this.read('getActiveSheet', (book) => this.sheet(activeSheet(book).sheetId));
  }

  setActiveSheet(sheet: Sheet): Sheet {
    return this.read('setActiveSheet', (book) => {
      const target = ownSheet(book, sheet);
      if (!target) throw new ScriptException('Invalid argument: sheet');
      book.activeSheetId = target.sheetId;
      return this.sheet(target.sheetId);
    });
  }

  /** The overloads: (), (index), (name), (name, index), with an optional {template}. */
  insertSheet(
    a?: string | number | InsertOptions,
    b?: number | InsertOptions,
    c?: InsertOptions,
  ): Sheet {
    const args = [a, b, c].slice(0, arguments.length);
    return this.write('insertSheet', (book) => {
      const name = typeof a === 'string' ? a : undefined;
      const indexArg = args.find((x) => typeof x === 'number') as number | undefined;
      const options = args.find((x) => typeof x === 'object' && x !== null) as InsertOptions;
      const sheet = this.newSheet(book, name, options?.template);
      const index =
        indexArg === undefined
          ? book.sheets.indexOf(activeSheet(book)) + 1
          : toInt(indexArg, 'SpreadsheetApp.Spreadsheet.insertSheet');
      if (index < 0 || index > book.sheets.length) {
        throw signatureError('SpreadsheetApp.Spreadsheet.insertSheet', args);
      }
      book.sheets.splice(index, 0, sheet);
      book.activeSheetId = sheet.sheetId;
      return this.sheet(sheet.sheetId);
    });
  }

  private newSheet(book: SpreadsheetData, name: string | undefined, template?: Sheet): SheetData {
    const taken = (n: string) => book.sheets.some((s) => s.name.toLowerCase() === n.toLowerCase());
    if (name !== undefined && (name.trim() === '' || taken(name))) throw duplicateName(name);
    let title = name;
    for (let n = book.sheets.length + 1; title === undefined; n++) {
      if (!taken(`Sheet${n}`)) title = `Sheet${n}`;
    }
    const source = template === undefined ? undefined : ownSheet(book, template);
    if (template !== undefined && !source) throw new ScriptException('Invalid argument: template');
    const id = this.deps.access.store.newSheetId(book);
    const sheet = newSheet(
      id,
      title,
      source?.maxRows ?? DEFAULT_ROWS,
      source?.maxColumns ?? DEFAULT_COLUMNS,
    );
    assertCellLimit(book, sheet.maxRows * sheet.maxColumns);
    if (source) {
      sheet.values = source.values.map((row) => [...row]);
      sheet.notes = source.notes.map((row) => [...row]);
      sheet.formulas = source.formulas.map((row) => [...row]);
      sheet.formats = source.formats.map((row) => [...row]);
      sheet.frozenRows = source.frozenRows;
      sheet.frozenColumns = source.frozenColumns;
    }
    return sheet;
  }

  deleteSheet(sheet: Sheet): void {
    this.write('deleteSheet', (book) => {
      const target = ownSheet(book, sheet);
      if (!target) throw new ScriptException('Invalid argument: sheet');
      this.deps.access.assertUnprotected(this.spreadsheetId, target);
      if (book.sheets.length <= 1) {
        throw new ScriptException("You can't remove all the sheets in a document.");
      }
      book.sheets = book.sheets.filter((s) => s !== target);
      if (book.activeSheetId === target.sheetId) book.activeSheetId = book.sheets[0].sheetId;
    });
  }

  /** A1 notation, on the named sheet or else the active one. */
  getRange(a1Notation: string): GoogleAppsScript.Spreadsheet.Range {
    return this.read('getRange', (book) => {
      const { sheet, box } = resolveA1(book, activeSheet(book), a1Notation);
      return asReal<GoogleAppsScript.Spreadsheet.Range>(
        new FakeRange(this.deps, this.spreadsheetId, sheet.sheetId, box),
      );
    });
  }

  getProtections(
    type: GoogleAppsScript.Spreadsheet.ProtectionType,
  ): GoogleAppsScript.Spreadsheet.Protection[] {
    return this.read('getProtections', (book) => {
      const kind: unknown = type;
      if (kind === 'RANGE') return [];
      if (kind !== 'SHEET')
        throw signatureError('SpreadsheetApp.Spreadsheet.getProtections', [type]);
      return book.sheets.flatMap((s) =>
        s.protections.map((p) =>
          asReal<GoogleAppsScript.Spreadsheet.Protection>(
            new FakeProtection(this.deps, this.spreadsheetId, s.sheetId, p.id),
          ),
        ),
      );
    });
  }

  /** Shows a toast; Google's default timeout is 5 seconds, a negative one stays until closed. */
  toast(msg: string, title?: string, timeoutSeconds?: number | null): void {
    this.read('toast', () => {
      this.deps.ui.toasts.push({
        message: String(msg),
        title: title === undefined || title === null ? '' : String(title),
        timeoutSeconds: timeoutSeconds ?? 5,
      });
    });
  }
}

/** The active sheet: the one last activated, else the first (as a script run from the editor). */
export function activeSheet(book: SpreadsheetData): SheetData {
  return (
    book.sheets.find((s) => s.sheetId === book.activeSheetId) ??
    sheetOf(book, book.sheets[0].sheetId)
  );
}
