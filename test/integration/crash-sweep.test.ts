/**
 * The crash sweep (issue 7, DESIGN invariants 1, 2, 3 and 4). An ops person stages the default
 * selection of a mixed demo batch and delivers it to a client folder. That journey is run once
 * undisturbed to count its service calls; then, for every call index, in a fresh workspace, the
 * execution making that call is killed there (before the call takes effect, and after it took
 * effect with its answer lost), the triggers and the watchdog go on, and the person starts again
 * whatever a killed start left unstarted. Each run must end exactly as the undisturbed one.
 *
 * Replay one kill point with its details: SWEEP_ONLY=123 npx jest test/integration/crash-sweep
 * (both kinds of kill at call 123). SWEEP_COPIER=driveapp sweeps with the DriveApp copier.
 */
import { INVALID_KINDS } from '../../emulator/demo';
import { Demo } from '../helpers/workspace';
import {
  EndState,
  SweepSetup,
  endState,
  opsJourney,
  sweepWorkspace,
  violations,
  departuresFrom,
} from '../helpers/sweep';

/**
 * Every bad case of the demo (11 invalid kinds and 2 legacy exports) and 3 valid tasks, so that
 * several task folders are in flight at once; slices of 2.5 s, so that each job takes several.
 */
const SETUP: SweepSetup = {
  demo: { tasks: 16, filesPerTask: 6 },
  sliceBudgetMs: 2500,
  copier: process.env.SWEEP_COPIER === 'driveapp' ? 'driveapp' : 'rest',
};

interface KillPoint {
  index: number;
  after: boolean;
}

function killPoints(first: number, last: number): KillPoint[] {
  const only = process.env.SWEEP_ONLY;
  const indexes = only
    ? only.split(',').map(Number)
    : Array.from({ length: last - first + 1 }, (_, i) => first + i);
  return indexes.flatMap((index) => [
    { index, after: false },
    { index, after: true },
  ]);
}

/** One run killed at `point`: the broken promises, each with where the kill landed. */
function sweepOne(point: KillPoint, expected: EndState): string[] {
  const d = sweepWorkspace(SETUP);
  d.ws.faults.killAt(point.index, point.after);
  let found: string[];
  let seen: string[] = [];
  try {
    seen = opsJourney(d).errors;
    found = departuresFrom(d, expected);
  } catch (e) {
    found = [`the journey stopped: ${(e as Error).message}`];
  }
  const label = `${point.index}${point.after ? ' (after)' : ''} at ${whereKilled(d)}`;
  if (process.env.SWEEP_ONLY) {
    process.stdout.write(
      `kill point ${label}\n  errors seen: ${JSON.stringify(seen)}\n  violations: ${JSON.stringify(found)}\n  executions: ${d.ws.runtime.executions.map((e) => `${e.fn}:${e.outcome}`).join(', ')}\n`,
    );
  }
  return found.map((v) => `kill point ${label}: ${v}`);
}

function whereKilled(d: Demo): string {
  const fired = d.ws.faults.fired[0];
  if (!fired) return 'a call never made';
  const ex = d.ws.runtime.executions[fired.call.executionId - 1];
  return `${fired.call.service}.${fired.call.method} in ${ex.fn}`;
}

/** What the undisturbed journey must leave, from what the demo says each row is. */
function expectBaselineRight(d: Demo, end: EndState): void {
  const kinds = new Set(d.demo.tasks.map((t) => t.kind));
  for (const kind of [...INVALID_KINDS, 'alreadyExported', 'valid'] as const) {
    expect(kinds).toContain(kind);
  }
  const valid = d.demo.tasks.filter((t) => t.kind === 'valid');
  const expectedStatus = (t: (typeof d.demo.tasks)[number]): string => {
    if (t.kind === 'valid') return `delivered | ${t.expectedFiles} | <batch 1>`;
    if (t.kind === 'alreadyExported') return 'delivered';
    if (['notComplete', 'reviewFailed', 'reviewPending'].includes(t.kind)) return ' |  | ';
    return 'staging_failed |  | <batch 1>';
  };
  for (const t of d.demo.tasks) {
    expect(end.statuses.find((s) => s.startsWith(`${t.taskId} |`))).toContain(expectedStatus(t));
  }
  const files = valid.reduce((n, t) => n + t.expectedFiles, 0);
  expect(end.batches).toHaveLength(1);
  expect(end.stagingFiles).toHaveLength(files + 1); // and the export sheet
  expect(end.clientItems.filter((p) => p.split('/').length === 4)).toHaveLength(files);
  expect(end.exportSheets).toBe(1);
}

describe('crash sweep', () => {
  test(
    'killed at any service call of a stage and deliver, the batch ends exactly as undisturbed',
    () => {
      const base = sweepWorkspace(SETUP);
      const first = base.ws.runtime.callCount + 1;
      expect(opsJourney(base).errors).toEqual([]);
      const last = base.ws.runtime.callCount;
      const expected = endState(base);
      expectBaselineRight(base, expected);
      expect(violations(base, expected, expected)).toEqual([]);

      const points = killPoints(first, last);
      const found = points.flatMap((point) => sweepOne(point, expected));
      const failing = [...new Set(found.map((f) => f.split(' ')[2]))];
      process.stdout.write(
        `crash sweep (${SETUP.copier} copier): ${points.length} kill points tried (calls ${first}-${last}, each killed before and after it took effect), ${found.length} violations found${failing.length ? `; replay with SWEEP_ONLY=${failing.join(',')}` : ''}\n`,
      );
      expect(found).toEqual([]);
    },
    15 * 60_000,
  );
});
