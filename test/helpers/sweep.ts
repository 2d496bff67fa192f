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
  /**
   * Where Google promises the least: listings by parent 20 s late, and Drive writes that land and
   * are then answered with an error (8% of copies and creations a 500, 4% of copies a 403).
   */
  lagging?: boolean;
}

/** How late listings are in a `lagging` sweep. */
export const SWEEP_LAG_MS = 20_000;

/** A fresh workspace for one run of the journey: the same seed, so the same calls in order. */
export function sweepWorkspace(setup: SweepSetup): Demo {
  const ws = setup.lagging ? { listingLagMs: SWEEP_LAG_MS, ...setup.ws } : setup.ws;
  const d = demoWorkspace({ demo: setup.demo, ws });
  if (setup.sliceBudgetMs) setSliceBudget(d, setup.sliceBudgetMs);
  if (setup.copier === 'driveapp') d.ws.properties.script.set('EXPORT_COPIER', 'driveapp');
  if (setup.lagging) {
    const [copy, create] =
      setup.copier === 'driveapp'
        ? ['File.makeCopy', 'Folder.createFolder']
        : ['drive.files.copy', 'drive.files.create'];
    d.ws.faults.add({
      kind: 'landedWithError',
      status: 500,
      probability: 0.08,
      match: (c) => c.method === copy || c.method === create,
    });
    d.ws.faults.add({
      kind: 'landedWithError',
      status: 403,
      probability: 0.04,
      match: (c) => c.method === copy,
    });
  }
  return d;
}

/** What the person saw go wrong on the way (errors shown by the wizards), for diagnostics. */
export interface Journey {
  errors: string[];
}

/**
 * How many times the person tries one step before giving up. A start killed twice costs four:
 * each kill, and each "try again in a couple of minutes" that follows one when Drive cannot yet
 * tell whether the killed start made its folder (DriveApp passes no ids).
 */
const TRIES = 6;

/**
 * How the person goes on after a start the wizard reported as failed: `patient` (the default)
 * waits for the triggers and the watchdog to settle, then previews again and starts only what did
 * not start; otherwise they start again at once, as someone shown an error would, and the
 * triggers settle afterwards.
 */
export interface Manner {
  patient?: boolean;
}

/** The ops person's journey. Each page call that fails is an error the person sees. */
export function opsJourney(d: Demo, manner: Manner = {}): Journey {
  const journey: Journey = { errors: [] };
  stageAsPerson(d, journey, manner);
  deliverAsPerson(d, journey, manner);
  return journey;
}

function page<T>(d: Demo, journey: Journey, fn: string, ...args: unknown[]): T | null {
  const result = d.ws.callFromPage<T>(fn, args);
  if (result.ok) return result.value as T;
  journey.errors.push(`${fn}: ${result.error}`);
  // A message that asks for a wait is followed, however impatient the person.
  if (/try again in a couple of minutes/i.test(result.error ?? '')) d.ws.advance(2 * 60_000);
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
  perTask: Array<{ taskId: string; problems: string[] }>;
}

export function stageAsPerson(d: Demo, journey: Journey, manner: Manner = {}): void {
  for (let i = 0; i < TRIES; i++) {
    const preview = read<Preview>(d, journey, 'getTasksForStaging', {});
    // As the wizard does: the tasks the preview found will fail the file check are marked failed
    // at the start, the others staged.
    const failing = new Set(
      preview.perTask.filter((t) => t.problems.length > 0).map((t) => t.taskId),
    );
    const all = preview.selection.tasks.map((t) => t.taskId);
    if (all.length === 0) break;
    const taskIds = all.filter((id) => !failing.has(id));
    const started = page(d, journey, 'executeStagingWizard', {
      filters: {},
      taskIds,
      failing: [...failing],
    });
    if (manner.patient !== false) d.ws.settle();
    if (started) break;
  }
  d.ws.settle();
  noteSummaries(d, 'stage');
}

interface Listed {
  batchId: string;
  running: string | null;
}

export function deliverAsPerson(d: Demo, journey: Journey, manner: Manner = {}): void {
  for (let i = 0; i < TRIES; i++) {
    const listed = read<Listed[]>(d, journey, 'getAvailableStagedExports');
    const ready = listed.filter((b) => !b.running);
    if (ready.length === 0) break;
    let allStarted = true;
    for (const batch of ready) {
      const started = page(
        d,
        journey,
        'executeDeliveryWizard',
        batch.batchId,
        d.demo.folders.clientAcme,
      );
      if (manner.patient !== false) d.ws.settle();
      if (!started) allStarted = false;
    }
    if (allStarted) break;
  }
  d.ws.settle();
  noteSummaries(d, 'deliver');
}

/**
 * The summaries the person reads when the jobs end: the wizard shows each as soon as its job is
 * done, while the add-on keeps a finished job's summary for hours only (a staging summary read
 * after a delivery slowed down for hours by failing Drive calls would be gone).
 */
const seenSummaries = new WeakMap<Demo, Map<string, Progress>>();

function noteSummaries(d: Demo, prefix: 'stage' | 'deliver'): void {
  const seen = seenSummaries.get(d) ?? new Map<string, Progress>();
  seenSummaries.set(d, seen);
  const legacy = new Set(
    d.demo.tasks.filter((t) => t.kind === 'alreadyExported').map((t) => t.taskId),
  );
  const batches = new Set(
    rows(d)
      .filter((r) => !legacy.has(String(r['Task ID'])))
      .map((r) => String(r['Export Batch ID'] ?? '')),
  );
  for (const batch of batches) {
    const jobId = `${prefix}-${batch}`;
    if (batch === '' || seen.has(jobId)) continue;
    const result = d.ws.callFromPage<Progress>('getJobProgress', [jobId]);
    if (result.ok && result.value?.finished && result.value.summary) seen.set(jobId, result.value);
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
  /**
   * The Staged Files tab of each export sheet, one line a row as a person reads it, each staged
   * file's id replaced by the Drive path of the file it names (batch ids anonymised).
   */
  stagedFiles: string[];
  properties: string[];
  /**
   * The Export Log as a person reads it, one line a row, in the log's order: task, batch, the
   * change, who made it and why (batch ids anonymised; times and the Change id left out).
   */
  log: string[];
  /** Change ids that more than one row carries: a change logged twice under one identity. */
  sharedChangeIds: string[];
  /** Tasks whose logged changes do not follow on from each other (each from the one before). */
  brokenChains: string[];
  /**
   * What the wizards show of each finished job of the batch (getJobProgress once it is done): the
   * counts of tasks, where the links lead, and each failure with its reason (batch ids anonymised).
   */
  summaries: string[];
  /**
   * The number of files each summary says were copied: each copy the job made counts once,
   * however its answer was lost (a copy under its planned id, or one sent without that a listing
   * found).
   */
  filesCopied: string[];
}

/** Runs the journey in `d` undisturbed (it must meet no error) and returns how it ends. */
export function undisturbedEnd(d: Demo): EndState {
  expect(opsJourney(d).errors).toEqual([]);
  return endState(d);
}

/** Where the workspace's end departs from `expected`. */
export function departuresFrom(d: Demo, expected: EndState, compare: Comparison = {}): string[] {
  return violations(d, endState(d), expected, compare);
}

export interface Comparison {
  /**
   * Two people raced and either may have won: the Export Log rows are compared without who made
   * each change and why, and the summaries' failures without their reasons (what a person may
   * open in Drive, and so why a task fails, depends on who ran the job).
   */
  whoever?: boolean;
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
  const log = exportLog(d);
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
    stagedFiles: stagedFilesRows(d).map(anon),
    properties: [...d.ws.properties.script.keys()].map(anon).sort(),
    log: log.map((r) =>
      [r.taskId, anon(r.batchId), `${r.from} -> ${r.to}`, r.user, anon(r.reason)].join(' | '),
    ),
    sharedChangeIds: sharedChangeIds(log),
    brokenChains: brokenChains(log),
    ...summaries(d, batches, anon),
  };
}

/**
 * The rows of every export sheet's Staged Files tab. Sheets drops the apostrophe that keeps text
 * as text; where the emulated Sheets keeps it, the row's Staged File ID starts with it.
 */
function stagedFilesRows(d: Demo): string[] {
  const sheets = d.ws.drive
    .all()
    .filter((i) => i.mimeType === SHEET_MIME && /^Export_.*_Data$/.test(i.name) && !i.trashed);
  return sheets.flatMap((sheet) => {
    const book = d.ws.sheets.get(sheet.id);
    if (!book?.sheets.some((s) => s.name === 'Staged Files')) return [`${sheet.name}: no tab`];
    const [header, ...body] = d.ws.sheets.values(sheet.id, 'Staged Files');
    const idAt = header.indexOf('Staged File ID');
    return body.map((row) => {
      const kept = String(row[idAt]).startsWith("'");
      const cells = row.map((c) => (kept ? String(c).replace(/^'/, '') : String(c)));
      const item = d.ws.drive.get(cells[idAt]);
      cells[idAt] = item
        ? `${d.ws.drive.pathOf(item.id)}${d.ws.drive.isTrashed(item.id) ? ' (in the trash)' : ''}`
        : 'no such file';
      return `${sheet.name}: ${cells.join(' | ')}`;
    });
  });
}

interface LogRow {
  user: string;
  taskId: string;
  batchId: string;
  from: string;
  to: string;
  reason: string;
  change: string;
}

/** The Export Log's rows, read by their headers (none when the sheet was never made). */
function exportLog(d: Demo): LogRow[] {
  const book = d.ws.sheets.get(d.demo.spreadsheetId)!;
  if (!book.sheets.some((s) => s.name === 'Export Log')) return [];
  const [header, ...body] = d.ws.sheets.values(d.demo.spreadsheetId, 'Export Log');
  const col = (name: string) => header.findIndex((h) => String(h) === name);
  const at = {
    user: col('User'),
    taskId: col('Task ID'),
    batchId: col('Export Batch ID'),
    from: col('From'),
    to: col('To'),
    reason: col('Reason'),
    change: col('Change'),
  };
  return body
    .filter((r) => r.some((c) => c !== ''))
    .map((r) => {
      const cell = (i: number) => (i >= 0 ? String(r[i] ?? '') : '<no such column>');
      return {
        user: cell(at.user),
        taskId: cell(at.taskId),
        batchId: cell(at.batchId),
        from: cell(at.from),
        to: cell(at.to),
        reason: cell(at.reason),
        change: cell(at.change),
      };
    });
}

function sharedChangeIds(log: readonly LogRow[]): string[] {
  const seen = new Map<string, number>();
  for (const r of log) if (r.change) seen.set(r.change, (seen.get(r.change) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} x${n}`);
}

function brokenChains(log: readonly LogRow[]): string[] {
  const last = new Map<string, string>();
  const broken: string[] = [];
  for (const r of log) {
    const before = last.get(r.taskId);
    if (before !== undefined && before !== r.from) {
      broken.push(`${r.taskId}: "${r.from} -> ${r.to}" follows a change to "${before}"`);
    }
    last.set(r.taskId, r.to);
  }
  return broken;
}

interface Progress {
  finished: boolean;
  summary?: {
    kind: string;
    succeeded: number;
    failed: Array<{ taskId: string; reason: string }>;
    folderUrl: string | null;
    exportSheetUrl: string | null;
    filesCopied: number;
  };
}

/**
 * The summary each wizard shows once the batch's staging and delivery are done, asked for as the
 * page asks (getJobProgress) with the fault rules cleared: the kill of the run is spent, or came
 * too late to land, and must not land in this look.
 */
function summaries(
  d: Demo,
  batches: readonly string[],
  anon: (s: string) => string,
): Pick<EndState, 'summaries' | 'filesCopied'> {
  d.ws.faults.clear();
  const out: string[] = [];
  const files: string[] = [];
  for (const batch of batches) {
    for (const [kind, jobId] of [
      ['staging', `stage-${batch}`],
      ['delivery', `deliver-${batch}`],
    ]) {
      const noted = seenSummaries.get(d)?.get(jobId);
      const result = noted
        ? { ok: true, value: noted, error: undefined }
        : d.ws.callFromPage<Progress>('getJobProgress', [jobId]);
      const s = result.ok ? result.value?.summary : undefined;
      if (!s) {
        out.push(`${kind}: no summary (${result.ok ? 'not finished' : result.error})`);
        continue;
      }
      const link = (url: string | null) => (url ? anon(whereLinkLeads(d, url)) : 'none');
      out.push(
        `${kind}: ${s.succeeded} succeeded, ${s.failed.length} failed, folder ${link(s.folderUrl)}, sheet ${link(s.exportSheetUrl)}`,
        ...s.failed.map((f) => `${kind} failure: ${f.taskId}: ${anon(f.reason)}`),
      );
      files.push(`${kind}: ${s.filesCopied} files copied`);
    }
  }
  return { summaries: out, filesCopied: files };
}

/** The Drive path a folder or spreadsheet link opens. */
function whereLinkLeads(d: Demo, url: string): string {
  const id = /\/(?:folders|d)\/([^/?#]+)/.exec(url)?.[1];
  const item = id ? d.ws.drive.get(id) : undefined;
  if (!item) return `a link to nothing (${url})`;
  return `${d.ws.drive.pathOf(item.id)}${item.trashed ? ' (in the trash)' : ''}`;
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
export function violations(
  d: Demo,
  end: EndState,
  expected: EndState,
  compare: Comparison = {},
): string[] {
  if (compare.whoever) {
    const personless = (e: EndState): EndState => ({
      ...e,
      log: e.log.map((line) => line.split(' | ').slice(0, 3).join(' | ')),
      summaries: e.summaries.map((line) => line.replace(/^(\w+ failure: [^:]+):.*$/s, '$1')),
    });
    return violations(d, personless(end), personless(expected));
  }
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
  differ('Staged Files rows', end.stagedFiles, expected.stagedFiles);
  differ('script properties', end.properties, expected.properties);
  differ('Export Log rows', end.log, expected.log);
  if (end.sharedChangeIds.length) {
    found.push(`Export Log rows sharing a Change id: ${end.sharedChangeIds.join('; ')}`);
  }
  if (end.brokenChains.length) {
    found.push(`Export Log rows out of order: ${end.brokenChains.join('; ')}`);
  }
  differ('job summaries', end.summaries, expected.summaries);
  differ('files copied in job summaries', end.filesCopied, expected.filesCopied);
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
