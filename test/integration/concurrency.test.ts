/**
 * Executions side by side (issue 7, DESIGN invariant 5). Apps Script runs a second execution while
 * a first one is between two service calls; here the second one is run from inside the first one's
 * k-th call, for every k, in a fresh workspace each time:
 * - two users start the same batch at once (staging, then delivery);
 * - the sidebar asks for a slice while the continuation trigger's slice runs, and the other way
 *   round;
 * - the watchdog fires while a slice runs.
 * One of them works, the other is told plainly (or, for a trigger, does nothing), and the batch
 * ends exactly as when nobody raced: nothing is done twice.
 */
import type { RunResult } from '../../emulator';
import { Demo, snapshot } from '../helpers/workspace';
import {
  Comparison,
  EndState,
  Journey,
  SweepSetup,
  during,
  deliverAsPerson,
  shareWorkWith,
  stageAsPerson,
  sweepWorkspace,
  departuresFrom,
  undisturbedEnd,
} from '../helpers/sweep';

const SETUP: SweepSetup = { demo: { tasks: 16, filesPerTask: 6 }, sliceBudgetMs: 2500 };

// Each test runs the journey once per call of an execution: tens of seconds, not a time limit.
jest.setTimeout(5 * 60_000);
/** A colleague with the owner's access (other@example.com owns files the owner cannot open). */
const OTHER = 'colleague@example.com';

/** Told to the one who came second: it names what is going on, and what to do. */
const PLAIN_REFUSALS = [
  /^Another export is being started( or changed)? right now\. Wait a moment and try again\.$/,
  /^Task TSK-\d+ is already in export batch EXP-[\w-]+ \(“(Being staged|Staging failed)”\)(\. Task TSK-\d+ is already in export batch EXP-[\w-]+ \(“(Being staged|Staging failed)”\))*\. Go back to the preview to refresh the list\.$/,
  /^Export batch EXP-[\w-]+ is already being delivered \(started by \S+@example\.com at [\dT:.Z-]+\)\. Follow it in the delivery wizard, or wait for it to finish\.$/,
];

let expected: EndState;

beforeAll(() => {
  const d = sweepWorkspace(SETUP);
  expected = undisturbedEnd(d);
});

function workspace(): Demo {
  const d = sweepWorkspace(SETUP);
  d.ws.addUser(OTHER);
  shareWorkWith(d, OTHER);
  return d;
}

/** How many service calls the first execution of `fn` makes when nothing races it. */
function callsOf(fn: string, upTo: (d: Demo) => void): number {
  const d = workspace();
  upTo(d);
  const ex = d.ws.runtime.executions.find((e) => e.fn === fn);
  if (!ex) throw new Error(`no execution of ${fn}`);
  return ex.calls;
}

/** What broke, for a race at call k; the test lists every k that broke something. */
function check(k: number, d: Demo, problems: string[], compare: Comparison = {}): string[] {
  const journey: Journey = { errors: [] };
  d.ws.settle();
  stageAsPerson(d, journey);
  deliverAsPerson(d, journey);
  return [...problems, ...departuresFrom(d, expected, compare)].map((p) => `call ${k}: ${p}`);
}

/** Either of the two people may have won the race: the log names them, their access decides. */
const EITHER: Comparison = { whoever: true };

function oneStarted(first: RunResult, second: RunResult | undefined): string[] {
  if (!second) return ['the second start never ran'];
  const results = [first, second];
  const started = results.filter((r) => r.ok).length;
  // The error's name may come first, as the page's failure handler shows it.
  const refusals = results
    .filter((r) => !r.ok)
    .map((r) => (r.error ?? '').replace(/^\w+Error: /, ''));
  const problems = started === 1 ? [] : [`${started} starts went through`];
  for (const message of refusals) {
    if (!PLAIN_REFUSALS.some((plain) => plain.test(message))) {
      problems.push(`told: "${message}"`);
    }
  }
  return problems;
}

/** The start the wizard makes of its preview: the tasks to stage, and those that will fail. */
function preview(d: Demo, user?: string): { taskIds: string[]; failing: string[] } {
  const result = d.ws.callFromPage<{
    selection: { tasks: Array<{ taskId: string }> };
    perTask: Array<{ taskId: string; problems: string[] }>;
  }>('getTasksForStaging', [{}], { user });
  if (!result.ok) throw new Error(result.error);
  const failing = result.value!.perTask.filter((t) => t.problems.length > 0).map((t) => t.taskId);
  const taskIds = result
    .value!.selection.tasks.map((t) => t.taskId)
    .filter((id) => !failing.includes(id));
  return { taskIds, failing };
}

function stage(d: Demo, user?: string): RunResult<{ jobId: string; batchId: string }> {
  return d.ws.callFromPage('executeStagingWizard', [{ filters: {}, ...preview(d, user) }], {
    user,
  });
}

function staged(): { d: Demo; batchId: string } {
  const d = workspace();
  const start = stage(d);
  d.ws.settle();
  return { d, batchId: start.value!.batchId };
}

function deliver(d: Demo, batchId: string, user?: string): RunResult<{ jobId: string }> {
  return d.ws.callFromPage('executeDeliveryWizard', [batchId, d.demo.folders.clientAcme], {
    user,
  });
}

const each = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('two users start the same batch at once', () => {
  test('staging: at every call of one start, a colleague starts the same tasks', () => {
    const calls = callsOf('executeStagingWizard', (d) => stage(d));
    const broken = each(calls).flatMap((k) => {
      const d = workspace();
      const theirs = preview(d, OTHER);
      const race = during(d, 'executeStagingWizard', k, () =>
        d.ws.callFromPage('executeStagingWizard', [{ filters: {}, ...theirs }], {
          user: OTHER,
        }),
      );
      const mine = stage(d);
      race.stop();
      return check(k, d, oneStarted(mine, race.result()), EITHER);
    });
    expect(broken).toEqual([]);
  });

  test('delivery: at every call of one start, a colleague delivers the same batch', () => {
    const calls = callsOf('executeDeliveryWizard', (d) => {
      const { batchId } = stage(d).value!;
      d.ws.settle();
      deliver(d, batchId);
    });
    const broken = each(calls).flatMap((k) => {
      const { d, batchId } = staged();
      const race = during(d, 'executeDeliveryWizard', k, () => deliver(d, batchId, OTHER));
      const mine = deliver(d, batchId);
      race.stop();
      return check(k, d, oneStarted(mine, race.result()), EITHER);
    });
    expect(broken).toEqual([]);
  });
});

interface Progress {
  finished: boolean;
  busy?: boolean;
}

/** The sidebar's loop: a slice after another until the job is done (or 100 tries). */
function driveFromSidebar(d: Demo, jobId: string): void {
  for (let i = 0; i < 100; i++) {
    const p = d.ws.callFromPage<Progress>('continueJob', [jobId]);
    if (p.ok && p.value!.finished) return;
  }
}

/** The continuation trigger, firing now (as a trigger fires while something else runs). */
function fireContinuation(d: Demo): RunResult {
  const trigger = d.ws.triggers.list().find((t) => t.handlerFunction === 'runExportJobs');
  return d.ws.run('runExportJobs', [{ triggerUid: trigger?.uid, authMode: 'FULL' }], {
    user: trigger?.owner,
  });
}

type Phase = 'staging' | 'delivery';

/** A job of the phase just started, its slices not yet run. */
function started(phase: Phase): { d: Demo; jobId: string } {
  if (phase === 'staging') {
    const d = workspace();
    return { d, jobId: stage(d).value!.jobId };
  }
  const { d, batchId } = staged();
  return { d, jobId: deliver(d, batchId).value!.jobId };
}

function firstSliceCalls(phase: Phase, fn: string, run: (d: Demo, jobId: string) => void) {
  const { d, jobId } = started(phase);
  const before = d.ws.runtime.executions.length;
  run(d, jobId);
  const ex = d.ws.runtime.executions.slice(before).find((e) => e.fn === fn);
  if (!ex) throw new Error(`no slice of ${fn}`);
  return ex.calls;
}

describe('the sidebar and the trigger race on the same slice', () => {
  test.each<Phase>(['staging', 'delivery'])(
    '%s: the sidebar asks for a slice at every call of a trigger slice: told busy, nothing twice',
    (phase) => {
      const calls = firstSliceCalls(phase, 'runExportJobs', (d) => d.ws.settle());
      let busy = 0;
      const broken = each(calls).flatMap((k) => {
        const { d, jobId } = started(phase);
        const race = during(d, 'runExportJobs', k, (c) => ({
          held: d.ws.locks.isHeldBy('script', c.executionId),
          answer: d.ws.callFromPage<Progress>('continueJob', [jobId]),
        }));
        d.ws.settle();
        race.stop();
        const seen = race.result();
        const problems: string[] = [];
        if (!seen?.answer.ok) problems.push(`the sidebar got: ${seen?.answer.error}`);
        else if (seen.held && !seen.answer.value!.busy) problems.push('not told busy');
        if (seen?.answer.value?.busy) busy += 1;
        return check(k, d, problems);
      });
      expect(broken).toEqual([]);
      expect(busy).toBeGreaterThan(calls / 2);
    },
  );

  test.each<Phase>(['staging', 'delivery'])(
    '%s: the continuation fires at every call of a sidebar slice: it does nothing twice',
    (phase) => {
      const calls = firstSliceCalls(phase, 'continueJob', (d, jobId) =>
        d.ws.callFromPage('continueJob', [jobId]),
      );
      const broken = each(calls).flatMap((k) => {
        const { d, jobId } = started(phase);
        const race = during(d, 'continueJob', k, () => fireContinuation(d));
        driveFromSidebar(d, jobId);
        race.stop();
        const fired = race.result();
        const problems = fired && !fired.ok ? [`the trigger failed: ${fired.error}`] : [];
        return check(k, d, problems);
      });
      expect(broken).toEqual([]);
    },
  );
});

describe('a continuation with no job to run fires while a job is being started', () => {
  test('at every call of the start: the new job keeps its own continuation', () => {
    const calls = callsOf('executeStagingWizard', (d) => stage(d));
    const broken = each(calls).flatMap((k) => {
      const d = workspace();
      // Left armed by a start that died before it registered its job.
      d.ws.execute(() =>
        (d.ws.globals().ScriptApp as GoogleAppsScript.Script.ScriptApp)
          .newTrigger('runExportJobs')
          .timeBased()
          .after(60_000)
          .create(),
      );
      const leftover = d.ws.triggers.list()[0].uid;
      const race = during(d, 'executeStagingWizard', k, () =>
        d.ws.run('runExportJobs', [{ triggerUid: leftover, authMode: 'FULL' }]),
      );
      const mine = stage(d);
      race.stop();
      const problems = mine.ok ? [] : [`the start failed: ${mine.error}`];
      if (!race.result()?.ok) problems.push(`the leftover trigger failed: ${race.result()?.error}`);
      d.ws.settle();
      // Resumed by its continuation, not 15 minutes later by the watchdog.
      if (d.ws.runtime.executions.some((e) => e.fn === 'runExportWatchdog')) {
        problems.push('the job waited for the watchdog');
      }
      return check(k, d, problems);
    });
    expect(broken).toEqual([]);
  });
});

describe('the watchdog fires while a slice runs', () => {
  test.each<Phase>(['staging', 'delivery'])(
    '%s: at every call of a trigger slice the watchdog fires: it changes nothing, the job ends once',
    (phase) => {
      const calls = firstSliceCalls(phase, 'runExportJobs', (d) => d.ws.settle());
      const broken = each(calls).flatMap((k) => {
        const { d } = started(phase);
        const race = during(d, 'runExportJobs', k, () => {
          const before = snapshot(d);
          const round = d.ws.run('runExportWatchdog', [{ authMode: 'FULL' }]);
          return { round, changed: snapshot(d) !== before };
        });
        d.ws.settle();
        race.stop();
        const seen = race.result();
        const problems: string[] = [];
        if (!seen?.round.ok) problems.push(`the watchdog failed: ${seen?.round.error}`);
        if (seen?.changed) problems.push('the watchdog changed something');
        return check(k, d, problems);
      });
      expect(broken).toEqual([]);
    },
  );
});
