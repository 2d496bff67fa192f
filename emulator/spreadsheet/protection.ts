/**
 * FakeProtection: a protected sheet (Sheet.protect()). Documented behaviour modelled:
 * - until the script changes its editors, a new protection mirrors the spreadsheet's own
 *   permissions, so the sheet stays effectively unprotected;
 * - the spreadsheet's owner and the current user can never be removed from its editors;
 * - a warning-only protection lets anyone who can edit the file write (Sheets only warns users);
 * - only someone who may edit under the protection may change or remove it.
 */
import { ServiceContext, asReal } from '../core/context';
import { ScriptException } from '../core/errors';
import { SheetsDeps, sheetOf } from './access';
import { Box } from './bounds';
import { ProtectionData, SheetData } from './model';
import { FakeRange } from './range';

type Protection = GoogleAppsScript.Spreadsheet.Protection;
type User = GoogleAppsScript.Base.User;

export class FakeUser implements Pick<User, 'getEmail'> {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly email: string,
  ) {}

  getEmail(): string {
    return this.ctx.runtime.guard('SpreadsheetApp', 'User.getEmail', 'read', () => this.email);
  }

  toString(): string {
    return this.email;
  }

  /** The email without a gated call: the emulator reading its own object. */
  static emailOf(user: FakeUser): string {
    return user.email;
  }
}

/** Users are passed as emails or as User objects (from Session or getEditors). */
function emailOf(user: unknown): string {
  if (typeof user === 'string') return user;
  if (user instanceof FakeUser) return FakeUser.emailOf(user);
  const u = user as { getEmail?: () => string } | null;
  if (u && typeof u.getEmail === 'function') return String(u.getEmail());
  throw new ScriptException('Invalid argument: user');
}

type ProtectionMember =
  | 'getDescription'
  | 'setDescription'
  | 'isWarningOnly'
  | 'setWarningOnly'
  | 'addEditor'
  | 'addEditors'
  | 'removeEditor'
  | 'removeEditors'
  | 'getEditors'
  | 'canEdit'
  | 'canDomainEdit'
  | 'setDomainEdit'
  | 'remove'
  | 'getProtectionType'
  | 'getRange';

export class FakeProtection implements Pick<Protection, ProtectionMember> {
  constructor(
    private readonly deps: SheetsDeps,
    readonly spreadsheetId: string,
    readonly sheetId: number,
    readonly protectionId: string,
  ) {}

  private find(sheet: SheetData): ProtectionData {
    const p = sheet.protections.find((x) => x.id === this.protectionId);
    if (!p) throw new ScriptException('This protection has been removed.');
    return p;
  }

  private read<T>(method: string, body: (p: ProtectionData, sheet: SheetData) => T): T {
    const { access } = this.deps;
    return access.readSheet(`Protection.${method}`, this.spreadsheetId, this.sheetId, (sheet) =>
      body(this.find(sheet), sheet),
    );
  }

  private write(method: string, body: (p: ProtectionData, sheet: SheetData) => void): Protection {
    const { access } = this.deps;
    access.write(`Protection.${method}`, this.spreadsheetId, (book) => {
      const sheet = sheetOf(book, this.sheetId);
      const p = this.find(sheet);
      if (!access.canEditProtection(this.spreadsheetId, p)) {
        throw new ScriptException('You do not have permission to perform that action.');
      }
      body(p, sheet);
    });
    return asReal<Protection>(this);
  }

  /** The editors while they still mirror the file: its owner and the current user. */
  private editorsOf(p: ProtectionData): string[] {
    if (p.editors) return p.editors;
    const user = this.deps.access.ctx.user();
    const owner = this.deps.access.owner(this.spreadsheetId);
    return owner === user ? [owner] : [owner, user];
  }

  private setEditors(p: ProtectionData, add: string[], remove: string[]): void {
    const keep = new Set([this.deps.access.owner(this.spreadsheetId), this.deps.access.ctx.user()]);
    const next = this.editorsOf(p).filter((e) => keep.has(e) || !remove.includes(e));
    for (const e of add) if (!next.includes(e)) next.push(e);
    p.editors = next;
  }

  getDescription(): string {
    return this.read('getDescription', (p) => p.description);
  }

  setDescription(description: string): Protection {
    return this.write('setDescription', (p) => {
      p.description = String(description ?? '');
    });
  }

  isWarningOnly(): boolean {
    return this.read('isWarningOnly', (p) => p.warningOnly);
  }

  setWarningOnly(warningOnly: boolean): Protection {
    return this.write('setWarningOnly', (p) => {
      p.warningOnly = !!warningOnly;
    });
  }

  addEditor(user: string | User): Protection {
    return this.write('addEditor', (p) => this.setEditors(p, [emailOf(user)], []));
  }

  addEditors(emailAddresses: string[]): Protection {
    return this.write('addEditors', (p) => this.setEditors(p, emailAddresses.map(emailOf), []));
  }

  removeEditor(user: string | User): Protection {
    return this.write('removeEditor', (p) => this.setEditors(p, [], [emailOf(user)]));
  }

  removeEditors(users: string[] | User[]): Protection {
    return this.write('removeEditors', (p) =>
      this.setEditors(p, [], (users as unknown[]).map(emailOf)),
    );
  }

  getEditors(): User[] {
    const ctx = this.deps.access.ctx;
    return this.read('getEditors', (p) =>
      this.editorsOf(p).map((e) => asReal<User>(new FakeUser(ctx, e))),
    );
  }

  canEdit(): boolean {
    return this.read('canEdit', (p) => this.deps.access.canEditProtection(this.spreadsheetId, p));
  }

  canDomainEdit(): boolean {
    return this.read('canDomainEdit', (p) => p.domainEdit);
  }

  setDomainEdit(editable: boolean): Protection {
    return this.write('setDomainEdit', (p) => {
      p.domainEdit = !!editable;
      if (!p.editors) p.editors = this.editorsOf(p);
    });
  }

  remove(): void {
    this.write('remove', (p, sheet) => {
      sheet.protections = sheet.protections.filter((x) => x !== p);
    });
  }

  getProtectionType(): GoogleAppsScript.Spreadsheet.ProtectionType {
    return this.read('getProtectionType', () =>
      asReal<GoogleAppsScript.Spreadsheet.ProtectionType>('SHEET'),
    );
  }

  /** A sheet protection covers the whole sheet. */
  getRange(): GoogleAppsScript.Spreadsheet.Range {
    return this.read('getRange', (_p, sheet) => {
      const box: Box = { row: 1, column: 1, numRows: sheet.maxRows, numColumns: sheet.maxColumns };
      return asReal<GoogleAppsScript.Spreadsheet.Range>(
        new FakeRange(this.deps, this.spreadsheetId, this.sheetId, box),
      );
    });
  }
}
