/**
 * PLAN.md's plan, written the way a straightforward script would carry it out: DriveApp's
 * sequential `makeCopy`, tasks in chunks of 5, one `setValue` per changed cell. It runs inside the
 * emulator through the same services as the add-on, one execution at a time: each one stops
 * starting chunks once 4 of its 6 minutes are gone, saves where it got to in script properties,
 * and the next execution (a one-off trigger, after 1 s and the usual trigger lateness) goes on.
 */
import type { Execution, Workspace } from '../../emulator';
import { FILE_LINK_HEADERS } from '../../emulator/demo';
import { PhaseFigures, figures, filesUnder, lastCopyAt, SheetCallCounter } from './measure';

type Services = {
  SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  DriveApp: GoogleAppsScript.Drive.DriveApp;
  PropertiesService: GoogleAppsScript.Properties.PropertiesService;
};

const CHUNK = 5;
const STOP_AFTER_MS = 4 * 60 * 1000;
const STATE = 'NAIVE_STATE';

interface State {
  phase: 'staging' | 'delivery';
  batchId: string;
  batchFolderId: string;
  deliveryFolderId?: string;
  /** Staging: tasks still to validate (PLAN 2.2 step 2), in sheet order. */
  toValidate: string[];
  valid: string[];
  /** Task IDs still to copy, in sheet order. */
  queue: string[];
  done: boolean;
}

function idOf(link: string): string {
  return /\/d\/([\w-]{20,})/.exec(link)?.[1] ?? /[?&]id=([\w-]{20,})/.exec(link)?.[1] ?? link;
}

class Sheet {
  readonly sheet: GoogleAppsScript.Spreadsheet.Sheet;
  readonly header: string[];
  readonly rows: unknown[][];

  constructor(s: Services) {
    this.sheet = s.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Tasks')!;
    const values = this.sheet.getDataRange().getValues();
    this.header = values[0].map(String);
    this.rows = values.slice(1);
  }

  col(name: string): number {
    return this.header.indexOf(name);
  }

  rowOf(taskId: string): number {
    return this.rows.findIndex((r) => r[this.col('Task ID')] === taskId);
  }

  get(taskId: string, name: string): unknown {
    return this.rows[this.rowOf(taskId)][this.col(name)];
  }

  /** One cell at a time, as the plan's "update status" steps read. */
  set(taskId: string, name: string, value: unknown): void {
    this.sheet.getRange(this.rowOf(taskId) + 2, this.col(name) + 1).setValue(value);
  }
}

function links(sheet: Sheet, taskId: string): string[] {
  return FILE_LINK_HEADERS.flatMap((c) =>
    String(sheet.get(taskId, c) ?? '')
      .split(/[\n,]+/)
      .map((l) => l.trim())
      .filter(Boolean),
  );
}

/** PLAN 2.2 step 1: the tasks to stage (complete, passed review, not exported). */
function startStaging(s: Services, now: () => number): State {
  const sheet = new Sheet(s);
  const candidates = sheet.rows
    .filter(
      (r) =>
        r[sheet.col('Status')] === 'complete' &&
        r[sheet.col('Review Status')] === 'passed' &&
        !r[sheet.col('Export Status')],
    )
    .map((r) => String(r[sheet.col('Task ID')]));
  const batchId = `NAIVE-${now()}`;
  return {
    phase: 'staging',
    batchId,
    batchFolderId: '',
    toValidate: candidates,
    valid: [],
    queue: [],
    done: false,
  };
}

/** PLAN 2.2 step 2, five tasks at a time: each linked file opened to check its name. */
function validateChunk(s: Services, state: State): void {
  const sheet = new Sheet(s);
  for (const taskId of state.toValidate.splice(0, CHUNK)) {
    const folder = String(sheet.get(taskId, 'Folder Name'));
    const names = links(sheet, taskId).map((l) => s.DriveApp.getFileById(idOf(l)).getName());
    const has = (ext: string) => names.some((n) => n.endsWith(ext) && n.includes(folder));
    if (has('.obj') && has('.jpg') && has('.mp4') && names.length >= 6) state.valid.push(taskId);
  }
}

/** PLAN 2.2 steps 3 to 5: mark the valid tasks one cell at a time, make the batch folder. */
function markForStaging(s: Services, state: State): void {
  const props = s.PropertiesService.getScriptProperties();
  const staging = s.DriveApp.getFolderById(props.getProperty('STAGING_FOLDER_ID')!);
  const sheet = new Sheet(s);
  for (const taskId of state.valid) {
    sheet.set(taskId, 'Export Status', 'staging');
    sheet.set(taskId, 'Export Batch ID', state.batchId);
  }
  state.batchFolderId = staging.createFolder(`Export_${state.batchId}`).getId();
  state.queue = [...state.valid];
}

/** PLAN 2.2 step 6: a chunk of 5 tasks, each file copied with makeCopy, counted, marked. */
function stageChunk(s: Services, state: State): void {
  const sheet = new Sheet(s);
  const batchFolder = s.DriveApp.getFolderById(state.batchFolderId);
  for (const taskId of state.queue.splice(0, CHUNK)) {
    const folder = batchFolder.createFolder(String(sheet.get(taskId, 'Folder Name')));
    let count = 0;
    for (const link of links(sheet, taskId)) {
      const file = s.DriveApp.getFileById(idOf(link));
      file.makeCopy(file.getName(), folder);
      count += 1;
    }
    sheet.set(taskId, 'Export Status', 'staged');
    sheet.set(taskId, 'Staged Count', count);
  }
}

/** PLAN 2.2 steps 7 and 8: the export sheet, in the batch folder. */
function exportSheet(s: Services, state: State): void {
  const sheet = new Sheet(s);
  const staged = sheet.rows.filter((r) => r[sheet.col('Export Batch ID')] === state.batchId);
  const book = s.SpreadsheetApp.create(`Export_${state.batchId}_Data`);
  book
    .getSheets()[0]
    .getRange(1, 1, staged.length + 1, sheet.header.length)
    .setValues([sheet.header, ...staged]);
  s.DriveApp.getFileById(book.getId()).moveTo(s.DriveApp.getFolderById(state.batchFolderId));
}

/** PLAN 3.1 steps 1 to 4: mark delivering, make the delivery folder. */
function startDelivery(s: Services, staged: State, clientFolderId: string): State {
  const sheet = new Sheet(s);
  const tasks = sheet.rows
    .filter(
      (r) =>
        r[sheet.col('Export Batch ID')] === staged.batchId &&
        r[sheet.col('Export Status')] === 'staged',
    )
    .map((r) => String(r[sheet.col('Task ID')]));
  for (const taskId of tasks) sheet.set(taskId, 'Export Status', 'delivering');
  const delivery = s.DriveApp.getFolderById(clientFolderId).createFolder(staged.batchId);
  return {
    ...staged,
    phase: 'delivery',
    deliveryFolderId: delivery.getId(),
    queue: tasks,
    done: false,
  };
}

/** PLAN 3.1 steps 5 and 6: a chunk of 5 task folders copied file by file, then counted. */
function deliverChunk(s: Services, state: State, now: () => number): void {
  const sheet = new Sheet(s);
  const staging = s.DriveApp.getFolderById(state.batchFolderId);
  const delivery = s.DriveApp.getFolderById(state.deliveryFolderId!);
  for (const taskId of state.queue.splice(0, CHUNK)) {
    const name = String(sheet.get(taskId, 'Folder Name'));
    const source = staging.getFoldersByName(name).next();
    const target = delivery.createFolder(name);
    const files = source.getFiles();
    while (files.hasNext()) {
      const file = files.next();
      file.makeCopy(file.getName(), target);
    }
    let count = 0;
    const arrived = target.getFiles();
    while (arrived.hasNext()) {
      arrived.next();
      count += 1;
    }
    const ok = count === Number(sheet.get(taskId, 'Staged Count'));
    sheet.set(taskId, 'Export Status', ok ? 'delivered' : 'delivery_failed');
    sheet.set(taskId, 'Export Time', new Date(now()));
  }
}

/** One execution: chunks until 4 minutes are gone, then the state is saved for the next one. */
function step(s: Services, now: () => number, clientFolderId: string, phase: State['phase']): void {
  const started = now();
  const props = s.PropertiesService.getScriptProperties();
  const saved = props.getProperty(STATE);
  let state: State = saved ? JSON.parse(saved) : startStaging(s, now);
  if (phase === 'delivery' && state.phase === 'staging') {
    state = startDelivery(s, state, clientFolderId);
  }
  const timeLeft = () => now() - started < STOP_AFTER_MS;
  while (state.toValidate.length > 0 && timeLeft()) {
    validateChunk(s, state);
    if (state.toValidate.length === 0) markForStaging(s, state);
    props.setProperty(STATE, JSON.stringify(state));
  }
  while (state.toValidate.length === 0 && state.queue.length > 0 && timeLeft()) {
    if (state.phase === 'staging') stageChunk(s, state);
    else deliverChunk(s, state, now);
    props.setProperty(STATE, JSON.stringify(state));
  }
  if (state.toValidate.length === 0 && state.queue.length === 0 && !state.done && timeLeft()) {
    if (state.phase === 'staging') exportSheet(s, state);
    state.done = true;
  }
  props.setProperty(STATE, JSON.stringify(state));
}

function runPhase(ws: Workspace, phase: State['phase'], clientFolderId: string): Execution[] {
  const s = ws.globals() as unknown as Services;
  const now = () => ws.clock.now();
  const executions: Execution[] = [];
  for (let i = 0; i < 1000; i++) {
    const result = ws.execute(() => step(s, now, clientFolderId, phase), { fn: `naive ${phase}` });
    executions.push(result.execution);
    if (!result.ok) throw new Error(`naive ${phase} failed: ${result.error}`);
    const state = JSON.parse(ws.properties.script.get(STATE)!) as State;
    if (state.phase === phase && state.done) return executions;
    ws.advance(1000 + ws.triggerLateness());
  }
  throw new Error(`naive ${phase} did not finish`);
}

export function runNaive(
  ws: Workspace,
  demo: { folders: { staging: string; clientAcme: string } },
): { staging: PhaseFigures; delivery: PhaseFigures } {
  const sheetCalls = new SheetCallCounter(ws);
  let refused = ws.ctx.ceiling.refused.length;
  let startedAt = ws.clock.now();
  const stagingRuns = runPhase(ws, 'staging', demo.folders.clientAcme);
  const state = JSON.parse(ws.properties.script.get(STATE)!) as State;
  const staging = figures({
    ws,
    startedAt,
    lastCopyAt: lastCopyAt(ws, state.batchFolderId),
    tree: new Map([...filesUnder(ws, state.batchFolderId)].filter(([p]) => p.includes('/'))),
    executions: stagingRuns,
    workingSlices: stagingRuns.slice(0, -1),
    sheetCalls,
    refusedBefore: refused,
  });
  refused = ws.ctx.ceiling.refused.length;
  startedAt = ws.clock.now();
  const deliveryRuns = runPhase(ws, 'delivery', demo.folders.clientAcme);
  const delivered = JSON.parse(ws.properties.script.get(STATE)!) as State;
  const delivery = figures({
    ws,
    startedAt,
    lastCopyAt: lastCopyAt(ws, delivered.deliveryFolderId!),
    tree: filesUnder(ws, delivered.deliveryFolderId!),
    executions: deliveryRuns,
    workingSlices: deliveryRuns.slice(0, -1),
    sheetCalls,
    refusedBefore: refused,
  });
  sheetCalls.dispose();
  return { staging, delivery };
}
