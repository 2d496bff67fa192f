import {
  Demo,
  call,
  callError,
  demoWorkspace,
  rowOf,
  setSliceBudget,
  snapshot,
  stagingOutcome,
  clearRegistryRow,
} from '../helpers/workspace';
import {
  Progress,
  deliver,
  deliveryOutcome,
  jobKeys,
  stageAll,
  validTasks,
} from '../helpers/delivery';

interface Recovery {
  action: string;
  jobId: string | null;
  taskCount: number;
  failed: Array<{ taskId: string; reason: string }>;
  message: string;
}

function previewIds(d: Demo): string[] {
  return call<{ selection: { tasks: Array<{ taskId: string }> } }>(
    d,
    'getTasksForStaging',
    {},
  ).selection.tasks.map((t) => t.taskId);
}

function startStaging(d: Demo, taskIds = previewIds(d)): { jobId: string; batchId: string } {
  return call(d, 'executeStagingWizard', { filters: {}, taskIds });
}

/** The export sheet's Task IDs (its rows), found by name anywhere in Drive. */
function exportSheetIds(d: Demo, batchId: string): string[] {
  const sheets = d.ws.drive.all().filter((i) => i.name === `Export_${batchId}_Data` && !i.trashed);
  expect(sheets).toHaveLength(1);
  const book = d.ws.sheets.get(sheets[0].id)!;
  return d.ws.sheets
    .values(sheets[0].id, book.sheets[0].name)
    .slice(1)
    .map((r) => String(r[0]))
    .sort();
}

function dropJobState(d: Demo): void {
  for (const key of d.ws.properties.script.keys()) {
    if (key.startsWith('exportJob')) d.ws.properties.script.delete(key);
  }
  for (const t of d.ws.triggers.list()) {
    if (t.handlerFunction === 'runExportJobs') d.ws.triggers.remove(t.uid);
  }
}

const stagingBaseline = (() => {
  let cached: ReturnType<typeof stagingOutcome> | null = null;
  return () => {
    if (cached) return cached;
    const d = demoWorkspace();
    const s = startStaging(d);
    d.ws.settle();
    return (cached = stagingOutcome(d, s.batchId));
  };
})();

describe('recovery: resume and retry, each safe to run twice', () => {
  test('staging whose job state was lost is rebuilt by the watchdog; the export sheet lists every staged task once', () => {
    const d = demoWorkspace();
    setSliceBudget(d, 1000);
    const before = jobKeys(d);
    const s = startStaging(d);
    const statuses = () => d.demo.tasks.map((t) => rowOf(d, t.taskId)['Export Status']);
    for (let i = 0; i < 20 && !statuses().includes('staged'); i++) d.ws.advance(60 * 1000);
    expect(statuses()).toContain('staging');
    dropJobState(d);
    d.ws.settle();
    expect(stagingOutcome(d, s.batchId)).toEqual(stagingBaseline());
    expect(exportSheetIds(d, s.batchId)).toEqual(
      validTasks(d)
        .map((t) => t.taskId)
        .sort(),
    );
    expect(d.ws.triggers.list()).toEqual([]);
    expect(jobKeys(d)).toEqual(before);
  });

  test.each(['executeStagingWizard', 'executeDeliveryWizard'])(
    '%s killed just after claiming its tasks: the job claims again and ends as if nothing happened',
    (fn) => {
      const d = demoWorkspace();
      const batchId = fn === 'executeDeliveryWizard' ? stageAll(d) : null;
      const expected =
        fn === 'executeDeliveryWizard'
          ? (() => {
              const twin = demoWorkspace();
              const b = stageAll(twin);
              deliver(twin, b);
              twin.ws.settle();
              return deliveryOutcome(twin, b);
            })()
          : stagingBaseline();
      const ids = batchId ? [] : previewIds(d);
      // The claim is the start's first write to the sheet: it lands, then the execution dies.
      d.ws.faults.add({
        kind: 'killAfter',
        nth: 1,
        match: (c) => c.method === 'Range.setValues' && c.detail === 'Tasks',
      });
      const result = batchId
        ? d.ws.callFromPage(fn, [batchId, d.demo.folders.clientAcme])
        : d.ws.callFromPage(fn, [{ filters: {}, taskIds: ids }]);
      expect(result.killed).toBe(true);
      const runs = d.ws.settle();
      expect(runs.every((r) => r.ok)).toBe(true);
      // The continuation finished the job itself: no watchdog round was needed.
      expect(runs.filter((r) => r.execution.fn === 'runExportWatchdog')).toEqual([]);
      const id = batchId ?? String(rowOf(d, validTasks(d)[0].taskId)['Export Batch ID']);
      if (batchId) expect(deliveryOutcome(d, id)).toEqual(expected);
      else expect(stagingOutcome(d, id)).toEqual(expected);
      // Nobody was told a task "changed in the sheet": the summary holds validation failures only.
      const summary = call<Progress>(
        d,
        'getJobProgress',
        `${batchId ? 'deliver' : 'stage'}-${id}`,
      ).summary!;
      for (const f of summary.failed) expect(f.reason).not.toMatch(/changed in the sheet|left out/);
      expect(d.ws.triggers.list()).toEqual([]);
    },
  );

  test('retryFailedStagingTasks: a fixed task is staged, the export sheet gains it, and a second call is refused', () => {
    const d = demoWorkspace();
    const s = startStaging(d);
    d.ws.settle();
    const trashed = d.demo.tasks.find((t) => t.kind === 'trashedFile')!;
    expect(rowOf(d, trashed.taskId)['Export Status']).toBe('staging_failed');
    d.ws.drive.untrash(trashed.badFileId!);

    const retry = call<Recovery>(d, 'retryFailedStagingTasks', s.batchId, [trashed.taskId]);
    expect(retry).toMatchObject({ action: 'retryFailedStagingTasks', taskCount: 1, failed: [] });
    expect(rowOf(d, trashed.taskId)['Export Status']).toBe('staging');
    // Twice, or while it runs: refused plainly, nothing doubled.
    const during = snapshot(d);
    expect(callError(d, 'retryFailedStagingTasks', s.batchId, [trashed.taskId])).toMatch(
      new RegExp(`Export batch ${s.batchId} is still being staged`),
    );
    expect(callError(d, 'resumeFailedStaging', s.batchId)).toMatch(/is still being staged/);
    expect(snapshot(d)).toEqual(during);
    d.ws.settle();

    expect(rowOf(d, trashed.taskId)['Export Status']).toBe('staged');
    expect(rowOf(d, trashed.taskId)['Staged Count']).toBe(trashed.fileIds.length);
    expect(exportSheetIds(d, s.batchId)).toEqual(
      [...validTasks(d).map((t) => t.taskId), trashed.taskId].sort(),
    );
    const log = d.ws.sheets.values(d.demo.spreadsheetId, 'Export Log').slice(1);
    expect(log.filter((e) => e[2] === trashed.taskId).map((e) => e[5])).toEqual([
      'staging',
      'staging_failed',
      'staging',
      'staged',
    ]);
    const after = snapshot(d);
    expect(callError(d, 'retryFailedStagingTasks', s.batchId, [trashed.taskId])).toMatch(
      new RegExp(
        `These tasks did not fail staging in export batch ${s.batchId}: ${trashed.taskId}`,
      ),
    );
    expect(snapshot(d)).toEqual(after);
  });

  test('nothing to resume, an unknown batch, or the lock held by another execution: refused, nothing changed', () => {
    const d = demoWorkspace();
    const batchId = stageAll(d);
    const before = snapshot(d);
    expect(callError(d, 'resumeFailedStaging', batchId)).toMatch(
      new RegExp(
        `Nothing to resume in export batch ${batchId}: no task of it is still being staged`,
      ),
    );
    expect(callError(d, 'resumeFailedDelivery', batchId)).toMatch(
      /no task of it is still being delivered/,
    );
    expect(callError(d, 'retryFailedDelivery', batchId, null)).toMatch(
      new RegExp(`No delivery of export batch ${batchId} failed`),
    );
    expect(callError(d, 'resumeFailedStaging', '')).toMatch(/Choose an export batch first/);
    expect(snapshot(d)).toEqual(before);

    // While another execution holds the script lock (a start, or a commit of another batch), a
    // recovery call is told to wait; a running slice no longer holds it.
    d.ws.locks.holdExternally('script', d.ws.clock.now() + 60_000);
    const answer = d.ws.callFromPage('retryFailedStagingTasks', [batchId, null]);
    expect(answer.ok).toBe(false);
    expect(snapshot(d)).toEqual(before);
    // During another delivery's slice of the same batch, it is told what runs instead.
    d.ws.advance(61_000);
    setSliceBudget(d, 1000);
    const start = deliver(d, batchId);
    let fired = false;
    let during: ReturnType<typeof d.ws.callFromPage> | null = null;
    const stop = d.ws.runtime.onCall((c) => {
      if (fired || c.method !== 'Range.getValues' || d.ws.runtime.current().fn !== 'continueJob') {
        return;
      }
      fired = true;
      during = d.ws.callFromPage('retryFailedStagingTasks', [batchId, null]);
    });
    call(d, 'continueJob', start.jobId);
    stop();
    expect(during!.ok).toBe(false);
    expect(during!.error).toMatch(/is already being delivered \(started by ops@example\.com/);
    expect(answer.error).toMatch(/Another export is being started or changed right now/);
  });

  test('an interrupted delivery whose client folder is gone: its tasks fail with the reason, then a retry into another folder delivers them', () => {
    const d = demoWorkspace();
    const batchId = stageAll(d);
    setSliceBudget(d, 1000);
    deliver(d, batchId);
    dropJobState(d);
    d.ws.drive.trash(d.demo.folders.clientAcme);
    const listed = call<{ items: Array<{ batchId: string; action: string; taskIds: string[] }> }>(
      d,
      'listRecoverableExports',
    );
    expect(listed.items).toContainEqual(
      expect.objectContaining({ batchId, action: 'resumeFailedDelivery' }),
    );
    const resumed = call<Recovery>(d, 'resumeFailedDelivery', batchId);
    expect(resumed.jobId).toBeNull();
    expect(resumed.failed).toHaveLength(validTasks(d).length);
    for (const f of resumed.failed) {
      expect(f.reason).toMatch(
        /its interrupted delivery could not be resumed: The client folder "Acme Corp" is in the trash/,
      );
      expect(rowOf(d, f.taskId)['Export Status']).toBe('delivery_failed');
    }
    const other = d.ws.drive.createFolder({
      name: 'Acme Corp (new share)',
      parentId: d.demo.folders.clients,
      owner: d.ws.owner,
    });
    const retry = call<Recovery>(d, 'retryFailedDelivery', batchId, other.id);
    expect(retry.taskCount).toBe(validTasks(d).length);
    d.ws.settle();
    for (const t of validTasks(d)) expect(rowOf(d, t.taskId)['Export Status']).toBe('delivered');
    expect(deliveryOutcome(d, batchId, other.id).files.length).toBeGreaterThan(0);
    expect(d.ws.triggers.list()).toEqual([]);
  });

  test('staging that cannot be resumed (its record is gone): the watchdog marks its tasks failed with the reason, then leaves', () => {
    const d = demoWorkspace();
    setSliceBudget(d, 1000);
    const s = startStaging(d);
    dropJobState(d);
    clearRegistryRow(d, s.batchId);
    const inFlight = d.demo.tasks.filter((t) => rowOf(d, t.taskId)['Export Status'] === 'staging');
    expect(inFlight.length).toBeGreaterThan(0);
    const runs = d.ws.settle();
    expect(runs.map((r) => r.execution.fn)).toEqual(['runExportWatchdog', 'runExportWatchdog']);
    for (const t of inFlight) {
      expect(rowOf(d, t.taskId)['Export Status']).toBe('staging_failed');
    }
    const log = d.ws.sheets.values(d.demo.spreadsheetId, 'Export Log');
    expect(log[log.length - 1][6]).toMatch(
      /its interrupted staging could not be resumed: the record of where it is staged is missing\. Retry it from Resume failed exports\./,
    );
    expect(d.ws.triggers.list()).toEqual([]);
  });

  test('the last job to end keeps the watchdog while another batch is still in flight without its job', () => {
    const d = demoWorkspace({ demo: { tasks: 24 } });
    const ids = previewIds(d);
    const a = startStaging(d, ids.slice(0, 12)).batchId;
    d.ws.settle();
    deliver(d, a);
    dropJobState(d);
    const b = startStaging(d, ids.slice(12));
    while (!call<Progress>(d, 'continueJob', b.jobId).finished);
    // Batch A is still delivering with no job: the watchdog stays to rebuild it.
    expect(d.ws.triggers.list().map((t) => t.handlerFunction)).toEqual(['runExportWatchdog']);
    d.ws.settle();
    const inA = validTasks(d).filter((t) => rowOf(d, t.taskId)['Export Batch ID'] === a);
    expect(inA.length).toBeGreaterThan(0);
    for (const t of inA) expect(rowOf(d, t.taskId)['Export Status']).toBe('delivered');
    expect(d.ws.triggers.list()).toEqual([]);
  });

  test('two jobs at once share one watchdog, which goes when both are done', () => {
    const d = demoWorkspace();
    const ids = previewIds(d);
    startStaging(d, ids.slice(0, 3));
    startStaging(d, ids.slice(3));
    const watchdogs = d.ws.triggers.list().filter((t) => t.handlerFunction === 'runExportWatchdog');
    expect(watchdogs).toHaveLength(1);
    expect(watchdogs[0].periodMs).toBe(15 * 60 * 1000);
    d.ws.settle();
    expect(d.ws.triggers.list()).toEqual([]);
    const listed = call<{ items: Array<{ action: string; reasons: Array<{ reason: string }> }> }>(
      d,
      'listRecoverableExports',
    );
    const retries = listed.items.filter((i) => i.action === 'retryFailedStagingTasks');
    expect(retries.length).toBeGreaterThan(0);
    for (const r of retries) for (const x of r.reasons) expect(x.reason).toMatch(/^Task TSK-/);
  });
});
