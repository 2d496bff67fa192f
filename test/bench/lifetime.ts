/**
 * `npm run bench:lifetime`: a year of use of one tracking spreadsheet, on the emulator.
 *
 * 1. Many one-task batches, each staged then delivered, one after another, in one spreadsheet:
 *    printed at checkpoints are the script-property bytes, the rows of the Export Log and of the
 *    Export Batches sheet, the cells of the spreadsheet and the largest job a start would accept
 *    then, executions and failures.
 * 2. Very large jobs, each staged then delivered by triggers alone in a fresh spreadsheet (5,000
 *    tasks of 6 files, and 999 tasks of 12): executions, daily-limit pauses, property bytes at
 *    their highest, the ledger's rows, failures. A personal account's 20,000 URL Fetch calls a
 *    day do not cover them: they pause until the quota resets, and no task may fail for it.
 *
 * BATCHES (default 1,000, a few minutes; 2,000, about 20, gives the README figures) and BIG_TASKS
 * change the sizes. Times are on the simulated clock.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_DRIVE_LIMITS, Workspace, seedDemo } from '../../emulator';

const BATCHES = Number(process.env.BATCHES ?? 1000);
const BIG_TASKS = Number(process.env.BIG_TASKS ?? 5000);
const CHECKPOINTS = [1, 10, 100, 300, 500, 1000, 1500, 2000, 5000].filter((n) => n <= BATCHES);

/** Google's limit of cells in a spreadsheet, and what a job's ledger takes a task (jobs/ledger.ts). */
const SPREADSHEET_CELLS = 10_000_000;
const LEDGER_CELLS_PER_TASK = 5;
/** Google's limit of the script property store. */
const STORE_BYTES = 500 * 1024;

const DIST = (() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-dist-'));
  fs.copyFileSync(path.join('dist', 'Code.js'), path.join(dir, 'Code.js'));
  return dir;
})();

function workspace(tasks: number, filesPerTask = 6) {
  const ws = new Workspace({ seed: 5, driveLimits: DEMO_DRIVE_LIMITS });
  const demo = seedDemo(ws, { tasks, filesPerTask, invalid: false });
  ws.loadBundle(DIST);
  ws.properties.script.set('STAGING_FOLDER_ID', demo.folders.staging);
  // A personal account, as the add-on learns it (a gmail.com address, or this property): it then
  // paces its trigger runs to the day's 90 minutes instead of having Google refuse them.
  ws.properties.script.set('EXPORT_ACCOUNT_TIER', 'consumer');
  return { ws, demo };
}

function call<T>(ws: Workspace, fn: string, ...args: unknown[]): T {
  const result = ws.callFromPage<T>(fn, args);
  if (!result.ok) throw new Error(`${fn} failed: ${result.error}`);
  return result.value as T;
}

function propertyBytes(ws: Workspace): number {
  let n = 0;
  for (const [k, v] of ws.properties.script) n += Buffer.byteLength(k) + Buffer.byteLength(v);
  return n;
}

function eligible(ws: Workspace): string[] {
  const preview = call<{ selection: { tasks: Array<{ taskId: string }> } }>(
    ws,
    'getTasksForStaging',
    {},
  );
  return preview.selection.tasks.map((t) => t.taskId);
}

interface Row {
  batches: number;
  propertyBytes: number;
  logRows: number;
  registryRows: number;
  cells: number;
  largestJob: number;
  executions: number;
  failedExecutions: number;
  failedTasks: number;
  simulatedDays: number;
}

function sheetRows(ws: Workspace, id: string, name: string): number {
  return Math.max(0, ws.sheets.values(id, name).length - 1);
}

function manyBatches(): Row[] {
  const { ws, demo } = workspace(BATCHES);
  const started = ws.clock.now();
  const ids = eligible(ws);
  const out: Row[] = [];
  let failedTasks = 0;
  ids.forEach((taskId, i) => {
    const start = call<{ batchId: string; jobId: string }>(ws, 'executeStagingWizard', {
      filters: {},
      taskIds: [taskId],
    });
    ws.settle();
    failedTasks += call<{ failed: number }>(ws, 'getJobProgress', start.jobId).failed;
    const delivery = call<{ jobId: string }>(
      ws,
      'executeDeliveryWizard',
      start.batchId,
      demo.folders.clientAcme,
    );
    ws.settle();
    failedTasks += call<{ failed: number }>(ws, 'getJobProgress', delivery.jobId).failed;
    if (!CHECKPOINTS.includes(i + 1)) return;
    const book = ws.sheets.get(demo.spreadsheetId)!;
    const cells = book.sheets.reduce((n, s) => n + s.maxRows * s.maxColumns, 0);
    const bytes = propertyBytes(ws);
    out.push({
      batches: i + 1,
      propertyBytes: bytes,
      logRows: sheetRows(ws, demo.spreadsheetId, 'Export Log'),
      registryRows: sheetRows(ws, demo.spreadsheetId, 'Export Batches'),
      cells,
      // What the start checks (jobs/start.ts): the head fits in the free properties (it does not
      // grow with tasks), and the ledger's cells fit in the spreadsheet.
      largestJob:
        STORE_BYTES - bytes > 20 * 1024
          ? Math.floor((SPREADSHEET_CELLS - cells) / LEDGER_CELLS_PER_TASK) - 1
          : 0,
      executions: ws.runtime.executions.length,
      failedExecutions: ws.runtime.executions.filter((e) => e.outcome !== 'ok').length,
      failedTasks,
      simulatedDays: Number(((ws.clock.now() - started) / 86_400_000).toFixed(2)),
    });
    process.stderr.write(`  ${i + 1} batches done\n`);
  });
  return out;
}

interface BigJob {
  job: string;
  phase: string;
  tasks: number;
  files: number;
  succeeded: number;
  failed: number;
  executions: number;
  failedExecutions: number;
  pauses: number;
  peakPropertyBytes: number;
  ledgerRows: number;
  simulatedHours: number;
}

function bigJob(tasks: number, filesPerTask: number): BigJob[] {
  const { ws, demo } = workspace(tasks, filesPerTask);
  let peak = 0;
  let ledgerRows = 0;
  let pauses = 0;
  let paused = false;
  ws.runtime.onExecutionEnd(() => {
    peak = Math.max(peak, propertyBytes(ws));
    // A job's head carries its pause while it waits for a daily limit to reset.
    const now = [...ws.properties.script.values()].some((v) => v.includes('"pause":{'));
    if (now && !paused) pauses += 1;
    paused = now;
    const ledger = ws.sheets
      .get(demo.spreadsheetId)!
      .sheets.find((s) => s.name.startsWith('Export Job'));
    if (ledger) ledgerRows = Math.max(ledgerRows, ledger.values.length - 1);
  });
  const out: BigJob[] = [];
  const run = (phase: string, start: () => { jobId: string }) => {
    const from = ws.runtime.executions.length;
    const at = ws.clock.now();
    peak = 0;
    ledgerRows = 0;
    pauses = 0;
    const { jobId } = start();
    ws.settle(7 * 24 * 60 * 60 * 1000);
    const p = call<{ finished: boolean; succeeded: number; failed: number; filesCopied: number }>(
      ws,
      'getJobProgress',
      jobId,
    );
    if (!p.finished) throw new Error(`${phase}: the job did not finish`);
    if (p.failed > 0) throw new Error(`${phase}: ${p.failed} tasks failed`);
    const executions = ws.runtime.executions.slice(from);
    out.push({
      job: `${tasks} x ${filesPerTask}`,
      phase,
      tasks: p.succeeded + p.failed,
      files: p.filesCopied,
      succeeded: p.succeeded,
      failed: p.failed,
      executions: executions.length,
      failedExecutions: executions.filter((e) => e.outcome !== 'ok').length,
      pauses,
      peakPropertyBytes: peak,
      ledgerRows,
      simulatedHours: Number(((ws.clock.now() - at) / 3_600_000).toFixed(2)),
    });
    return jobId;
  };
  let batchId = '';
  run('staging', () => {
    const s = call<{ jobId: string; batchId: string }>(ws, 'executeStagingWizard', {
      filters: {},
      taskIds: eligible(ws),
    });
    batchId = s.batchId;
    return s;
  });
  run('delivery', () =>
    call<{ jobId: string }>(ws, 'executeDeliveryWizard', batchId, demo.folders.clientAcme),
  );
  return out;
}

const t0 = Date.now();
process.stderr.write(`lifetime: ${BATCHES} one-task batches...\n`);
const batches = manyBatches();
console.log(
  `\n${BATCHES} one-task batches (6 files), each staged then delivered, in one spreadsheet`,
);
console.table(batches);
process.stderr.write(`lifetime: jobs of ${BIG_TASKS} x 6 and 999 x 12...\n`);
const big = [...bigJob(BIG_TASKS, 6), ...bigJob(999, 12)];
console.log(
  '\nVery large jobs, by triggers alone, each in a fresh spreadsheet (a personal account)',
);
console.table(big);
console.log(`\n(real time ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
console.log(JSON.stringify({ batches, big }));
