/**
 * What the delivery, report and journey browser tests share: the playground's sheet and Drive as
 * the person sees them, work done through the server to set a scene quickly, and a watch on the
 * slices the sidebar drives.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page, Route } from 'playwright-core';
import type { Playground } from '../../emulator/playground/server';
import type {
  ExportFilters,
  JobProgress,
  StagingPreview,
  StagingStart,
} from '../../src/shared/rpc';
import { copyOfBuild } from './sidebar';

export const FOLDER_MIME = 'application/vnd.google-apps.folder';
export const SHEET_MIME = 'application/vnd.google-apps.spreadsheet';

/** Runs a server function as a page would; fails the test with the server's message. */
export function callOk<T>(pg: Playground, fn: string, ...args: unknown[]): T {
  const reply = pg.session.callFromPage(fn, args);
  if (!reply.ok) throw new Error(`${fn} failed: ${reply.error}`);
  return reply.value as T;
}

export function folderByName(pg: Playground, name: string): string {
  const found = pg.session.ws.drive.all().filter((i) => i.name === name && !i.trashed);
  if (found.length !== 1) throw new Error(`expected one "${name}", found ${found.length}`);
  return found[0].id;
}

/** Stages what the filters select, through the server, and lets the triggers finish the job. */
export function stageThroughServer(pg: Playground, filters: ExportFilters = {}): string {
  const preview = callOk<StagingPreview>(pg, 'getTasksForStaging', filters);
  const taskIds = preview.selection.tasks.map((t) => t.taskId);
  const start = callOk<StagingStart>(pg, 'executeStagingWizard', { filters, taskIds });
  pg.session.ws.settle();
  return start.batchId;
}

export interface SheetRow {
  row: number;
  status: string;
  count: unknown;
  batch: string;
  work: string;
  folder: string;
}

/** The tracking sheet as it stands: Task ID -> what the export columns hold. */
export function sheetRows(pg: Playground): Map<string, SheetRow> {
  const { ws } = pg.session;
  const id = trackingSheetId(pg);
  const [header, ...body] = ws.sheets.values(id, 'Tasks');
  const col = (name: string) => header.indexOf(name);
  return new Map(
    body.map((r, i) => [
      String(r[col('Task ID')]),
      {
        row: i + 2,
        status: String(r[col('Export Status')] ?? ''),
        count: r[col('Staged Count')],
        batch: String(r[col('Export Batch ID')] ?? ''),
        work: String(r[col('Batch ID')] ?? ''),
        folder: String(r[col('Folder Name')] ?? ''),
      },
    ]),
  );
}

export function trackingSheetId(pg: Playground): string {
  return pg.session.state().spreadsheet!.id;
}

/** Writes the Staged Count of a task, as someone editing the sheet by hand would. */
export function setStagedCount(pg: Playground, taskId: string, count: number): void {
  const { ws } = pg.session;
  const id = trackingSheetId(pg);
  const header = ws.sheets.values(id, 'Tasks')[0];
  const row = sheetRows(pg).get(taskId)!.row;
  ws.sheets.setValues(id, 'Tasks', [[count]], row, header.indexOf('Staged Count') + 1);
}

export function tasksIn(pg: Playground, exportBatch: string, status?: string): string[] {
  return [...sheetRows(pg).entries()]
    .filter(([, r]) => r.batch === exportBatch && (status === undefined || r.status === status))
    .map(([id]) => id);
}

/** The Drive tree under a folder: each path with how many items carry it. */
export function driveTree(pg: Playground, folderId: string, prefix = ''): Map<string, number> {
  const { drive } = pg.session.ws;
  const out = new Map<string, number>();
  for (const item of drive.children(folderId)) {
    const p = `${prefix}${item.name}`;
    out.set(p, (out.get(p) ?? 0) + 1);
    if (item.mimeType === FOLDER_MIME) {
      for (const [k, v] of driveTree(pg, item.id, `${p}/`)) out.set(k, (out.get(k) ?? 0) + v);
    }
  }
  return out;
}

/** The job state and triggers dropped, as if the execution that ran them died for good. */
export function loseJobs(pg: Playground): void {
  const { ws } = pg.session;
  for (const key of ws.properties.script.keys()) {
    if (key.startsWith('exportJob')) ws.properties.script.delete(key);
  }
  for (const t of ws.triggers.list()) ws.triggers.remove(t.uid);
}

export async function waitFor(
  ready: () => boolean | Promise<boolean>,
  what: string,
  ms = 20000,
): Promise<void> {
  const stop = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > stop) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The sidebar drove its job to the end, the progress it was told only moving forward. */
export function expectDrivenToEnd(seen: readonly JobProgress[], total: number): void {
  const done = seen.map((p) => p.done);
  expect([...done].sort((a, b) => a - b)).toEqual(done);
  expect(seen.at(-1)).toMatchObject({ finished: true, total });
}

/**
 * Watches the sidebar's continueJob calls: every progress it received, in order, and a way to hold
 * one answer back (the slice ran on the server; the page has not heard of it yet).
 */
export async function watchSlices(p: Page) {
  const seen: JobProgress[] = [];
  let gate: { at: number; reached(): void; release: Promise<void> } | null = null;
  await p.route('**/api/run', async (route: Route) => {
    const body = route.request().postDataJSON() as { fn?: string };
    if (body?.fn !== 'continueJob') return route.continue();
    const response = await route.fetch();
    const reply = (await response.json()) as { ok: boolean; value: JobProgress };
    if (reply.ok) seen.push(reply.value);
    if (gate && seen.length >= gate.at) {
      const held = gate;
      gate = null;
      held.reached();
      await held.release;
    }
    // The sidebar may have been closed meanwhile: then nobody hears the answer, as in Sheets.
    await route.fulfill({ response }).catch(() => undefined);
  });
  return {
    seen,
    /** Holds the `at`-th answer; resolves once it is held, with the function that lets it go. */
    holdAt(at: number): Promise<() => void> {
      return new Promise((resolveHeld) => {
        let release!: () => void;
        const released = new Promise<void>((r) => (release = r));
        gate = { at, reached: () => resolveHeld(release), release: released };
      });
    },
  };
}

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Like copyOfBuild, but waits out a build started meanwhile by someone else (which empties dist/
 * before writing it again): copies only once Code.js and every page are there, and whole.
 */
export async function settledCopyOfBuild(dir: string): Promise<string> {
  // A page is built for each top-level module of src/client.
  const pages = fs
    .readdirSync(path.join(ROOT, 'src/client'))
    .filter((f) => f.endsWith('.tsx'))
    .map((f) => f.replace(/\.tsx$/, '.html'));
  const wanted = ['Code.js', 'appsscript.json', ...pages];
  const stop = Date.now() + 60000;
  for (;;) {
    const copy = path.join(dir, 'dist');
    try {
      copyOfBuild(dir);
    } catch {
      // dist/ changed under the copy: try again below.
    }
    const whole = wanted.every((f) => {
      const file = path.join(copy, f);
      return fs.existsSync(file) && /<\/html>\s*$|\}\s*$/.test(fs.readFileSync(file, 'utf8'));
    });
    if (whole) return copy;
    if (Date.now() > stop) throw new Error('dist/ stayed incomplete: run npm run build first');
    fs.rmSync(copy, { recursive: true, force: true });
    await new Promise((r) => setTimeout(r, 250));
  }
}
