/**
 * The Export Log is exactly once (issue 12, DESIGN invariant 1): each status change is logged in
 * one row, which carries the change's identity, however the execution making it ends, and a
 * change that was made is never reported as a failure. Each test cuts an execution short at the
 * one place that matters (after the sheet was written and before the log, or the other way
 * round), then goes on as a person, the triggers and the watchdog would.
 */
import type { CallInfo } from '../../emulator';
import { exportLog } from '../helpers/bad-inputs';
import { Progress, deliver, stageAll, validTasks } from '../helpers/delivery';
import { during } from '../helpers/sweep';
import {
  Demo,
  call,
  callError,
  clearRegistryRow,
  demoWorkspace,
  registryRecords,
  rowOf,
  setSliceBudget,
} from '../helpers/workspace';

const OWNER = 'ops@example.com';

function previewIds(d: Demo, filters: Record<string, unknown> = {}): string[] {
  return call<{ selection: { tasks: Array<{ taskId: string }> } }>(
    d,
    'getTasksForStaging',
    filters,
  ).selection.tasks.map((t) => t.taskId);
}

/** The calls of the executions of `fn`. */
const inFn = (d: Demo, fn: string) => (c: CallInfo) =>
  d.ws.runtime.executions[c.executionId - 1]?.fn === fn;

/**
 * The next execution of `fn` dies at its `nth` write of `sheet`: `after` the write took effect
 * (its answer lost), or before. (A new Export Log's first write is its header.)
 */
function killAtWrite(d: Demo, fn: string, sheet: string, after: boolean, nth = 1): void {
  d.ws.faults.add({
    kind: after ? 'killAfter' : 'kill',
    nth,
    match: (c) => c.method === 'Range.setValues' && c.detail === sheet && inFn(d, fn)(c),
  });
}

function killed(d: Demo, fn: string, ...args: unknown[]): void {
  const result = d.ws.callFromPage(fn, args);
  expect(result.killed).toBe(true);
}

/** The task's Export Log rows, as "from > to". */
function changesOf(d: Demo, taskId: string): string[] {
  return exportLog(d)
    .filter((r) => r.taskId === taskId)
    .map((r) => `${r.from} > ${r.to}`);
}

/** Every Change id of the log is there and unique. */
function expectIdentities(d: Demo): void {
  const ids = exportLog(d).map((r) => r.change);
  expect(ids.filter((id) => id === '')).toEqual([]);
  expect(new Set(ids).size).toBe(ids.length);
}

/** The batch the sheet shows the task in. */
const batchOf = (d: Demo, taskId: string) => String(rowOf(d, taskId)['Export Batch ID']);

const summaryOf = (d: Demo, jobId: string) => call<Progress>(d, 'getJobProgress', jobId);

describe('a claim cut short after the sheet was written', () => {
  test('staging: the first slice logs each claim once, and reports no task failed for it', () => {
    const d = demoWorkspace();
    const ids = previewIds(d);
    killAtWrite(d, 'executeStagingWizard', 'Tasks', true);
    killed(d, 'executeStagingWizard', { filters: {}, taskIds: ids });
    const batchId = batchOf(d, ids[0]);
    for (const id of ids) expect(rowOf(d, id)['Export Status']).toBe('staging');
    expect(exportLog(d).filter((r) => r.to === 'staging')).toEqual([]);
    d.ws.settle();

    for (const id of ids) {
      const claims = exportLog(d).filter((r) => r.taskId === id && r.to === 'staging');
      expect(claims).toEqual([
        expect.objectContaining({
          from: 'not exported',
          user: OWNER,
          batchId,
          reason: `Selected for export batch ${batchId}.`,
          change: expect.stringMatching(new RegExp(`^stage-${batchId}@.+:${id}:claim$`)),
        }),
      ]);
    }
    const progress = summaryOf(d, `stage-${batchId}`);
    expect(progress).toMatchObject({ finished: true, succeeded: validTasks(d).length });
    for (const f of progress.summary!.failed) expect(f.reason).not.toMatch(/changed in the sheet/);
    expectIdentities(d);
  });

  test('delivery: the first slice logs each claim once, from staged, and every task is delivered', () => {
    const d = demoWorkspace();
    const batchId = stageAll(d);
    killAtWrite(d, 'executeDeliveryWizard', 'Tasks', true);
    killed(d, 'executeDeliveryWizard', batchId, d.demo.folders.clientAcme);
    d.ws.settle();
    for (const t of validTasks(d)) {
      expect(rowOf(d, t.taskId)['Export Status']).toBe('delivered');
      expect(changesOf(d, t.taskId)).toEqual([
        'not exported > staging',
        'staging > staged',
        'staged > delivering',
        'delivering > delivered',
      ]);
    }
    const progress = summaryOf(d, `deliver-${batchId}`);
    expect(progress).toMatchObject({ finished: true, succeeded: validTasks(d).length, failed: 0 });
    expectIdentities(d);
  });

  test('a retry of failed staging: its claim is logged once, from staging_failed', () => {
    const d = demoWorkspace();
    const batchId = stageAll(d);
    const failed = d.demo.tasks.find((t) => t.kind === 'missingMp4')!.taskId;
    killAtWrite(d, 'retryFailedStagingTasks', 'Tasks', true);
    killed(d, 'retryFailedStagingTasks', batchId, [failed]);
    expect(rowOf(d, failed)['Export Status']).toBe('staging');
    d.ws.settle();
    expect(changesOf(d, failed)).toEqual([
      'not exported > staging',
      'staging > staging_failed',
      'staging_failed > staging',
      'staging > staging_failed',
    ]);
    const retried = exportLog(d).filter((r) => r.taskId === failed)[2];
    expect(retried.reason).toBe('Staging retried from Resume failed exports.');
    // Its files are still missing: it fails for that, not for its claim.
    const progress = summaryOf(d, `stage-${batchId}`);
    expect(progress.summary!.failed).toEqual([
      { taskId: failed, reason: expect.stringMatching(/no \.mp4 file/) },
    ]);
    expectIdentities(d);
  });
});

describe('a start clicked again after a start cut short', () => {
  /** The start dies when it claims, once it has registered its job and made the batch folder. */
  function killedBeforeClaim(d: Demo): string[] {
    const ids = previewIds(d);
    killAtWrite(d, 'executeStagingWizard', 'Tasks', false);
    killed(d, 'executeStagingWizard', { filters: {}, taskIds: ids });
    for (const id of ids) expect(rowOf(d, id)['Export Status']).toBe('');
    expect(registryRecords(d).size).toBe(1);
    return ids;
  }

  function expectOneBatch(d: Demo, ids: readonly string[], batchId: string): void {
    expect([...registryRecords(d).keys()]).toEqual([batchId]);
    const made = d.ws.drive
      .children(d.demo.folders.staging)
      .filter((f) => f.name.startsWith('Export_'));
    expect(made.map((f) => f.name)).toEqual([expect.stringMatching(new RegExp(`_${batchId}$`))]);
    for (const id of ids) {
      expect(batchOf(d, id)).toBe(batchId);
      expect(changesOf(d, id).filter((c) => c.endsWith('> staging'))).toEqual([
        'not exported > staging',
      ]);
    }
    const progress = summaryOf(d, `stage-${batchId}`);
    expect(progress).toMatchObject({ finished: true, succeeded: validTasks(d).length });
    expectIdentities(d);
  }

  test('finishes that start: one batch folder, one batch record, each task claimed once', () => {
    const d = demoWorkspace();
    const ids = killedBeforeClaim(d);
    const [batchId] = [...registryRecords(d).keys()];
    // The preview still offers the tasks; the person starts them again at once.
    expect(previewIds(d)).toEqual(ids);
    const again = call<{ jobId: string; batchId: string; taskCount: number }>(
      d,
      'executeStagingWizard',
      { filters: {}, taskIds: ids },
    );
    expect(again).toEqual({ jobId: `stage-${batchId}`, batchId, taskCount: ids.length });
    for (const id of ids) expect(rowOf(d, id)['Export Status']).toBe('staging');
    d.ws.settle();
    expectOneBatch(d, ids, batchId);
  });

  test('while a slice of that job is at it: the start follows the job, whose slice claims', () => {
    const d = demoWorkspace();
    const ids = killedBeforeClaim(d);
    const [batchId] = [...registryRecords(d).keys()];
    const lease = JSON.stringify({ holder: 'a slice', until: d.ws.clock.now() + 60_000 });
    d.ws.properties.script.set(`exportLease.stage-${batchId}`, lease);
    const again = call<{ jobId: string; batchId: string }>(d, 'executeStagingWizard', {
      filters: {},
      taskIds: ids,
    });
    expect(again).toMatchObject({ jobId: `stage-${batchId}`, batchId });
    for (const id of ids) expect(rowOf(d, id)['Export Status']).toBe('');
    d.ws.settle();
    expectOneBatch(d, ids, batchId);
  });
});

describe('the migration of legacy rows', () => {
  const legacyIds = (d: Demo) =>
    d.demo.tasks.filter((t) => t.kind === 'alreadyExported').map((t) => t.taskId);

  test.each([
    // The log is made by this first page: its header is its first write, the rows its second.
    ['after its log rows, before the sheet', 'Export Log', 2],
    ['after the sheet', 'Tasks', 1],
  ])(
    'cut short %s: the next page marks each legacy row delivered, logged once',
    (_, sheet, nth) => {
      const d = demoWorkspace();
      const legacy = legacyIds(d);
      expect(legacy.length).toBeGreaterThan(0);
      killAtWrite(d, 'getTasksForStaging', sheet, true, nth);
      killed(d, 'getTasksForStaging', {});
      previewIds(d);
      previewIds(d);
      for (const id of legacy) {
        expect(rowOf(d, id)['Export Status']).toBe('delivered');
        expect(exportLog(d).filter((r) => r.taskId === id)).toEqual([
          expect.objectContaining({
            from: 'not exported',
            to: 'delivered',
            change: expect.stringMatching(new RegExp(`^migration:${id}:`)),
          }),
        ]);
      }
      expectIdentities(d);
    },
  );

  test('waits for an export writing the sheet, and says so when it cannot, changing nothing', () => {
    const d = demoWorkspace();
    const apps = d.ws.globals() as unknown as {
      LockService: GoogleAppsScript.Lock.LockService;
      Utilities: GoogleAppsScript.Utilities.Utilities;
    };
    // Another execution holds the script lock (its third call comes once it has the lock).
    const race = during(d, 'holdsTheLock', 3, () => d.ws.callFromPage('getTasksForStaging', [{}]));
    d.ws.execute(
      () => {
        apps.LockService.getScriptLock().tryLock(1000);
        apps.Utilities.sleep(1);
      },
      { fn: 'holdsTheLock' },
    );
    race.stop();
    expect(race.result()?.error).toMatch(
      /The sheet is being updated by an export right now, so it cannot be read yet\. Try again in a moment\./,
    );
    for (const id of legacyIds(d)) expect(rowOf(d, id)['Export Status']).toBe('');
    // Once the lock is free, the preview migrates them.
    previewIds(d);
    for (const id of legacyIds(d)) expect(changesOf(d, id)).toEqual(['not exported > delivered']);
  });
});

describe('changes made outside a job, cut short', () => {
  test.each([
    ['after its log row, before the sheet', 'Export Log'],
    ['after the sheet', 'Tasks'],
  ])('a manual change cut short %s, asked again: made once, logged once', (_, sheet) => {
    const d = demoWorkspace();
    stageAll(d);
    const task = d.demo.tasks.find((t) => t.kind === 'deadLink')!.taskId;
    killAtWrite(d, 'resetTaskExportStatus', sheet, true);
    killed(d, 'resetTaskExportStatus', task, '', 'link fixed');
    call(d, 'resetTaskExportStatus', task, '', 'link fixed');
    expect(rowOf(d, task)['Export Status']).toBe('');
    expect(changesOf(d, task)).toEqual([
      'not exported > staging',
      'staging > staging_failed',
      'staging_failed > not exported',
    ]);
    expect(exportLog(d).at(-1)).toMatchObject({ user: OWNER, reason: 'Manual change: link fixed' });
    expectIdentities(d);
  });

  test('an interrupted staging marked failed by a watchdog round cut short after its log rows: failed and logged once', () => {
    const d = demoWorkspace();
    setSliceBudget(d, 1000);
    const ids = previewIds(d);
    const { batchId } = call<{ batchId: string }>(d, 'executeStagingWizard', {
      filters: {},
      taskIds: ids,
    });
    for (const key of d.ws.properties.script.keys()) {
      if (key.startsWith('exportJob')) d.ws.properties.script.delete(key);
    }
    for (const t of d.ws.triggers.list()) {
      if (t.handlerFunction === 'runExportJobs') d.ws.triggers.remove(t.uid);
    }
    clearRegistryRow(d, batchId);
    const inFlight = ids.filter((id) => rowOf(d, id)['Export Status'] === 'staging');
    expect(inFlight.length).toBeGreaterThan(0);
    killAtWrite(d, 'runExportWatchdog', 'Export Log', true);
    d.ws.settle();
    for (const id of inFlight) {
      expect(rowOf(d, id)['Export Status']).toBe('staging_failed');
      const failures = exportLog(d).filter((r) => r.taskId === id && r.to === 'staging_failed');
      expect(failures).toHaveLength(1);
      expect(failures[0].reason).toMatch(/its interrupted staging could not be resumed/);
    }
    expectIdentities(d);
    expect(d.ws.triggers.list()).toEqual([]);
  });

  test('a clean-up cut short after its log rows, run again: each old failure reset and logged once', () => {
    const d = demoWorkspace();
    stageAll(d);
    const failed = d.demo.tasks
      .filter((t) => rowOf(d, t.taskId)['Export Status'] === 'staging_failed')
      .map((t) => t.taskId);
    expect(failed.length).toBeGreaterThan(0);
    d.ws.advance(40 * 24 * 60 * 60 * 1000);
    killAtWrite(d, 'cleanupFailedExports', 'Export Log', true);
    killed(d, 'cleanupFailedExports', 30);
    const again = call<{ reset: Array<{ taskId: string }> }>(d, 'cleanupFailedExports', 30);
    expect(again.reset.map((r) => r.taskId).sort()).toEqual([...failed].sort());
    for (const id of failed) {
      expect(rowOf(d, id)['Export Status']).toBe('');
      expect(changesOf(d, id)).toEqual([
        'not exported > staging',
        'staging > staging_failed',
        'staging_failed > not exported',
      ]);
    }
    expectIdentities(d);
  });
});

test('a delivered task staged again on purpose is claimed from delivered, and logged so', () => {
  const d = demoWorkspace();
  const batchId = stageAll(d);
  deliver(d, batchId);
  d.ws.settle();
  const [again] = validTasks(d).map((t) => t.taskId);
  expect(previewIds(d)).not.toContain(again);
  const ids = previewIds(d, { includeAlreadyExported: true });
  expect(ids).toContain(again);
  const start = call<{ batchId: string }>(d, 'executeStagingWizard', {
    filters: { includeAlreadyExported: true },
    taskIds: [again],
  });
  d.ws.settle();
  expect(rowOf(d, again)).toMatchObject({
    'Export Status': 'staged',
    'Export Batch ID': start.batchId,
  });
  expect(changesOf(d, again).slice(-2)).toEqual(['delivered > staging', 'staging > staged']);
  expect(exportLog(d).filter((r) => r.taskId === again)[4].reason).toBe(
    `Selected again for export batch ${start.batchId}; it was delivered before.`,
  );
  expectIdentities(d);
});

describe('where Google gives a blank active user', () => {
  /** A consumer workspace: nobody but the owner is told their address by getActiveUser. */
  function colleagues(): { d: Demo; other: string } {
    const d = demoWorkspace({ ws: { blankActiveUser: true } });
    const other = d.demo.users.other;
    for (const id of [d.demo.spreadsheetId, d.demo.folders.staging, d.demo.folders.clientAcme]) {
      d.ws.drive.share(id, other, 'editor');
    }
    d.ws.drive.share(d.demo.folders.production, other, 'viewer');
    return { d, other };
  }

  function asOther<T>(d: Demo, other: string, fn: string, ...args: unknown[]): T {
    const result = d.ws.callFromPage<T>(fn, args, { user: other });
    expect(result.error).toBeUndefined();
    return result.value as T;
  }

  /** The colleague selects every task the wizard offers and starts staging them. */
  function stageAsOther(d: Demo, other: string): { ids: string[]; batchId: string } {
    const ids = asOther<{ selection: { tasks: Array<{ taskId: string }> } }>(
      d,
      other,
      'getTasksForStaging',
      {},
    ).selection.tasks.map((t) => t.taskId);
    const { batchId } = asOther<{ batchId: string }>(d, other, 'executeStagingWizard', {
      filters: {},
      taskIds: ids,
    });
    return { ids, batchId };
  }

  test('a colleague stages and delivers: the Export Log, the batch record and its delivery name them', () => {
    const { d, other } = colleagues();
    setSliceBudget(d, 1000);
    const { ids, batchId } = stageAsOther(d, other);
    d.ws.settle();
    const { jobId } = asOther<{ jobId: string }>(
      d,
      other,
      'executeDeliveryWizard',
      batchId,
      d.demo.folders.clientAcme,
    );
    // The owner's open sidebar drives the delivery.
    while (!call<Progress>(d, 'continueJob', jobId).finished);
    d.ws.settle();

    const rows = exportLog(d).filter((r) => r.batchId === batchId);
    const delivered = ids.filter((id) => rowOf(d, id)['Export Status'] === 'delivered');
    expect(delivered.length).toBeGreaterThanOrEqual(validTasks(d).length);
    expect(rows.length).toBe(ids.length * 2 + delivered.length * 2);
    expect(new Set(rows.map((r) => r.user))).toEqual(new Set([other]));
    const record = registryRecords(d).get(batchId)!;
    expect(record.createdBy).toBe(other);
    expect((record.deliveries as Array<{ by: string }>).map((x) => x.by)).toEqual([other]);
  });

  test.each(['staging', 'delivery'] as const)(
    'a %s job the owner’s watchdog rebuilds is still the colleague’s in the Export Log',
    (phase) => {
      const { d, other } = colleagues();
      setSliceBudget(d, 1000);
      const { ids, batchId } = stageAsOther(d, other);
      if (phase === 'delivery') {
        d.ws.settle();
        asOther(d, other, 'executeDeliveryWizard', batchId, d.demo.folders.clientAcme);
      }
      // The job's state is lost; the owner's watchdog (a job of theirs armed it) finds its tasks.
      for (const key of d.ws.properties.script.keys()) {
        if (key.startsWith('exportJob')) d.ws.properties.script.delete(key);
      }
      for (const t of d.ws.triggers.list()) d.ws.triggers.remove(t.uid);
      expect(d.ws.run('runExportWatchdog', [], { user: OWNER }).ok).toBe(true);
      d.ws.settle();
      const to = phase === 'staging' ? 'staged' : 'delivered';
      // The colleague can open a file the owner cannot: one more of their tasks is staged.
      const done = ids.filter((id) => rowOf(d, id)['Export Status'] === to);
      expect(done.length).toBeGreaterThanOrEqual(validTasks(d).length);
      const results = exportLog(d).filter((r) => r.batchId === batchId && r.to === to);
      expect(results.map((r) => r.taskId).sort()).toEqual(done.sort());
      expect(new Set(results.map((r) => r.user))).toEqual(new Set([other]));
    },
  );

  test('a manual change by a colleague names them', () => {
    const { d, other } = colleagues();
    stageAll(d);
    const task = d.demo.tasks.find((t) => t.kind === 'deadLink')!.taskId;
    asOther(d, other, 'resetTaskExportStatus', task, '', 'link fixed');
    expect(exportLog(d).at(-1)).toMatchObject({ user: other, taskId: task, to: 'not exported' });
  });
});

test('a manual change asked for twice by mistake is made and logged once, and is not an error', () => {
  const d = demoWorkspace();
  stageAll(d);
  const task = d.demo.tasks.find((t) => t.kind === 'deadLink')!.taskId;
  call(d, 'resetTaskExportStatus', task, '', 'link fixed');
  call(d, 'resetTaskExportStatus', task, '', 'link fixed');
  expect(changesOf(d, task).slice(-1)).toEqual(['staging_failed > not exported']);
  expect(changesOf(d, task)).toHaveLength(3);
  // A change the state machine refuses still is one.
  expect(callError(d, 'resetTaskExportStatus', task, 'delivered', 'x')).toMatch(/cannot change/);
});
