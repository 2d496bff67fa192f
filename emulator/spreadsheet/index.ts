/**
 * The emulated SpreadsheetApp global. Every call passes the runtime gate, so one batched
 * getValues/setValues is one call however many cells it moves, as Google's cost model has it.
 */
import { ServiceContext, asReal } from '../core/context';
import { ScriptException } from '../core/errors';
import { SheetsAccess, SheetsDeps } from './access';
import { toInt } from './bounds';
import { DEFAULT_COLUMNS, DEFAULT_ROWS, assertCellLimit } from './model';
import { FakeSpreadsheet, activeSheet } from './spreadsheet';
import { FakeSheet } from './sheet';
import { SpreadsheetStore } from './store';
import { FakeUi, UiRecorder, assertUiContext } from './ui';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type App = GoogleAppsScript.Spreadsheet.SpreadsheetApp;

const PROTECTION_TYPE = Object.freeze({ RANGE: 'RANGE', SHEET: 'SHEET' });

/** The id in a spreadsheet URL: https://docs.google.com/spreadsheets/d/<id>/... */
function idFromUrl(url: string): string | null {
  const m = /\/spreadsheets\/d\/([A-Za-z0-9_-]+)/.exec(String(url));
  return m ? m[1] : null;
}

type AppMember =
  | 'ProtectionType'
  | 'create'
  | 'openById'
  | 'openByUrl'
  | 'getActiveSpreadsheet'
  | 'getActive'
  | 'getActiveSheet'
  | 'flush'
  | 'getUi';

class FakeSpreadsheetApp implements Pick<App, AppMember> {
  readonly ProtectionType =
    asReal<typeof GoogleAppsScript.Spreadsheet.ProtectionType>(PROTECTION_TYPE);

  constructor(
    private readonly deps: SheetsDeps,
    private readonly ctx: ServiceContext,
  ) {}

  private spreadsheet(id: string): Spreadsheet {
    return asReal<Spreadsheet>(new FakeSpreadsheet(this.deps, id));
  }

  /**
   * Creates a spreadsheet in the current user's My Drive (one sheet, 1000 x 26 by default). A size
   * past the 10-million-cell limit is refused; each spreadsheet created counts toward the user's
   * daily "Spreadsheets created" quota (quotas page: 250 a day consumer, 3,200 Workspace).
   */
  create(name: string, rows?: number, columns?: number): Spreadsheet {
    return this.deps.access.call('Spreadsheet.create', 'write', () => {
      const size =
        rows === undefined && columns === undefined
          ? {}
          : {
              rows: toInt(rows, 'SpreadsheetApp.create'),
              columns: toInt(columns, 'SpreadsheetApp.create'),
            };
      if ((size.rows ?? 1) < 1 || (size.columns ?? 1) < 1) {
        throw new ScriptException('Invalid argument: a spreadsheet needs at least one cell.');
      }
      assertCellLimit(null, (size.rows ?? DEFAULT_ROWS) * (size.columns ?? DEFAULT_COLUMNS));
      this.ctx.quotas.take(this.ctx.user(), 'spreadsheetsCreated');
      const id = this.deps.access.store.create(String(name), this.ctx.user(), size);
      return this.spreadsheet(id);
    });
  }

  /** Opens by id; like Drive, a trashed spreadsheet still opens. */
  openById(id: string): Spreadsheet {
    return this.deps.access.call('openById', 'read', () => {
      this.deps.access.viewable(String(id));
      return this.spreadsheet(String(id));
    });
  }

  openByUrl(url: string): Spreadsheet {
    return this.deps.access.call('openByUrl', 'read', () => {
      const id = idFromUrl(url);
      if (!id) throw new ScriptException('Invalid argument: url');
      this.deps.access.viewable(id);
      return this.spreadsheet(id);
    });
  }

  /** The spreadsheet the script is bound to; null for a standalone script. */
  getActiveSpreadsheet(): Spreadsheet {
    return this.deps.access.call('getActiveSpreadsheet', 'read', () => this.active());
  }

  getActive(): Spreadsheet {
    return this.deps.access.call('getActive', 'read', () => this.active());
  }

  private active(): Spreadsheet {
    const id = this.deps.access.store.activeId;
    if (id === null) return asReal<Spreadsheet>(null);
    this.deps.access.viewable(id);
    return this.spreadsheet(id);
  }

  getActiveSheet(): GoogleAppsScript.Spreadsheet.Sheet {
    return this.deps.access.call('getActiveSheet', 'read', () => {
      const id = this.deps.access.store.activeId;
      if (id === null) return asReal<GoogleAppsScript.Spreadsheet.Sheet>(null);
      const book = this.deps.access.viewable(id);
      return asReal<GoogleAppsScript.Spreadsheet.Sheet>(
        new FakeSheet(this.deps, id, activeSheet(book).sheetId),
      );
    });
  }

  /** Writes here apply at once, so flush only costs its call. */
  flush(): void {
    this.deps.access.call('flush', 'write', () => undefined);
  }

  /** Refused in executions started by a trigger, where no user is looking. */
  getUi(): GoogleAppsScript.Base.Ui {
    return this.deps.access.call('getUi', 'read', () => {
      assertUiContext(this.ctx);
      return asReal<GoogleAppsScript.Base.Ui>(new FakeUi(this.ctx, this.deps.ui));
    });
  }
}

export function createSpreadsheetApp(
  ctx: ServiceContext,
  store: SpreadsheetStore,
  ui: UiRecorder,
): App {
  const deps: SheetsDeps = { access: new SheetsAccess(ctx, store), ui };
  return asReal<App>(new FakeSpreadsheetApp(deps, ctx));
}

export { SpreadsheetStore, SHEET_MIME } from './store';
export type { DriveFiles } from './store';
export { UiRecorder } from './ui';
export type { CellValue } from './model';
