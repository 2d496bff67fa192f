import { call, callError, demoWorkspace, rowOf, rows, snapshot } from '../helpers/workspace';

interface Selection {
  tasks: Array<{ taskId: string; reviewStatus: string; reviewScore: number | null; agent: string }>;
  overrides: Array<{ flag: string; warning: string }>;
}
const preview = (d: ReturnType<typeof demoWorkspace>, filters: object) =>
  call<{ selection: Selection }>(d, 'getTasksForStaging', filters).selection;

describe('migration of a legacy tracking sheet (PLAN 7.1)', () => {
  test('adds Export Status and Staged Count after Export Batch ID and infers delivered; twice changes nothing', () => {
    const d = demoWorkspace({ demo: { withExportColumns: false } });
    const legacyHeader = d.ws.sheets.values(d.demo.spreadsheetId, 'Tasks')[0];
    expect(legacyHeader).not.toContain('Export Status');
    call(d, 'getExportFilterOptions');
    const header = d.ws.sheets.values(d.demo.spreadsheetId, 'Tasks')[0];
    const at = header.indexOf('Export Batch ID');
    expect(header.slice(at, at + 3)).toEqual(['Export Batch ID', 'Export Status', 'Staged Count']);
    const exported = d.demo.tasks.filter((t) => t.kind === 'alreadyExported');
    expect(exported.length).toBeGreaterThan(0);
    for (const t of exported) expect(rowOf(d, t.taskId)['Export Status']).toBe('delivered');
    for (const t of d.demo.tasks.filter((t) => t.kind !== 'alreadyExported')) {
      expect(rowOf(d, t.taskId)['Export Status']).toBe('');
    }
    const log = d.ws.sheets.values(d.demo.spreadsheetId, 'Export Log').slice(1);
    expect(log.map((r) => r[2]).sort()).toEqual(exported.map((t) => t.taskId).sort());
    expect(log.every((r) => r[4] === 'not exported' && r[5] === 'delivered')).toBe(true);
    const before = snapshot(d);
    call(d, 'getExportFilterOptions');
    expect(snapshot(d)).toEqual(before);
  });

  test('columns moved by hand are found by their header, wherever they are', () => {
    const d = demoWorkspace();
    const values = d.ws.sheets.values(d.demo.spreadsheetId, 'Tasks');
    // Move "Task ID" to the far right, as an ops person might.
    const moved = values.map((r) => [...r.slice(1), r[0]]);
    d.ws.sheets.setValues(d.demo.spreadsheetId, 'Tasks', moved, 1, 1);
    const listed = preview(d, {}).tasks.map((t) => t.taskId);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((id) => /^TSK-\d+$/.test(id))).toBe(true);
  });
});

describe('queries and filters (PLAN 2.1, 5.1, 5.2)', () => {
  test('filter options come from the data', () => {
    const d = demoWorkspace();
    const options = call<{
      batches: string[];
      agents: string[];
      reviewers: string[];
      reviewStatuses: string[];
      exportStatuses: string[];
    }>(d, 'getExportFilterOptions');
    const all = rows(d);
    expect(options.batches).toEqual([...new Set(all.map((r) => r['Batch ID']))].sort());
    expect(options.agents).toEqual([...new Set(all.map((r) => r['Agent']))].sort());
    expect(options.reviewers).toEqual(
      [...new Set(all.map((r) => r['Reviewer']).filter((r) => r !== ''))].sort(),
    );
    expect(options.reviewStatuses).toEqual(['passed', 'failed', 'pending']);
    expect(options.exportStatuses).toContain('delivery_failed');
  });

  test('default criteria: complete, review passed, not exported', () => {
    const d = demoWorkspace();
    const listed = preview(d, {}).tasks;
    for (const t of listed) {
      const row = rowOf(d, t.taskId);
      expect([row['Status'], row['Review Status'], row['Export Status']]).toEqual([
        'complete',
        'passed',
        '',
      ]);
    }
  });

  test('each override adds its tasks and names itself with a warning', () => {
    const d = demoWorkspace();
    const kindOf = (kind: string) => d.demo.tasks.find((t) => t.kind === kind)!.taskId;
    const base = preview(d, {});
    expect(base.overrides).toEqual([]);
    const unreviewed = preview(d, { includeUnreviewed: true });
    expect(unreviewed.tasks.map((t) => t.taskId)).toContain(kindOf('reviewPending'));
    expect(unreviewed.overrides.map((o) => o.flag)).toEqual(['includeUnreviewed']);
    const failed = preview(d, { includeFailed: true });
    expect(failed.tasks.map((t) => t.taskId)).toContain(kindOf('reviewFailed'));
    expect(failed.overrides[0].warning).toMatch(/FAILED review/);
    const again = preview(d, { includeAlreadyExported: true });
    expect(again.tasks.map((t) => t.taskId)).toContain(kindOf('alreadyExported'));
    expect(again.overrides[0].warning).toMatch(/reach the client twice/);
    expect(preview(d, {}).tasks.map((t) => t.taskId)).not.toContain(kindOf('notComplete'));
  });

  test('review status, score range, reviewer, agent, batch and date filters narrow the list', () => {
    const d = demoWorkspace({ demo: { tasks: 40 } });
    const everything = preview(d, { includeUnreviewed: true, includeFailed: true }).tasks;
    const one = everything[0];
    const byAgent = preview(d, {
      includeUnreviewed: true,
      includeFailed: true,
      agents: [one.agent],
    });
    expect(byAgent.tasks.every((t) => t.agent === one.agent)).toBe(true);
    expect(byAgent.tasks.length).toBeLessThan(everything.length);
    const scored = preview(d, { reviewScoreMin: 80, reviewScoreMax: 100 }).tasks;
    expect(scored.every((t) => (t.reviewScore ?? -1) >= 80)).toBe(true);
    const failedOnly = preview(d, { includeFailed: true, reviewStatuses: ['failed'] }).tasks;
    expect(failedOnly.length).toBeGreaterThan(0);
    expect(failedOnly.every((t) => t.reviewStatus === 'failed')).toBe(true);
    expect(preview(d, { dateFrom: '2099-01-01' }).tasks).toEqual([]);
    expect(preview(d, { batchIds: ['no-such-batch'] }).tasks).toEqual([]);
  });

  test('bad filter values are named', () => {
    const d = demoWorkspace();
    expect(callError(d, 'getTasksForStaging', { reviewScoreMin: 'high' })).toMatch(
      /"high" is not a number/,
    );
    expect(callError(d, 'getTasksForStaging', { dateFrom: '24/11/2026' })).toMatch(
      /use YYYY-MM-DD/,
    );
    expect(callError(d, 'getTasksForStaging', { reviewScoreMin: 90, reviewScoreMax: 10 })).toMatch(
      /minimum review score is higher/,
    );
    expect(callError(d, 'getTasksForStaging', 'all')).toMatch(/filters could not be read/);
  });

  test('staged batches are grouped with count, date and staging folder link', () => {
    const d = demoWorkspace();
    const taskIds = preview(d, {}).tasks.map((t) => t.taskId);
    const start = call<{ batchId: string }>(d, 'executeStagingWizard', { filters: {}, taskIds });
    expect(call<unknown[]>(d, 'getStagedExportBatches')).toEqual([]);
    d.ws.settle();
    const batches = call<
      Array<{ batchId: string; taskCount: number; createdDate: string; stagingFolderUrl: string }>
    >(d, 'getStagedExportBatches');
    expect(batches).toHaveLength(1);
    expect(batches[0].batchId).toBe(start.batchId);
    expect(batches[0].taskCount).toBe(d.demo.tasks.filter((t) => t.kind === 'valid').length);
    expect(new Date(batches[0].createdDate).getTime()).toBeGreaterThan(0);
    expect(batches[0].stagingFolderUrl).toMatch(/^https:\/\/drive\.google\.com\/drive\/folders\//);
  });

  test('the preview estimates files and bytes per task and in total', () => {
    const d = demoWorkspace();
    const p = call<{
      fileCount: number;
      totalBytes: number;
      perTask: Array<{ taskId: string; files: number; bytes: number; problems: string[] }>;
    }>(d, 'getTasksForStaging', {});
    const valid = d.demo.tasks.filter((t) => t.kind === 'valid');
    for (const t of valid) {
      const est = p.perTask.find((x) => x.taskId === t.taskId)!;
      expect(est.files).toBe(t.expectedFiles);
      const bytes = t.fileIds.reduce((s, id) => s + d.ws.drive.get(id)!.size, 0);
      expect(est.bytes).toBe(bytes);
    }
    // The total is what staging copies: a task whose files fail the check copies nothing.
    const ready = p.perTask.filter((t) => t.problems.length === 0);
    expect(p.totalBytes).toBe(ready.reduce((s, t) => s + t.bytes, 0));
  });
});

describe('the sidebar drives slices; the lock keeps it safe', () => {
  test('continueJob drives the job to its end with progress readable on the way', () => {
    const d = demoWorkspace();
    d.ws.properties.script.set('EXPORT_SIDEBAR_SLICE_MS', '400');
    const taskIds = preview(d, {}).tasks.map((t) => t.taskId);
    const start = call<{ jobId: string }>(d, 'executeStagingWizard', { filters: {}, taskIds });
    const seen: number[] = [];
    for (let i = 0; i < 200; i++) {
      const p = call<{ finished: boolean; done: number; total: number }>(
        d,
        'continueJob',
        start.jobId,
      );
      seen.push(p.done);
      expect(p.total).toBe(taskIds.length);
      if (p.finished) break;
    }
    expect(seen.length).toBeGreaterThan(2);
    expect(seen[seen.length - 1]).toBe(taskIds.length);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    const last = call<{ finished: boolean; summary: { succeeded: number } }>(
      d,
      'getJobProgress',
      start.jobId,
    );
    expect(last.finished).toBe(true);
    expect(last.summary.succeeded).toBe(d.demo.tasks.filter((t) => t.kind === 'valid').length);
    expect(d.ws.triggers.list()).toEqual([]);
  });

  test('a trigger slice that fires while the sidebar holds the job is told busy and does nothing', () => {
    const d = demoWorkspace();
    const taskIds = preview(d, {}).tasks.map((t) => t.taskId);
    const start = call<{ jobId: string }>(d, 'executeStagingWizard', { filters: {}, taskIds });
    let raced: { ok: boolean; value?: unknown } | null = null;
    const stop = d.ws.runtime.onCall((c) => {
      if (raced || c.method !== 'drive.files.copy') return;
      raced = d.ws.callFromPage('continueJob', [start.jobId]);
    });
    call(d, 'continueJob', start.jobId);
    stop();
    expect(raced!.ok).toBe(true);
    expect((raced!.value as { busy: boolean }).busy).toBe(true);
    d.ws.settle();
    expect(call<{ finished: boolean }>(d, 'getJobProgress', start.jobId).finished).toBe(true);
  });

  test('getJobProgress of an unknown job says so plainly', () => {
    const d = demoWorkspace();
    expect(callError(d, 'getJobProgress', 'stage-NOPE')).toMatch(
      /There is no export job "stage-NOPE"/,
    );
  });
});
