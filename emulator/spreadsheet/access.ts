/**
 * The gate of every SpreadsheetApp call: the runtime's guard (clock, 6-minute limit, faults), then
 * Drive's sharing (viewing a spreadsheet needs view access to its file, changing it needs edit
 * access) and sheet protections (a protected sheet refuses edits by anyone not on its editors).
 */
import { ServiceContext } from '../core/context';
import { ScriptException } from '../core/errors';
import { EntryContext } from './entry';
import { ProtectionData, SheetData, SpreadsheetData } from './model';
import { SpreadsheetStore } from './store';
import type { UiRecorder } from './ui';

/** What every fake object of this service is built from. */
export interface SheetsDeps {
  access: SheetsAccess;
  ui: UiRecorder;
}

const SERVICE = 'SpreadsheetApp';

export class SheetsAccess {
  constructor(
    readonly ctx: ServiceContext,
    readonly store: SpreadsheetStore,
  ) {}

  /** What parsing written text depends on (entry.ts). */
  entryContext(): EntryContext {
    return this.store.entryContext();
  }

  /** A call that touches no spreadsheet (create, flush, getUi...); `detail` names a sheet. */
  call<T>(method: string, kind: 'read' | 'write', body: () => T, detail?: string): T {
    return this.ctx.runtime.guard(SERVICE, method, kind, body, detail);
  }

  read<T>(method: string, id: string, body: (book: SpreadsheetData) => T): T {
    return this.call(method, 'read', () => body(this.viewable(id)));
  }

  write<T>(method: string, id: string, body: (book: SpreadsheetData) => T): T {
    return this.call(method, 'write', () => body(this.editable(id)));
  }

  readSheet<T>(method: string, id: string, sheetId: number, body: (sheet: SheetData) => T): T {
    return this.call(
      method,
      'read',
      () => body(sheetOf(this.viewable(id), sheetId)),
      this.sheetName(id, sheetId),
    );
  }

  /** The sheet's name, for the call's detail (what a test's fault can match on). */
  private sheetName(id: string, sheetId: number): string | undefined {
    return this.store.get(id)?.sheets.find((s) => s.sheetId === sheetId)?.name;
  }

  /** An edit of a sheet's cells or structure: also refused by a protection the user is not on. */
  writeSheet<T>(
    method: string,
    id: string,
    sheetId: number,
    body: (sheet: SheetData, book: SpreadsheetData) => T,
  ): T {
    return this.call(
      method,
      'write',
      () => {
        const book = this.editable(id);
        const sheet = sheetOf(book, sheetId);
        this.assertUnprotected(id, sheet);
        return body(sheet, book);
      },
      this.sheetName(id, sheetId),
    );
  }

  /** The spreadsheet if the current user may view it. Trashed files still open by id. */
  viewable(id: string): SpreadsheetData {
    const book = this.store.get(id);
    const user = this.ctx.user();
    if (!book || !this.store.drive.get(id) || !this.store.drive.canView(id, user)) {
      throw new ScriptException(
        `Document ${id} is missing (perhaps it was deleted, or you don't have read access?)`,
      );
    }
    return book;
  }

  editable(id: string): SpreadsheetData {
    const book = this.viewable(id);
    if (!this.store.drive.canEdit(id, this.ctx.user())) {
      throw new ScriptException('You do not have permission to perform that action.');
    }
    return book;
  }

  owner(id: string): string {
    return this.store.drive.get(id)?.owner ?? '';
  }

  /**
   * Who may edit under a protection: the spreadsheet's owner always; while its editor list still
   * mirrors the file (never changed by the script), anyone who can edit the file; else its list.
   */
  canEditProtection(id: string, p: ProtectionData, user = this.ctx.user()): boolean {
    if (user === this.owner(id)) return true;
    if (p.editors === null) return this.store.drive.canEdit(id, user);
    return p.editors.includes(user);
  }

  assertUnprotected(id: string, sheet: SheetData): void {
    for (const p of sheet.protections) {
      if (!p.warningOnly && !this.canEditProtection(id, p)) {
        throw new ScriptException(
          'You are trying to edit a protected cell or object. Please contact the spreadsheet ' +
            'owner to remove protection if you need to edit.',
        );
      }
    }
  }
}

export function sheetOf(book: SpreadsheetData, sheetId: number): SheetData {
  const sheet = book.sheets.find((s) => s.sheetId === sheetId);
  if (!sheet) throw new ScriptException('The sheet you are trying to use has been deleted.');
  return sheet;
}
