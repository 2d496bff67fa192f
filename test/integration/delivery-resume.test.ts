import { SeededRandom } from '../../emulator/core/random';
import {
  Demo,
  call,
  demoWorkspace,
  duplicatesIn,
  rowOf,
  setSliceBudget,
  tree,
} from '../helpers/workspace';
import {
  Progress,
  deliver,
  deliveryFolder,
  deliveryOutcome,
  jobKeys,
  stageAll,
  validTasks,
} from '../helpers/delivery';

const BUDGET_MS = 1500;

/** A workspace with the demo batch staged, ready to deliver in small slices. */
function staged(): { d: Demo; batchId: string } {
  const d = demoWorkspace({ demo: { tasks: 24 } });
  const batchId = stageAll(d);
  setSliceBudget(d, BUDGET_MS);
  return { d, batchId };
}

/** The outcome of an undisturbed delivery. */
function baseline() {
  const { d, batchId } = staged();
  deliver(d, batchId);
  d.ws.settle();
  return deliveryOutcome(d, batchId);
}

/** How many service calls a delivery takes after its start, counted on a twin. */
function deliverySpan(): number {
  const { d, batchId } = staged();
  deliver(d, batchId);
  const from = d.ws.runtime.callCount;
  d.ws.settle();
  return d.ws.runtime.callCount - from;
}

/** The continuation trigger of a killed execution is lost too (deleted, disabled by Google...). */
function loseContinuationOnKill(d: Demo): void {
  d.ws.runtime.onExecutionEnd((ex) => {
    if (!ex.killed) return;
    for (const t of d.ws.triggers.list()) {
      if (t.handlerFunction === 'runExportJobs') d.ws.triggers.remove(t.uid);
    }
  });
}

function expectClean(d: Demo, batchId: string, keysBefore: string[]) {
  expect(duplicatesIn(tree(d, deliveryFolder(d, batchId)!.id))).toEqual([]);
  expect(d.ws.triggers.list()).toEqual([]);
  expect(jobKeys(d)).toEqual(keysBefore);
}

describe('delivery survives kills, lost triggers, lost state and tampering', () => {
  const expected = baseline();
  const span = deliverySpan();

  /** A staged batch whose delivery is killed at a random call (by seed), then left to triggers. */
  function killedMidDelivery(seed: number, loseContinuation: boolean) {
    const { d, batchId } = staged();
    const before = jobKeys(d);
    deliver(d, batchId);
    const at = d.ws.runtime.callCount + 1 + new SeededRandom(seed).int(span);
    d.ws.faults.killAt(at, seed % 2 === 1);
    if (loseContinuation) loseContinuationOnKill(d);
    const runs = d.ws.settle();
    expect(runs.some((r) => r.killed)).toBe(true);
    return { d, batchId, before, runs };
  }

  test.each([7, 23, 41, 59, 97, 113])(
    'killed at a random call (seed %i) with its continuation lost: the watchdog alone resumes it',
    (seed) => {
      const { d, batchId, before, runs } = killedMidDelivery(seed, true);
      // No sidebar was open: only triggers ran, and the watchdog did the resuming.
      expect(runs.every((r) => r.execution.triggerUid !== undefined)).toBe(true);
      // The continuation died with the killed execution: the next run is the watchdog's.
      const next = runs[runs.findIndex((r) => r.killed) + 1];
      if (next) expect(next.execution.fn).toBe('runExportWatchdog');
      expect(deliveryOutcome(d, batchId)).toEqual(expected);
      expectClean(d, batchId, before);
    },
  );

  test.each([5, 17, 31])(
    'killed at a random call (seed %i), the continuation resumes it: same end, no duplicate',
    (seed) => {
      const { d, batchId, before } = killedMidDelivery(seed, false);
      expect(deliveryOutcome(d, batchId)).toEqual(expected);
      expectClean(d, batchId, before);
    },
  );

  test('the job state is lost mid-delivery: the watchdog rebuilds it from the sheet and the registry', () => {
    const { d, batchId } = staged();
    const before = jobKeys(d);
    deliver(d, batchId);
    const statuses = () => validTasks(d).map((t) => rowOf(d, t.taskId)['Export Status']);
    // Trigger slices until some tasks are delivered and some are still delivering.
    for (let i = 0; i < 20 && !statuses().includes('delivered'); i++) d.ws.advance(60 * 1000);
    expect(statuses()).toContain('delivering');
    for (const key of d.ws.properties.script.keys()) {
      if (key.startsWith('exportJob')) d.ws.properties.script.delete(key);
    }
    for (const t of d.ws.triggers.list()) {
      if (t.handlerFunction === 'runExportJobs') d.ws.triggers.remove(t.uid);
    }
    const runs = d.ws.settle();
    expect(runs[0].execution.fn).toBe('runExportWatchdog');
    expect(deliveryOutcome(d, batchId)).toEqual(expected);
    expectClean(d, batchId, before);
    const log = d.ws.sheets.values(d.demo.spreadsheetId, 'Export Log').slice(1);
    for (const task of validTasks(d)) {
      const steps = log.filter((e) => e[2] === task.taskId).map((e) => e[5]);
      expect(steps.slice(2)).toEqual(['delivering', 'delivered']);
    }
  });

  test('a file removed from a client task folder after copying: delivery_failed naming it, then retryFailedDelivery fixes it', () => {
    const { d, batchId } = staged();
    const before = jobKeys(d);
    const victim = validTasks(d)[1];
    let removed: string | null = null;
    // Between the copy and the count (the count lists the folder over the REST API).
    const stop = d.ws.runtime.onCall((c) => {
      if (removed || c.method !== 'drive.files.list') return;
      const delivery = deliveryFolder(d, batchId);
      const folder =
        delivery && d.ws.drive.children(delivery.id).find((f) => f.name === victim.folderName);
      const files = folder ? d.ws.drive.children(folder.id) : [];
      if (files.length !== victim.expectedFiles) return;
      removed = files[2].name;
      d.ws.drive.trash(files[2].id);
    });
    const start = deliver(d, batchId);
    d.ws.settle();
    stop();
    expect(removed).not.toBeNull();
    const expectedReason = `Task ${victim.taskId}: the client folder "${victim.folderName}" does not hold exactly what was staged: "${removed}" is missing. Retry the delivery from Resume failed exports: it copies only what is missing.`;
    const progress = call<Progress>(d, 'getJobProgress', start.jobId);
    expect(progress.summary!.failed).toEqual([{ taskId: victim.taskId, reason: expectedReason }]);
    expect(rowOf(d, victim.taskId)['Export Status']).toBe('delivery_failed');
    const log = d.ws.sheets.values(d.demo.spreadsheetId, 'Export Log');
    const last = log.filter((e) => e[2] === victim.taskId).pop()!;
    expect(last.slice(4, 7)).toEqual(['delivering', 'delivery_failed', expectedReason]);
    for (const t of validTasks(d).filter((t) => t !== victim)) {
      expect(rowOf(d, t.taskId)['Export Status']).toBe('delivered');
    }

    // Listed for recovery, then retried into the same folder: only the missing file is copied.
    const recoverable = call<{
      items: Array<{ batchId: string; action: string; taskIds: string[] }>;
    }>(d, 'listRecoverableExports');
    expect(recoverable.items).toContainEqual(
      expect.objectContaining({ batchId, action: 'retryFailedDelivery', taskIds: [victim.taskId] }),
    );
    const retry = call<{ jobId: string; taskCount: number }>(
      d,
      'retryFailedDelivery',
      batchId,
      null,
    );
    expect(retry.taskCount).toBe(1);
    d.ws.settle();
    expect(call<Progress>(d, 'getJobProgress', retry.jobId)).toMatchObject({
      succeeded: 1,
      failed: 0,
      filesCopied: 1,
    });
    expect(rowOf(d, victim.taskId)['Export Status']).toBe('delivered');
    expect(deliveryOutcome(d, batchId)).toEqual(expected);
    expectClean(d, batchId, before);
  });
});
