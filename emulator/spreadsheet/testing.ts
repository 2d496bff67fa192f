/**
 * Test support for this folder: a minimal in-memory Drive (files, owners, sharing, trash) that
 * satisfies `DriveFiles`, and a fixture wiring a context, the store, the Ui and SpreadsheetApp.
 */
import { RunResult } from '../core/runtime';
import { ContextOptions, ServiceContext, createContext } from '../core/context';
import { createSpreadsheetApp } from './index';
import { DriveFiles, SpreadsheetStore } from './store';
import { UiRecorder } from './ui';

interface MemoryFile {
  id: string;
  name: string;
  mimeType: string;
  parentId: string;
  owner: string;
  trashed: boolean;
  editors: Set<string>;
  viewers: Set<string>;
}

export class MemoryDrive implements DriveFiles {
  readonly files = new Map<string, MemoryFile>();
  private next = 1;

  createFile(o: { name: string; mimeType: string; parentId: string; owner: string }) {
    const file: MemoryFile = {
      ...o,
      id: `file-${this.next++}`,
      trashed: false,
      editors: new Set(),
      viewers: new Set(),
    };
    this.files.set(file.id, file);
    return file;
  }

  get(id: string) {
    return this.files.get(id);
  }

  canView(id: string, user: string): boolean {
    const f = this.files.get(id);
    return !!f && (this.canEdit(id, user) || f.viewers.has(user));
  }

  canEdit(id: string, user: string): boolean {
    const f = this.files.get(id);
    return !!f && (f.owner === user || f.editors.has(user));
  }

  rootId(user: string): string {
    return `root-of-${user}`;
  }

  share(id: string, user: string, role: 'viewer' | 'editor'): void {
    this.files.get(id)![role === 'editor' ? 'editors' : 'viewers'].add(user);
  }
}

export const OWNER = 'ops@example.com';

export interface SheetsFixture {
  ctx: ServiceContext;
  drive: MemoryDrive;
  store: SpreadsheetStore;
  ui: UiRecorder;
  app: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  /** The bound spreadsheet, owned by OWNER. */
  id: string;
  run<T>(body: () => T, user?: string, triggerUid?: string): RunResult<T>;
  /** Runs as OWNER and returns the value, failing the test on an error. */
  ok<T>(body: () => T, user?: string): T;
}

export function sheetsFixture(options: ContextOptions = {}): SheetsFixture {
  const ctx = createContext(options);
  const drive = new MemoryDrive();
  const store = new SpreadsheetStore(ctx, drive);
  const ui = new UiRecorder();
  const id = store.create('Tracker', OWNER);
  store.setActive(id);
  const run = <T>(body: () => T, user = OWNER, triggerUid?: string) =>
    ctx.runtime.execute('test', user, body, triggerUid);
  const ok = <T>(body: () => T, user = OWNER): T => {
    const result = run(body, user);
    if (!result.ok) throw new Error(`execution failed: ${result.error}`);
    return result.value as T;
  };
  return { ctx, drive, store, ui, app: createSpreadsheetApp(ctx, store, ui), id, run, ok };
}
