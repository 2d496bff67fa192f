/**
 * Google's quotas (issue 7): the script's properties hold at most 500 KB, and a person may have at
 * most 20 triggers on a script (the emulator enforces both as documented). Starting an export at
 * those limits gives a clear error and changes nothing; a job that runs into them mid-way loses
 * nothing and finishes once there is room again.
 */
import { PROPERTY_STORE_MAX_BYTES } from '../../emulator/services/properties';
import { Demo, callError, duplicatesIn, rowOf, snapshot, tree } from '../helpers/workspace';
import { stageAll, validTasks } from '../helpers/delivery';
import { SweepSetup, endState, opsJourney, sweepWorkspace, violations } from '../helpers/sweep';

const SETUP: SweepSetup = { demo: { tasks: 16, filesPerTask: 6 } };

const FILLER = 'ops.archive.';

function usedBytes(d: Demo): number {
  let total = 0;
  for (const [k, v] of d.ws.properties.script) {
    total += Buffer.byteLength(k, 'utf8') + Buffer.byteLength(v, 'utf8');
  }
  return total;
}

/** Other data of the project fills the script's properties until `room` bytes are left. */
function fillProperties(d: Demo, room: number): void {
  let n = 0;
  for (;;) {
    const left = PROPERTY_STORE_MAX_BYTES - room - usedBytes(d);
    const key = `${FILLER}${n++}`;
    const size = Math.min(8 * 1024, left - key.length);
    if (size <= 0) return;
    d.ws.properties.script.set(key, 'x'.repeat(size));
  }
}

function freeProperties(d: Demo): void {
  for (const key of [...d.ws.properties.script.keys()]) {
    if (key.startsWith(FILLER)) d.ws.properties.script.delete(key);
  }
}

/** Triggers the owner made for other things (one-off ones that fired: they still count). */
function addOtherTriggers(d: Demo, count: number): void {
  for (let i = 0; i < count; i++) {
    d.ws.triggers.add({
      uid: `90000000000000000${String(i).padStart(2, '0')}`,
      handlerFunction: 'sendWeeklyDigest',
      type: 'CLOCK',
      owner: d.ws.owner,
      createdAt: d.ws.clock.now(),
      dueAt: null,
      periodMs: null,
      firedCount: 1,
      lastFiredAt: d.ws.clock.now(),
    });
  }
}

function previewIds(d: Demo): string[] {
  const p = d.ws.callFromPage<{ selection: { tasks: Array<{ taskId: string }> } }>(
    'getTasksForStaging',
    [{}],
  );
  return p.value!.selection.tasks.map((t) => t.taskId);
}

/** The start's selection as the staging wizard sends it: ready tasks, and those that will fail. */
function wizardSelection(d: Demo): { taskIds: string[]; failing: string[] } {
  const p = d.ws.callFromPage<{
    selection: { tasks: Array<{ taskId: string }> };
    perTask: Array<{ taskId: string; problems: string[] }>;
  }>('getTasksForStaging', [{}]).value!;
  const failing = p.perTask.filter((t) => t.problems.length > 0).map((t) => t.taskId);
  const taskIds = p.selection.tasks.map((t) => t.taskId).filter((id) => !failing.includes(id));
  return { taskIds, failing };
}

const STORE_FULL =
  /^The script's properties hold at most 500 KB and only 2 KB are free, while this export needs about \d+ KB to keep track of its \d+ tasks\. Ask the script owner to remove properties no longer needed \(Extensions > Apps Script > Project Settings\), then start again\. Nothing was exported\.$/;
const TOO_MANY_TRIGGERS =
  /^You have (19|20) of the 20 triggers a person may have on this script, and the export needs 2 more to keep going when nobody watches\. Delete triggers you no longer need \(Extensions > Apps Script > Triggers\), or ask the script owner to, then start again\. Nothing was exported\.$/;

/** The error the person reads, without the name of its kind the page shows before it. */
function told(d: Demo, fn: string, ...args: unknown[]): string {
  return callError(d, fn, ...args).replace(/^\w+Error: /, '');
}

describe('the script properties store near its 500 KB limit', () => {
  test('starting a staging is refused plainly and changes nothing', () => {
    const d = sweepWorkspace(SETUP);
    const taskIds = previewIds(d);
    fillProperties(d, 1500);
    const before = snapshot(d);
    expect(told(d, 'executeStagingWizard', { filters: {}, taskIds })).toMatch(STORE_FULL);
    expect(snapshot(d)).toBe(before);
  });

  test('starting a delivery is refused plainly and changes nothing', () => {
    const d = sweepWorkspace(SETUP);
    const batchId = stageAll(d);
    fillProperties(d, 1500);
    const before = snapshot(d);
    expect(told(d, 'executeDeliveryWizard', batchId, d.demo.folders.clientAcme)).toMatch(
      STORE_FULL,
    );
    expect(snapshot(d)).toBe(before);
  });

  test('filled up while a job runs: nothing is lost, and once there is room it finishes', () => {
    const base = sweepWorkspace(SETUP);
    opsJourney(base);
    const expected = endState(base);
    const d = sweepWorkspace(SETUP);
    // Started as the wizard starts it (as the journey it is compared with does): the tasks the
    // preview found failing are marked so at the start.
    const start = d.ws.callFromPage<{ jobId: string; batchId: string }>('executeStagingWizard', [
      { filters: {}, ...wizardSelection(d) },
    ]);
    // Something else of the project fills the store before the first slice.
    fillProperties(d, 200);
    d.ws.advance(30 * 60 * 1000);
    for (const t of validTasks(d)) expect(rowOf(d, t.taskId)['Export Status']).toBe('staging');
    expect(d.ws.properties.script.get('exportJobs.active')).toContain('stage-');
    expect(told(d, 'continueJob', start.value!.jobId)).toMatch(
      new RegExp(
        `^Export batch ${start.value!.batchId}: its progress could not be saved \\(Google said: .*\\)\\. The script's properties hold at most 500 KB and may be full: .* Nothing is lost: the export goes on from where it stands once there is room\\.$`,
      ),
    );
    freeProperties(d);
    d.ws.settle();
    const journey = opsJourney(d);
    expect(journey.errors).toEqual([]);
    expect(violations(d, endState(d), expected)).toEqual([]);
  });
});

describe('20 triggers already present', () => {
  test.each([20, 19])(
    'with %i triggers of the person, starting a staging is refused plainly and changes nothing',
    (count) => {
      const d = sweepWorkspace(SETUP);
      const taskIds = previewIds(d);
      addOtherTriggers(d, count);
      const before = snapshot(d);
      expect(told(d, 'executeStagingWizard', { filters: {}, taskIds })).toMatch(TOO_MANY_TRIGGERS);
      expect(snapshot(d)).toBe(before);
    },
  );

  test('with 20 triggers, starting a delivery is refused plainly and changes nothing', () => {
    const d = sweepWorkspace(SETUP);
    const batchId = stageAll(d);
    addOtherTriggers(d, 20);
    const before = snapshot(d);
    expect(told(d, 'executeDeliveryWizard', batchId, d.demo.folders.clientAcme)).toMatch(
      TOO_MANY_TRIGGERS,
    );
    expect(snapshot(d)).toBe(before);
  });

  test('with 18, the export takes the last two: it runs to the end and leaves the 18 alone', () => {
    const d = sweepWorkspace(SETUP);
    addOtherTriggers(d, 18);
    expect(opsJourney(d).errors).toEqual([]);
    // The continuation keeps going on its own: no execution fails, none waits for the watchdog.
    const runs = d.ws.runtime.executions;
    expect(runs.filter((e) => e.outcome !== 'ok').map((e) => e.error)).toEqual([]);
    expect(runs.some((e) => e.fn === 'runExportWatchdog')).toBe(false);
    for (const t of validTasks(d)) expect(rowOf(d, t.taskId)['Export Status']).toBe('delivered');
    expect(duplicatesIn(tree(d, d.demo.folders.clientAcme))).toEqual([]);
    expect(d.ws.triggers.list().map((t) => t.handlerFunction)).toEqual(
      Array(18).fill('sendWeeklyDigest'),
    );
  });
});

describe('Google refuses a step of the start all the same', () => {
  const refused =
    /^JobStartError: Google did not let the export (add the time-driven trigger|save its progress record)/;

  test.each([
    ['the continuation trigger', 'ClockTriggerBuilder.create', 1],
    ['the watchdog trigger', 'ClockTriggerBuilder.create', 2],
    ['the job record', 'Properties.setProperties', 1],
  ])('%s: the start says so, takes back what it armed and changes nothing', (_, method, nth) => {
    const d = sweepWorkspace(SETUP);
    const taskIds = previewIds(d);
    const before = snapshot(d);
    d.ws.faults.add({ kind: 'error', nth, match: (c) => c.method === method });
    expect(callError(d, 'executeStagingWizard', { filters: {}, taskIds })).toMatch(refused);
    expect(snapshot(d)).toBe(before);
  });
});
