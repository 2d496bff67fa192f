/**
 * The crash sweep's journey and checks: an ops person stages the default selection of a mixed demo
 * batch and delivers it to a client folder, going on as a person and the safety nets would after
 * anything goes wrong; then everything the promises cover is compared with an undisturbed run.
 */
import type { CallInfo, DemoOptions, WorkspaceOptions } from '../../emulator';
import { Demo, demoWorkspace, rows, setSliceBudget, tree } from './workspace';

const FOLDER_MIME = 'application/vnd.google-apps.folder';
const SHEET_MIME = 'application/vnd.google-apps.spreadsheet';

export interface SweepSetup {
  demo: DemoOptions;
  /** Workspace options (seed, write ceiling...) over the defaults of demoWorkspace. */
  ws?: WorkspaceOptions;
  /** Slice budget of both drivers, small enough that each job takes several slices. */
  sliceBudgetMs?: number;
  /** 'driveapp' to run with the fallback copier; the REST copier otherwise. */
  copier?: 'rest' | 'driveapp';
}

/** A fresh workspace for one run of the journey: the same seed, so the same calls in order. */
export function sweepWorkspace(setup: SweepSetup): Demo {
  const d = demoWorkspace({ demo: setup.demo, ws: setup.ws });
  if (setup.sliceBudgetMs) setSliceBudget(d, setup.sliceBudgetMs);
  if (setup.copier === 'driveapp') d.ws.properties.script.set('EXPORT_COPIER', 'driveapp');
  return d;
}

/** What the person saw go wrong on the way (errors shown by the wizards), for diagnostics. */
export interface Journey {
  errors: string[];
}

/** How many times the person tries one step before giving up (a step killed once is retried). */
const TRIES = 4;

/**
 * The ops person's journey. Each page call that fails is an error the person sees; a start that
 * failed is followed, once the triggers and the watchdog have settled, by a fresh preview and a
 * start of only what did not start, as the wizards offer it.
 */
export function opsJourney(d: Demo): Journey {
  const journey: Journey = { errors: [] };
  stageAsPerson(d, journey);
  deliverAsPerson(d, journey);
  return journey;
}

function page<T>(d: Demo, journey: Journey, fn: string, ...args: unknown[]): T | null {
  const result = d.ws.callFromPage<T>(fn, args);
  if (result.ok) return result.value as T;
  journey.errors.push(`${fn}: ${result.error}`);
  return null;
}

/** A read the wizard makes (a preview, a list): a failed one is simply asked again. */
function read<T>(d: Demo, journey: Journey, fn: string, ...args: unknown[]): T {
  for (let i = 0; i < TRIES; i++) {
    const value = page<T>(d, journey, fn, ...args);
    if (value !== null) return value;
  }
  throw new Error(`${fn} kept failing: ${journey.errors.slice(-1)[0]}`);
}

interface Preview {
  selection: { tasks: Array<{ taskId: string }> };
}

export function stageAsPerson(d: Demo, journey: Journey): void {
  for (let i = 0; i < TRIES; i++) {
    const preview = read<Preview>(d, journey, 'getTasksForStaging', {});
    const taskIds = preview.selection.tasks.map((t) => t.taskId);
    if (taskIds.length === 0) return;
    const started = page(d, journey, 'executeStagingWizard', { filters: {}, taskIds });
    d.ws.settle();
    if (started) return;
  }
}

interface Listed {
  batchId: string;
  running: string | null;
}

export function deliverAsPerson(d: Demo, journey: Journey): void {
  for (let i = 0; i < TRIES; i++) {
    const listed = read<Listed[]>(d, journey, 'getAvailableStagedExports');
    const ready = listed.filter((b) => !b.running);
    if (ready.length === 0) return;
    let allStarted = true;
    for (const batch of ready) {
      const started = page(
        d,
        journey,
        'executeDeliveryWizard',
        batch.batchId,
        d.demo.folders.clientAcme,
      );
      d.ws.settle();
      if (!started) allStarted = false;
    }
    if (allStarted) return;
  }
}

/** Everything the sweep compares, without what differs from run to run (ids, batch ids, times). */
export interface EndState {
  statuses: string[];
  /** Export batch ids the journey made, in the order the sheet shows them. */
  batches: string[];
  stagingFiles: string[];
  stagingFolders: string[];
  clientItems: string[];
  exportSheets: number;
  properties: string[];
}

/** Runs the journey in `d` undisturbed (it must meet no error) and returns how it ends. */
export function undisturbedEnd(d: Demo): EndState {
  expect(opsJourney(d).errors).toEqual([]);
  return endState(d);
}

/** Where the workspace's end departs from `expected`. */
export function departuresFrom(d: Demo, expected: EndState): string[] {
  return violations(d, endState(d), expected);
}

export function endState(d: Demo): EndState {
  const legacy = new Set(
    d.demo.tasks.filter((t) => t.kind === 'alreadyExported').map((t) => t.taskId),
  );
  const batches: string[] = [];
  // A row without a Task ID (a note, a blank row a user inserted) counts only if the add-on wrote
  // something into it.
  const blank = (r: Record<string, unknown>) =>
    r['Task ID'] === '' &&
    ['Export Status', 'Staged Count', 'Export Batch ID', 'Export Time'].every(
      (h) => r[h] === '' || r[h] === undefined,
    );
  const statuses = rows(d)
    .filter((r) => !blank(r))
    .map((r) => {
      const id = String(r['Task ID']);
      let batch = String(r['Export Batch ID'] ?? '');
      if (batch && !legacy.has(id)) {
        if (!batches.includes(batch)) batches.push(batch);
        batch = `<batch ${batches.indexOf(batch) + 1}>`;
      }
      return [id, r['Export Status'], r['Staged Count'], batch].join(' | ');
    });
  const anon = (name: string) =>
    batches.reduce((n, b, i) => n.split(b).join(`<batch ${i + 1}>`), name);
  const staging = entries(d, d.demo.folders.staging).map(([p, n, folder]) => [anon(p), n, folder]);
  return {
    statuses,
    batches,
    stagingFiles: staging.filter((e) => !e[2]).map(([p, n]) => `${p} x${n}`),
    stagingFolders: staging.filter((e) => e[2]).map(([p, n]) => `${p} x${n}`),
    clientItems: entries(d, d.demo.folders.clients).map(([p, n]) => `${anon(p)} x${n}`),
    exportSheets: d.ws.drive
      .all()
      .filter((i) => i.mimeType === SHEET_MIME && /^Export_.*_Data$/.test(i.name) && !i.trashed)
      .length,
    properties: [...d.ws.properties.script.keys()].map(anon).sort(),
  };
}

/** Paths under a folder with how many items have each, and whether they are folders. */
function entries(d: Demo, folderId: string): Array<[string, number, boolean]> {
  const folders = new Set<string>();
  const walk = (id: string, prefix: string) => {
    for (const item of d.ws.drive.children(id)) {
      if (item.mimeType === FOLDER_MIME) {
        folders.add(prefix + item.name);
        walk(item.id, `${prefix}${item.name}/`);
      }
    }
  };
  walk(folderId, '');
  return [...tree(d, folderId).entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([p, n]) => [p, n, folders.has(p)]);
}

/** What breaks a promise, in words, comparing a disturbed run's end with an undisturbed one's. */
export function violations(d: Demo, end: EndState, expected: EndState): string[] {
  const found: string[] = [];
  const differ = (what: string, got: readonly string[], want: readonly string[]) => {
    const extra = without(got, want);
    const missing = without(want, got);
    if (extra.length || missing.length) {
      found.push(`${what}: extra [${extra.join('; ')}] missing [${missing.join('; ')}]`);
    }
  };
  differ('task statuses', end.statuses, expected.statuses);
  if (end.batches.length !== 1) found.push(`export batches made: ${end.batches.length}, not 1`);
  differ('files in staging', end.stagingFiles, expected.stagingFiles);
  differ('folders in staging', end.stagingFolders, expected.stagingFolders);
  differ('items in client folders', end.clientItems, expected.clientItems);
  if (end.exportSheets !== expected.exportSheets) {
    found.push(`export sheets in Drive: ${end.exportSheets}, not ${expected.exportSheets}`);
  }
  differ('script properties', end.properties, expected.properties);
  const internal = clientInternals(d);
  if (internal.length) found.push(`internal items in client folders: ${internal.join(', ')}`);
  const triggers = d.ws.triggers.list().map((t) => t.handlerFunction);
  if (triggers.length) found.push(`triggers left: ${triggers.join(', ')}`);
  return found;
}

/** The lines of `a` left once each line of `b` has taken away one equal line. */
function without(a: readonly string[], b: readonly string[]): string[] {
  const left = [...a];
  for (const line of b) {
    const i = left.indexOf(line);
    if (i >= 0) left.splice(i, 1);
  }
  return left;
}

/** Spreadsheets (an export sheet) or an Export Log anywhere under a client folder. */
function clientInternals(d: Demo): string[] {
  const roots = [d.demo.folders.clients, d.demo.folders.clientViewOnly];
  const out: string[] = [];
  const walk = (id: string) => {
    for (const item of d.ws.drive.children(id)) {
      if (item.mimeType === SHEET_MIME || /export.?log|export_.*_data/i.test(item.name)) {
        out.push(item.name);
      }
      if (item.mimeType === FOLDER_MIME) walk(item.id);
    }
  };
  for (const root of roots) walk(root);
  return out;
}

/** Gives `user` what an ops colleague has: edit access to the sheet and every export folder. */
export function shareWorkWith(d: Demo, user: string): void {
  const f = d.demo.folders;
  for (const id of [d.demo.spreadsheetId, f.production, f.staging, f.clientAcme]) {
    d.ws.drive.share(id, user, 'editor');
  }
}

/**
 * Runs `action` once, from inside the `k`-th service call (1-based) of the next execution of
 * `fn`: another execution at the same moment, as Apps Script runs them side by side. Returns
 * whether that call came (false: the execution made fewer calls) and what the action returned.
 */
export function during<T>(
  d: Demo,
  fn: string,
  k: number,
  action: (call: CallInfo) => T,
): { came: () => boolean; result: () => T | undefined; stop: () => void } {
  let target: number | null = null;
  let seen = 0;
  let came = false;
  let result: T | undefined;
  const stop = d.ws.runtime.onCall((c) => {
    if (came) return;
    if (target === null) {
      if (d.ws.runtime.executions[c.executionId - 1].fn !== fn) return;
      target = c.executionId;
    }
    if (c.executionId !== target) return;
    seen += 1;
    if (seen < k) return;
    came = true;
    result = action(c);
  });
  return { came: () => came, result: () => result, stop };
}
