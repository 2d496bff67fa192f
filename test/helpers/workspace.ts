import { FOLDER_MIME } from '../../emulator/drive';
import {
  DEMO_DRIVE_LIMITS,
  DemoOptions,
  DemoWorkspace,
  Workspace,
  WorkspaceOptions,
  seedDemo,
} from '../../emulator';

export interface Demo {
  ws: Workspace;
  demo: DemoWorkspace;
}

/** A demo workspace with the built bundle loaded and, unless told otherwise, staging configured. */
export function demoWorkspace(
  options: { ws?: WorkspaceOptions; demo?: DemoOptions; configureStaging?: boolean } = {},
): Demo {
  const ws = new Workspace({
    seed: 11,
    ...options.ws,
    driveLimits: { ...DEMO_DRIVE_LIMITS, ...options.ws?.driveLimits },
  });
  const demo = seedDemo(ws, { tasks: 16, ...options.demo });
  ws.loadBundle('dist');
  if (options.configureStaging !== false) {
    ws.properties.script.set('STAGING_FOLDER_ID', demo.folders.staging);
  }
  return { ws, demo };
}

/** The tracking sheet as objects keyed by header. */
export function rows(d: Demo, sheetName = 'Tasks'): Array<Record<string, unknown>> {
  const values = d.ws.sheets.values(d.demo.spreadsheetId, sheetName);
  const [header, ...body] = values;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [String(h), r[i]])));
}

export function rowOf(d: Demo, taskId: string): Record<string, unknown> {
  const found = rows(d).filter((r) => r['Task ID'] === taskId);
  if (found.length !== 1) throw new Error(`expected one row for ${taskId}, found ${found.length}`);
  return found[0];
}

/** Runs a global as the sidebar would; fails the test with the server's message on error. */
export function call<T>(d: Demo, fn: string, ...args: unknown[]): T {
  const result = d.ws.callFromPage<T>(fn, args);
  if (!result.ok) throw new Error(`${fn} failed: ${result.error}`);
  return result.value as T;
}

/** Runs a global as the sidebar would and returns its error message (the test expects one). */
export function callError(d: Demo, fn: string, ...args: unknown[]): string {
  const result = d.ws.callFromPage(fn, args);
  if (result.ok)
    throw new Error(`${fn} was expected to fail but returned ${JSON.stringify(result.value)}`);
  return result.error ?? '';
}

/** The Drive tree under a folder: path -> number of items of that name (a duplicate shows as 2). */
export function tree(d: Demo, folderId: string, prefix = ''): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of d.ws.drive.children(folderId)) {
    const p = `${prefix}${item.name}`;
    out.set(p, (out.get(p) ?? 0) + 1);
    if (item.mimeType === FOLDER_MIME) {
      for (const [k, v] of tree(d, item.id, `${p}/`)) out.set(k, (out.get(k) ?? 0) + v);
    }
  }
  return out;
}

export function duplicatesIn(t: Map<string, number>): string[] {
  return [...t.entries()].filter(([, n]) => n > 1).map(([p]) => p);
}

/** Everything a user could see change: every sheet's values, the Drive tree, script properties. */
export function snapshot(d: Demo): string {
  const book = d.ws.sheets.get(d.demo.spreadsheetId)!;
  const sheets = book.sheets.map((s) => [s.name, d.ws.sheets.values(d.demo.spreadsheetId, s.name)]);
  const drive = d.ws.drive
    .all()
    .map((i) => [i.id, i.name, i.parentId, i.trashed])
    .sort();
  const props = [...d.ws.properties.script.entries()].sort();
  return JSON.stringify({ sheets, drive, props, triggers: d.ws.triggers.list().length });
}

/**
 * A personal account that has run exports by themselves for `spentMs` of today's trigger runtime,
 * as Google counts it and as the add-on counted it.
 */
export function spendTriggerRuntime(d: Demo, spentMs: number): void {
  d.ws.properties.script.set('EXPORT_ACCOUNT_TIER', 'consumer');
  d.ws.quotas.spend(d.ws.owner, 'triggerRuntime', spentMs);
  d.ws.properties
    .user(d.ws.owner)
    .set(
      'exportDailyUsage',
      JSON.stringify({ triggerRuntime: { openedAt: d.ws.clock.now(), used: spentMs } }),
    );
}

/** Sets the slice budgets (both drivers) in script properties, as an admin would. */
export function setSliceBudget(d: Demo, ms: number): void {
  d.ws.properties.script.set('EXPORT_SLICE_BUDGET_MS', String(ms));
  d.ws.properties.script.set('EXPORT_SIDEBAR_SLICE_MS', String(ms));
}

/**
 * What a finished staging leaves, without the ids that differ from run to run: each task's export
 * status and count, and the names under the batch folder.
 */
export function stagingOutcome(d: Demo, batchId: string) {
  const status = rows(d)
    .map((r) => [
      r['Task ID'],
      r['Export Status'],
      r['Staged Count'],
      r['Export Batch ID'] === batchId,
    ])
    .sort();
  const batchFolder = d.ws.drive
    .children(d.demo.folders.staging)
    .find((f) => f.name.endsWith(batchId));
  const files = batchFolder ? [...tree(d, batchFolder.id).entries()].sort() : [];
  return { status, files };
}

/** Runs `action` as a user of the spreadsheet, in its own execution, through the services. */
export function asUser(
  d: Demo,
  user: string,
  action: (apps: { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp }) => void,
): void {
  const apps = d.ws.globals() as unknown as {
    SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  };
  const result = d.ws.execute(() => action(apps), { user });
  if (!result.ok) throw new Error(`user action failed: ${result.error}`);
}

/** What a folder holds, all the way down: folders, files and their bytes, as Drive has them. */
export function folderUsage(
  ws: Pick<Workspace, 'drive'>,
  folderId: string,
): { folders: number; files: number; bytes: number } {
  const total = { folders: 0, files: 0, bytes: 0 };
  for (const item of ws.drive.children(folderId)) {
    if (item.mimeType === FOLDER_MIME) {
      const inner = folderUsage(ws, item.id);
      total.folders += 1 + inner.folders;
      total.files += inner.files;
      total.bytes += inner.bytes;
    } else {
      total.files += 1;
      total.bytes += item.size;
    }
  }
  return total;
}

/** The batch records of the "Export Batches" sheet, by Batch ID, as the add-on wrote them. */
export function registryRecords(d: Demo): Map<string, Record<string, unknown>> {
  const book = d.ws.sheets.get(d.demo.spreadsheetId)!;
  if (!book.sheets.some((s) => s.name === 'Export Batches')) return new Map();
  const values = d.ws.sheets.values(d.demo.spreadsheetId, 'Export Batches');
  const recordColumn = values[0].length - 1;
  const records = values
    .slice(1)
    .filter((r) => String(r[recordColumn] ?? '').startsWith('{'))
    .map((r) => JSON.parse(String(r[recordColumn])) as Record<string, unknown>);
  return new Map(records.map((r) => [String(r.batchId), r]));
}

/** Someone cleared a batch's row of the "Export Batches" sheet by hand. */
export function clearRegistryRow(d: Demo, batchId: string): void {
  const values = d.ws.sheets.values(d.demo.spreadsheetId, 'Export Batches');
  const row = values.findIndex((r) => r[0] === batchId);
  if (row < 1) throw new Error(`no registry row for ${batchId}`);
  d.ws.sheets.setValues(
    d.demo.spreadsheetId,
    'Export Batches',
    [values[row].map(() => '')],
    row + 1,
  );
}

/**
 * Adds a Google Doc named `name` beside the task's first file and links it in the task's Alignment
 * File cell, as a person would: a native file among its files.
 */
export function addGoogleDoc(
  d: Demo,
  task: Demo['demo']['tasks'][number],
  name: string,
  size?: number,
): ReturnType<Demo['ws']['drive']['createFile']> {
  const first = d.ws.drive.get(task.fileIds[0])!;
  const doc = d.ws.drive.createFile({
    name,
    mimeType: 'application/vnd.google-apps.document',
    parentId: first.parentId!,
    owner: first.owner,
    ...(size === undefined ? {} : { size }),
  });
  asUser(d, d.ws.owner, ({ SpreadsheetApp }) => {
    const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Tasks')!;
    const values = sheet.getDataRange().getValues();
    const col = values[0].indexOf('Alignment File');
    const row = values.findIndex((r) => r[0] === task.taskId);
    const cell = sheet.getRange(row + 1, col + 1);
    const before = String(cell.getValue());
    const link = `https://docs.google.com/document/d/${doc.id}/edit`;
    cell.setValue(before ? `${before}\n${link}` : link);
  });
  return doc;
}

/** What the staging wizard's start answers. */
export interface StagingStart {
  jobId: string;
  batchId: string;
}

/** Starts staging every task the staging wizard offers with its default filters. */
export function startStagingAll(d: Demo): StagingStart {
  const preview = call<{ selection: { tasks: Array<{ taskId: string }> } }>(
    d,
    'getTasksForStaging',
    {},
  );
  return call<StagingStart>(d, 'executeStagingWizard', {
    filters: {},
    taskIds: preview.selection.tasks.map((t) => t.taskId),
  });
}
