import { FILE_LINK_HEADERS } from '../../emulator/demo';
import {
  Demo,
  call,
  callError,
  demoWorkspace,
  rowOf,
  rows,
  snapshot,
  folderUsage,
  registryRecords,
} from '../helpers/workspace';
import { deliver, jobKeys, stageAll, validTasks } from '../helpers/delivery';

const DAY_MS = 24 * 60 * 60 * 1000;

interface Report {
  generatedAt?: string;
  totalTasks: number;
  counts: Record<string, number>;
  activeBatches: Array<{
    jobId: string;
    kind: string;
    batchId: string;
    total: number;
    done: number;
  }>;
  attention: Array<{
    taskId: string;
    batchId: string;
    status: string;
    reason: string;
    since: string | null;
    action: string | null;
    advice: string;
  }>;
  attentionTotal: number;
  readyToStage: number;
  waiting: Array<{ why: string; tasks: number }>;
  weeks: Array<{ weekStart: string; staged: number; delivered: number }>;
  stagingUsage: {
    configured: boolean;
    folders: number;
    files: number;
    bytes: number;
    complete: boolean;
    error: string | null;
  };
}

interface Cleanup {
  olderThanDays: number;
  reset: Array<{ taskId: string; batchId: string; from: string; to: string }>;
  keptRecent: number;
  clearedBatches: string[];
}

/** Files, folders and bytes under a folder, straight from the emulated Drive. */

function statusCounts(d: Demo): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of rows(d)) {
    const s = String(r['Export Status'] || 'not exported');
    counts[s] = (counts[s] ?? 0) + 1;
  }
  return counts;
}

describe('reporting and clean-up', () => {
  test('the status report: counts, a batch in progress, failures with their reasons, staging usage', () => {
    const d = demoWorkspace({ demo: { tasks: 24 } });
    const batchId = stageAll(d);
    const start = deliver(d, batchId);

    const report = call<Report>(d, 'generateExportStatusReport');
    expect(report).not.toBeNull(); // JSON-safe: a Date inside would arrive as null
    expect(report.totalTasks).toBe(rows(d).length);
    for (const [status, n] of Object.entries(statusCounts(d)))
      expect([status, report.counts[status]]).toEqual([status, n]);
    expect(report.counts.delivering).toBe(validTasks(d).length);
    expect(report.activeBatches).toEqual([
      expect.objectContaining({
        jobId: start.jobId,
        kind: 'delivery',
        batchId,
        total: validTasks(d).length,
        done: 0,
      }),
    ]);
    // Failures to look at, with the reason from the Export Log; tasks in the running job are not.
    // Their batch is being delivered: no retry is offered while its job runs.
    const failed = d.demo.tasks.filter(
      (t) => rowOf(d, t.taskId)['Export Status'] === 'staging_failed',
    );
    expect(report.attentionTotal).toBe(failed.length);
    const dead = d.demo.tasks.find((t) => t.kind === 'deadLink')!;
    expect(report.attention).toContainEqual({
      taskId: dead.taskId,
      batchId,
      status: 'staging_failed',
      reason: expect.stringMatching(/does not exist or is not shared with you/),
      since: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      action: null,
      advice: 'running',
      // What runs is the batch's delivery, not these failed tasks.
      running: 'delivery',
    });
    expect(report.stagingUsage).toEqual({
      configured: true,
      folder: expect.objectContaining({ id: d.demo.folders.staging, name: 'Exports Staging' }),
      ...folderUsage(d.ws, d.demo.folders.staging),
      complete: true,
      error: null,
    });
    expect(report.stagingUsage.bytes).toBeGreaterThan(0);

    // A delivery whose job state is gone shows as needing attention, with its recovery.
    for (const key of d.ws.properties.script.keys()) {
      if (key.startsWith('exportJob')) d.ws.properties.script.delete(key);
    }
    const stuck = call<Report>(d, 'generateExportStatusReport');
    expect(stuck.activeBatches).toEqual([]);
    expect(stuck.attention.filter((a) => a.status === 'delivering')).toHaveLength(
      validTasks(d).length,
    );
    expect(stuck.attention.find((a) => a.status === 'delivering')!.action).toBe(
      'resumeFailedDelivery',
    );
  });

  test('every export batch with its status summary and links', () => {
    const d = demoWorkspace();
    const batchId = stageAll(d);
    const start = deliver(d, batchId);
    d.ws.settle();
    const batches = call<
      Array<{
        batchId: string;
        taskCount: number;
        counts: Record<string, number>;
        stagingFolderUrl: string;
        exportSheetUrl: string;
        deliveries: Array<{ clientFolderUrl: string; deliveryFolderUrl: string }>;
        running: string | null;
      }>
    >(d, 'listAllExportBatches');
    // Legacy exports (an Export Batch ID, no record) are listed too, without links.
    const legacy = d.demo.tasks.filter((t) => t.kind === 'alreadyExported');
    const legacyIds = legacy.map((t) => String(rowOf(d, t.taskId)['Export Batch ID']));
    expect(batches.map((b) => b.batchId).sort()).toEqual([batchId, ...new Set(legacyIds)].sort());
    for (const b of batches.filter((x) => x.batchId !== batchId)) {
      expect(b).toMatchObject({ stagingFolderUrl: null, deliveries: [] });
      expect(Object.keys(b.counts)).toEqual(['delivered']);
    }
    const batch = batches.find((b) => b.batchId === batchId)!;
    const inBatch = rows(d).filter((r) => r['Export Batch ID'] === batchId);
    expect(batch).toMatchObject({ batchId, taskCount: inBatch.length, running: null });
    expect(batch.counts).toEqual({
      delivered: validTasks(d).length,
      staging_failed: inBatch.length - validTasks(d).length,
    });
    const stagingFolder = d.ws.drive
      .children(d.demo.folders.staging)
      .find((f) => f.name.endsWith(batchId))!;
    expect(batch.stagingFolderUrl).toContain(stagingFolder.id);
    expect(batch.exportSheetUrl).toMatch(/^https:\/\/docs\.google\.com\/spreadsheets\//);
    expect(batch.deliveries).toEqual([
      expect.objectContaining({
        clientFolderUrl: start.clientFolder.url,
        deliveryFolderUrl: start.deliveryFolderUrl,
      }),
    ]);
  });

  test('cleanupFailedExports needs a positive number of days, and changes nothing otherwise', () => {
    const d = demoWorkspace();
    stageAll(d);
    const before = snapshot(d);
    for (const bad of [0, -3, 'abc', null, '', Number.NaN]) {
      expect(callError(d, 'cleanupFailedExports', bad)).toMatch(
        /is not a number of days\. Give a positive number, for example 30/,
      );
    }
    expect(snapshot(d)).toEqual(before);
  });

  test('cleanupFailedExports touches only failures older than the cutoff, logs each change, clears abandoned batches', () => {
    const d = demoWorkspace({ demo: { tasks: 24 } });
    // Day 0: batch A stages everything (valid tasks staged, bad ones fail).
    const a = stageAll(d);
    const failedA = rows(d)
      .filter((r) => r['Export Status'] === 'staging_failed')
      .map((r) => String(r['Task ID']));
    expect(failedA.length).toBeGreaterThan(0);
    // Day 10: a delivery of A in which one task fails its count.
    d.ws.advance(10 * DAY_MS);
    const victim = validTasks(d)[0];
    let removed = false;
    const stop = d.ws.runtime.onCall((c) => {
      if (removed || c.method !== 'drive.files.list') return;
      const delivery = d.ws.drive.children(d.demo.folders.clientAcme).find((f) => f.name === a);
      const folder =
        delivery && d.ws.drive.children(delivery.id).find((f) => f.name === victim.folderName);
      const files = folder ? d.ws.drive.children(folder.id) : [];
      if (files.length !== victim.expectedFiles) return;
      removed = true;
      d.ws.drive.trash(files[0].id);
    });
    deliver(d, a);
    d.ws.settle();
    stop();
    expect(rowOf(d, victim.taskId)['Export Status']).toBe('delivery_failed');
    const keys = jobKeys(d);

    // Day 12, cutoff 5 days: only the 12-day-old staging failures go back to "not exported".
    d.ws.advance(2 * DAY_MS);
    const logBefore = d.ws.sheets.values(d.demo.spreadsheetId, 'Export Log').length;
    const first = call<Cleanup>(d, 'cleanupFailedExports', 5);
    expect(first.reset.map((r) => r.taskId).sort()).toEqual([...failedA].sort());
    for (const r of first.reset)
      expect(r).toEqual({
        taskId: r.taskId,
        batchId: a,
        from: 'staging_failed',
        to: 'not exported',
      });
    expect(first.keptRecent).toBe(1);
    expect(first.clearedBatches).toEqual([]); // delivered tasks still belong to batch A
    for (const id of failedA) {
      expect(rowOf(d, id)['Export Status']).toBe('');
      expect(rowOf(d, id)['Export Batch ID']).toBe('');
    }
    expect(rowOf(d, victim.taskId)['Export Status']).toBe('delivery_failed');
    const log = d.ws.sheets.values(d.demo.spreadsheetId, 'Export Log');
    const added = log.slice(logBefore);
    expect(added).toHaveLength(failedA.length);
    for (const e of added)
      expect(e[6]).toMatch(/^Clean-up: staging failed on \d{4}-\d{2}-\d{2}, more than 5 days ago/);

    // Run again at once: nothing left that old.
    const again = call<Cleanup>(d, 'cleanupFailedExports', 5);
    expect(again.reset).toEqual([]);

    // Day 16: the delivery failure is now 6 days old: back to staged, ready to deliver again.
    d.ws.advance(4 * DAY_MS);
    const later = call<Cleanup>(d, 'cleanupFailedExports', 5);
    expect(later.reset).toEqual([
      { taskId: victim.taskId, batchId: a, from: 'delivery_failed', to: 'staged' },
    ]);
    expect(rowOf(d, victim.taskId)['Export Status']).toBe('staged');
    expect(jobKeys(d)).toEqual(keys);
  });

  test('a batch whose every task failed staging is cleared once its failures are cleaned up', () => {
    const d = demoWorkspace();
    call(d, 'getTasksForStaging', {});
    const bad = d.demo.tasks
      .filter((t) => t.kind === 'missingObj' || t.kind === 'deadLink')
      .map((t) => t.taskId);
    const start = call<{ batchId: string }>(d, 'executeStagingWizard', {
      filters: {},
      taskIds: bad,
    });
    d.ws.settle();
    expect(registryRecords(d).has(start.batchId)).toBe(true);
    d.ws.advance(31 * DAY_MS);
    const summary = call<Cleanup>(d, 'cleanupFailedExports', '30');
    expect(summary.olderThanDays).toBe(30);
    expect(summary.reset.map((r) => r.taskId).sort()).toEqual([...bad].sort());
    expect(summary.clearedBatches).toEqual([start.batchId]);
    expect(registryRecords(d).has(start.batchId)).toBe(false);
    // The tasks can be staged again.
    const preview = call<{ selection: { tasks: Array<{ taskId: string }> } }>(
      d,
      'getTasksForStaging',
      {},
    );
    expect(preview.selection.tasks.map((t) => t.taskId)).toEqual(expect.arrayContaining(bad));
  });

  test('tasks by export status, optionally of one batch', () => {
    const d = demoWorkspace();
    const batchId = stageAll(d);
    const staged = call<Array<{ taskId: string; exportStatus: string }>>(
      d,
      'getTasksByExportStatus',
      'staged',
      batchId,
    );
    expect(staged.map((t) => t.taskId).sort()).toEqual(
      validTasks(d)
        .map((t) => t.taskId)
        .sort(),
    );
    expect(call<unknown[]>(d, 'getTasksByExportStatus', 'staged', 'EXP-OTHER')).toEqual([]);
    const never = call<Array<{ taskId: string }>>(d, 'getTasksByExportStatus', '', null);
    expect(never.map((t) => t.taskId).sort()).toEqual(
      rows(d)
        .filter((r) => r['Export Status'] === '')
        .map((r) => String(r['Task ID']))
        .sort(),
    );
    expect(call<unknown[]>(d, 'getTasksByExportStatus', 'not exported', null)).toEqual(never);
  });
});

/** Empties every file link cell of a task's row: it then has no file at all. */
function clearLinks(d: Demo, taskId: string): void {
  const values = d.ws.sheets.values(d.demo.spreadsheetId, 'Tasks');
  const header = values[0].map(String);
  const row = values.findIndex((r) => r[header.indexOf('Task ID')] === taskId) + 1;
  for (const name of FILE_LINK_HEADERS) {
    const col = header.indexOf(name) + 1;
    if (col > 0) d.ws.sheets.setValues(d.demo.spreadsheetId, 'Tasks', [['']], row, col);
  }
}

/** Why each not exported row waits, read from the sheet as a person would. */
function waitsBySheet(d: Demo): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows(d)) {
    if (String(r['Export Status'] ?? '') !== '') continue;
    const status = String(r['Status']).trim().toLowerCase();
    const review = String(r['Review Status'] ?? '')
      .trim()
      .toLowerCase();
    const why =
      status !== 'complete'
        ? 'Task not complete'
        : review === '' || review === 'pending'
          ? 'Review pending'
          : review === 'failed'
            ? 'Failed review'
            : null;
    if (why) out[why] = (out[why] ?? 0) + 1;
  }
  return out;
}

const asRecord = (groups: Array<{ why: string; tasks: number }>) =>
  Object.fromEntries(groups.map((g) => [g.why, g.tasks]));

describe('the status report answers at a glance', () => {
  test('not exported tasks: those the staging wizard would take, and the others with why they wait', () => {
    const d = demoWorkspace({ demo: { tasks: 24 } });
    const wizard = call<{ tasks: number }>(d, 'countTasksForStaging', {});
    const linkless = validTasks(d)[0];
    clearLinks(d, linkless.taskId);

    const report = call<Report>(d, 'generateExportStatusReport');
    // The wizard still counts the task with no link; the report knows it cannot be staged yet.
    expect(call<{ tasks: number }>(d, 'countTasksForStaging', {}).tasks).toBe(wizard.tasks);
    expect(report.readyToStage).toBe(wizard.tasks - 1);
    expect(asRecord(report.waiting)).toEqual({ ...waitsBySheet(d), 'No files linked': 1 });
    const waiting = report.waiting.reduce((n, w) => n + w.tasks, 0);
    expect(report.readyToStage + waiting).toBe(report.counts['not exported']);
    // Most first.
    const sizes = report.waiting.map((w) => w.tasks);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));

    // Once staged, none is ready: the tasks that wait still do, for the same reasons.
    stageAll(d);
    const after = call<Report>(d, 'generateExportStatusReport');
    expect(after.readyToStage).toBe(0);
    expect(asRecord(after.waiting)).toEqual(waitsBySheet(d));
    expect(after.counts['not exported']).toBe(after.waiting.reduce((n, w) => n + w.tasks, 0));
  });

  test('staged and delivered tasks per week over the last 12 weeks, from the Export Log', () => {
    const d = demoWorkspace({ demo: { tasks: 24 } });
    const batchId = stageAll(d);
    deliver(d, batchId);
    d.ws.settle();
    const report = call<Report>(d, 'generateExportStatusReport');
    expect(report.weeks).toHaveLength(12);
    const mondays = report.weeks.map((w) => new Date(`${w.weekStart}T00:00:00Z`));
    expect(mondays.every((m) => m.getUTCDay() === 1)).toBe(true);
    for (let i = 1; i < mondays.length; i++) {
      expect(+mondays[i] - +mondays[i - 1]).toBe(7 * DAY_MS);
    }
    const now = new Date(report.generatedAt ?? Date.now());
    expect(+now - +mondays[11]).toBeLessThan(7 * DAY_MS);
    // The demo's legacy deliveries, logged when the migration found them, are not counted.
    expect(report.weeks.reduce((n, w) => n + w.staged, 0)).toBe(validTasks(d).length);
    expect(report.weeks.reduce((n, w) => n + w.delivered, 0)).toBe(validTasks(d).length);
    expect(report.weeks[11]).toMatchObject({
      staged: validTasks(d).length,
      delivered: validTasks(d).length,
    });
  });

  test('a file check failure: fix first, with the retry kept second; it is offered once the job has ended', () => {
    const d = demoWorkspace({ demo: { tasks: 24 } });
    const batchId = stageAll(d);
    const report = call<Report>(d, 'generateExportStatusReport');
    const dead = d.demo.tasks.find((t) => t.kind === 'deadLink')!;
    expect(report.attention.find((a) => a.taskId === dead.taskId)).toMatchObject({
      batchId,
      status: 'staging_failed',
      action: 'retryFailedStagingTasks',
      advice: 'fixFirst',
    });
    // Every failure of the file check needs a person's fix: none offers the retry as the way.
    const failed = report.attention.filter((a) => a.status === 'staging_failed');
    expect(failed.length).toBeGreaterThan(3);
    expect(failed.every((a) => a.advice === 'fixFirst')).toBe(true);
  });

  test('staged files changed before delivery: no retry, stage it again', () => {
    const d = demoWorkspace({ demo: { tasks: 24 } });
    const batchId = stageAll(d);
    const victim = validTasks(d)[0];
    const batchFolder = d.ws.drive
      .children(d.demo.folders.staging)
      .find((f) => f.name.endsWith(batchId))!;
    const staged = d.ws.drive.children(batchFolder.id).find((f) => f.name === victim.folderName)!;
    d.ws.drive.trash(d.ws.drive.children(staged.id)[0].id);
    deliver(d, batchId);
    d.ws.settle();
    const report = call<Report>(d, 'generateExportStatusReport');
    expect(report.attention.find((a) => a.taskId === victim.taskId)).toMatchObject({
      status: 'delivery_failed',
      action: null,
      advice: 'stageAgain',
    });
  });

  test('Drive refusing the copies until the job gives up: retrying is the action', () => {
    const d = demoWorkspace();
    d.ws.faults.add({
      kind: 'rateLimit',
      probability: 1,
      match: (c) => c.method === 'drive.files.copy' || c.method === 'File.makeCopy',
    });
    const batchId = stageAll(d);
    d.ws.faults.clear();
    const report = call<Report>(d, 'generateExportStatusReport');
    const refused = report.attention.filter((a) => /kept refusing/.test(a.reason));
    expect(refused.map((a) => a.taskId).sort()).toEqual(
      validTasks(d)
        .map((t) => t.taskId)
        .sort(),
    );
    for (const item of refused) {
      expect(item).toMatchObject({
        batchId,
        action: 'retryFailedStagingTasks',
        advice: 'retry',
      });
    }
  });

  test('a failure logged before causes were kept reads as needing a fix, not as a sure retry', () => {
    const d = demoWorkspace({ demo: { tasks: 24 } });
    stageAll(d);
    // An Export Log of an earlier version: no Cause column.
    const log = d.ws.sheets.values(d.demo.spreadsheetId, 'Export Log');
    const cause = log[0].indexOf('Cause');
    d.ws.sheets.setValues(
      d.demo.spreadsheetId,
      'Export Log',
      log.map(() => ['']),
      1,
      cause + 1,
    );
    const report = call<Report>(d, 'generateExportStatusReport');
    const failed = report.attention.filter((a) => a.status === 'staging_failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((a) => a.advice === 'fixFirst' && a.action !== null)).toBe(true);
  });

  test('the refresh gives the same figures without a single Drive call, reading the sheet and the log once', () => {
    const d = demoWorkspace({ demo: { tasks: 24 } });
    const batchId = stageAll(d);
    deliver(d, batchId);
    const full = call<Report & { generatedAt: string }>(d, 'generateExportStatusReport');
    const calls: Array<{ service: string; method: string; detail?: string }> = [];
    const stop = d.ws.runtime.onCall((c) => calls.push(c));
    const figures = call<Record<string, unknown>>(d, 'refreshExportStatusReport');
    stop();
    const { stagingUsage, generatedAt, ...rest } = full;
    expect(stagingUsage.files).toBeGreaterThan(0);
    expect(generatedAt).toEqual(expect.any(String));
    expect(figures).toEqual({ ...rest, generatedAt: expect.any(String) });
    expect(figures).not.toHaveProperty('stagingUsage');
    expect(calls.filter((c) => ['UrlFetchApp', 'DriveApp'].includes(c.service))).toEqual([]);
    const reads = (sheet: string) =>
      calls.filter((c) => c.detail === sheet && c.method === 'Range.getValues').length;
    expect(reads('Export Log')).toBe(1);
    // The header row, then the rows.
    expect(reads('Tasks')).toBeLessThanOrEqual(2);
  });
});
