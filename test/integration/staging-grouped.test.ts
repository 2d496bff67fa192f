import { INVALID_KINDS } from '../../emulator/demo';
/**
 * The staging wizard's grouped preview and the start it leads to (PLAN 2.2, 2.3): tasks whose
 * files fail the check are marked staging_failed with their reasons when the job starts, logged
 * once each, and never copied; the filter step's live count names the overrides a filter needs.
 */
import { Demo, call, callError, demoWorkspace, rowOf } from '../helpers/workspace';

interface Preview {
  selection: {
    tasks: Array<{ taskId: string }>;
    needOverride: Array<{ taskId: string; flags: string[] }>;
  };
  perTask: Array<{ taskId: string; problems: string[] }>;
}
interface Start {
  jobId: string;
  batchId: string;
  taskCount: number;
}
interface Count {
  tasks: number;
  needOverride: Array<{ flag: string; tasks: number }>;
}

/** The demo's bad cases that fail the file check (the others wait for review or completion). */
const BAD_FILE_KINDS: readonly string[] = INVALID_KINDS.filter(
  (k) => !['notComplete', 'reviewFailed', 'reviewPending'].includes(k),
);

/** Starts staging as the wizard does: the ready tasks, and those the preview found failing. */
function startGrouped(d: Demo, filters: object = {}): { start: Start; failing: string[] } {
  const preview = call<Preview>(d, 'getTasksForStaging', filters);
  const failing = preview.perTask.filter((t) => t.problems.length > 0).map((t) => t.taskId);
  const taskIds = preview.selection.tasks
    .map((t) => t.taskId)
    .filter((id) => !failing.includes(id));
  const start = call<Start>(d, 'executeStagingWizard', { filters, taskIds, failing });
  return { start, failing };
}

function logRows(d: Demo): string[][] {
  return d.ws.sheets
    .values(d.demo.spreadsheetId, 'Export Log')
    .slice(1)
    .map((r) => r.map(String));
}

describe('grouped preview and the start of staging', () => {
  test('the totals, the volume plan and the progress count only the tasks staging copies', () => {
    const d = demoWorkspace();
    const preview = call<
      Omit<Preview, 'perTask'> & {
        fileCount: number;
        totalBytes: number;
        perTask: Array<{ taskId: string; files: number; bytes: number; problems: string[] }>;
        plan: { files: number; bytes: number; sentences: string[] };
      }
    >(d, 'getTasksForStaging', {});
    const ready = preview.perTask.filter((t) => t.problems.length === 0);
    const failingFiles = preview.perTask
      .filter((t) => t.problems.length > 0)
      .reduce((n, t) => n + t.files, 0);
    expect(failingFiles).toBeGreaterThan(0);
    expect(ready.length).toBe(preview.selection.tasks.length - 8);
    // What the header and the plan say is what staging copies: the ready tasks' files.
    const readyFiles = ready.reduce((n, t) => n + t.files, 0);
    const readyBytes = ready.reduce((n, t) => n + t.bytes, 0);
    expect([preview.fileCount, preview.totalBytes]).toEqual([readyFiles, readyBytes]);
    expect([preview.plan.files, preview.plan.bytes]).toEqual([readyFiles, readyBytes]);
    expect(preview.plan.sentences[0]).toMatch(new RegExp(`^Staging ${readyFiles} files `));

    const { start, failing } = startGrouped(d);
    const progress = call<{ total: number; done: number; failed: number; failedAtStart: number }>(
      d,
      'getJobProgress',
      start.jobId,
    );
    // The tasks marked failed at the start are told apart from those being staged.
    expect(progress).toMatchObject({
      total: ready.length + failing.length,
      done: failing.length,
      failed: failing.length,
      failedAtStart: failing.length,
    });
    expect(progress.total - progress.failedAtStart).toBe(start.taskCount);
  });

  test('tasks that fail the file check are staging_failed with reasons at the start, logged once, not copied', () => {
    const d = demoWorkspace();
    const { start, failing } = startGrouped(d);
    const kindOf = (id: string) => d.demo.tasks.find((t) => t.taskId === id)!.kind;
    expect(failing.map(kindOf).sort()).toEqual(
      d.demo.tasks
        .filter((t) => BAD_FILE_KINDS.includes(t.kind))
        .map((t) => t.kind)
        .sort(),
    );
    // Before any slice ran: the failing tasks are marked already, with the reason and the batch.
    for (const id of failing) {
      const row = rowOf(d, id);
      expect([id, row['Export Status'], row['Export Batch ID']]).toEqual([
        id,
        'staging_failed',
        start.batchId,
      ]);
    }
    const valid = d.demo.tasks.filter((t) => t.kind === 'valid').map((t) => t.taskId);
    for (const id of valid) expect(rowOf(d, id)['Export Status']).toBe('staging');
    expect(start.taskCount).toBe(valid.length);

    d.ws.settle();
    for (const id of valid) expect(rowOf(d, id)['Export Status']).toBe('staged');
    const log = logRows(d);
    for (const id of failing) {
      const mine = log.filter((e) => e[2] === id);
      expect(mine.map((e) => `${e[4]}>${e[5]}`)).toEqual(['not exported>staging_failed']);
      expect(mine[0][6]).toMatch(new RegExp(`^Task ${id}: `));
    }
    const byKind = (kind: string) =>
      log.find((e) => e[2] === d.demo.tasks.find((t) => t.kind === kind)!.taskId)![6];
    expect(byKind('deadLink')).toMatch(/does not exist or is not shared with you/);
    expect(byKind('missingObj')).toMatch(/no \.obj file whose name contains/);
    // Nothing of theirs was copied: the batch folder holds a folder per valid task only.
    const batchFolder = d.ws.drive
      .children(d.demo.folders.staging)
      .find((f) => f.name.endsWith(start.batchId))!;
    const folders = d.ws.drive
      .children(batchFolder.id)
      .filter((f) => !f.name.startsWith('Export_'));
    expect(folders.length).toBe(valid.length);
    const progress = call<{ summary?: { failed: Array<{ taskId: string }> } }>(
      d,
      'getJobProgress',
      start.jobId,
    );
    expect(progress.summary!.failed.map((f) => f.taskId).sort()).toEqual([...failing].sort());
  });

  test('a start clicked again after it went through is refused and logs nothing twice', () => {
    const d = demoWorkspace();
    const preview = call<Preview>(d, 'getTasksForStaging', {});
    const failing = preview.perTask.filter((t) => t.problems.length > 0).map((t) => t.taskId);
    const taskIds = preview.selection.tasks
      .map((t) => t.taskId)
      .filter((id) => !failing.includes(id));
    const first = call<Start>(d, 'executeStagingWizard', { filters: {}, taskIds, failing });
    // The tasks are taken (a start cut short is finished instead: the crash sweeps kill it).
    expect(callError(d, 'executeStagingWizard', { filters: {}, taskIds, failing })).toMatch(
      /already in export batch|changed since the preview/,
    );
    d.ws.settle();
    expect(rowOf(d, failing[0])['Export Batch ID']).toBe(first.batchId);
    const log = logRows(d);
    const changes = log.map((e) => e[7]);
    expect(new Set(changes).size).toBe(changes.length);
    for (const id of failing) expect(log.filter((e) => e[2] === id).length).toBe(1);
  });

  test('a task fixed since the preview is staged, not marked failed', () => {
    const d = demoWorkspace();
    const valid = d.demo.tasks.find((t) => t.kind === 'valid')!.taskId;
    const bad = d.demo.tasks.find((t) => t.kind === 'deadLink')!.taskId;
    // The page says a valid task will fail (as if its files were fixed after the preview).
    const start = call<Start>(d, 'executeStagingWizard', {
      filters: {},
      taskIds: [],
      failing: [valid, bad],
    });
    expect(rowOf(d, bad)['Export Status']).toBe('staging_failed');
    expect(rowOf(d, valid)['Export Status']).toBe('staging');
    expect(start.taskCount).toBe(1);
    d.ws.settle();
    expect(rowOf(d, valid)['Export Status']).toBe('staged');
  });

  test('a filter that needs an override says which, in the preview and the live count', () => {
    const d = demoWorkspace();
    const pending = d.demo.tasks.find((t) => t.kind === 'reviewPending')!.taskId;
    const failedReview = d.demo.tasks.find((t) => t.kind === 'reviewFailed')!.taskId;
    const pendingOnly = call<Count>(d, 'countTasksForStaging', { reviewStatuses: ['pending'] });
    expect(pendingOnly.tasks).toBe(0);
    expect(pendingOnly.needOverride.map((x) => x.flag)).toEqual(['includeUnreviewed']);
    expect(pendingOnly.needOverride[0].tasks).toBeGreaterThan(0);
    const withOverride = call<Count>(d, 'countTasksForStaging', {
      reviewStatuses: ['pending'],
      includeUnreviewed: true,
    });
    expect(withOverride.tasks).toBe(pendingOnly.needOverride[0].tasks);
    expect(withOverride.needOverride).toEqual([]);

    const failedOnly = call<Count>(d, 'countTasksForStaging', { reviewStatuses: ['failed'] });
    expect(failedOnly.tasks).toBe(0);
    expect(failedOnly.needOverride.map((x) => x.flag)).toEqual(['includeFailed']);

    const preview = call<Preview>(d, 'getTasksForStaging', {});
    const needs = new Map(preview.selection.needOverride.map((x) => [x.taskId, x.flags]));
    expect(needs.get(pending)).toEqual(['includeUnreviewed']);
    expect(needs.get(failedReview)).toEqual(['includeFailed']);
    const notComplete = d.demo.tasks.find((t) => t.kind === 'notComplete')!.taskId;
    expect(needs.has(notComplete)).toBe(false);

    const all = call<Count>(d, 'countTasksForStaging', {});
    expect(all.tasks).toBe(preview.selection.tasks.length);
  });
});
