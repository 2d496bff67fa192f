/**
 * How the crash sweeps (test/integration/crash-sweep-*.test.ts) choose where to kill, run the ops
 * journey killed there, and report. Each sweep file picks its kill points from the calls of one
 * undisturbed run; every run starts from a fresh workspace with the same seed, so its calls up to
 * the first kill are those of the undisturbed run.
 *
 * Replay one kill point with its details: SWEEP_ONLY=123 npx jest test/integration/crash-sweep-rest
 * (every kill point of that file whose first kill is at call 123).
 */
import { INVALID_KINDS } from '../../emulator/demo';
import { Demo } from './workspace';
import { EndState, SweepSetup, endState, opsJourney, sweepWorkspace, violations } from './sweep';

/**
 * Every bad case of the demo (11 invalid kinds and 2 legacy exports) and 3 valid tasks, so that
 * several task folders are in flight at once; slices of 2.5 s, so that each job takes several.
 */
export function sweepSetup(copier: 'rest' | 'driveapp'): SweepSetup {
  return { demo: { tasks: 16, filesPerTask: 6 }, sliceBudgetMs: 2500, copier };
}

/** One service call of the undisturbed run. */
export interface CallRecord {
  index: number;
  service: string;
  method: string;
  kind: 'read' | 'write';
  executionId: number;
  /** The simulated time the call was made at (requests of one fetchAll share it). */
  at: number;
}

export interface Baseline {
  first: number;
  last: number;
  calls: CallRecord[];
  expected: EndState;
}

/** How the first kill lands: before the call acts, after it acted, or part way through a fetchAll. */
export type Kill = 'before' | 'after' | { partial: number };

export interface KillPoint {
  index: number;
  kill: Kill;
  /**
   * A second kill, in what follows the first: at the `nth` write of the executions that start
   * after the killed one (the person starting again, the continuation's next slice, the
   * watchdog's rebuild and resume), before or after it acts.
   */
  then?: { nth: number; after: boolean };
}

/** The undisturbed run: its calls, and how it ends, checked against what the demo says. */
function baseline(setup: SweepSetup): Baseline {
  const d = sweepWorkspace(setup);
  const first = d.ws.runtime.callCount + 1;
  const calls: CallRecord[] = [];
  const stop = d.ws.runtime.onCall((c) =>
    calls.push({
      index: c.index,
      service: c.service,
      method: c.method,
      kind: c.kind,
      executionId: c.executionId,
      at: d.ws.clock.now(),
    }),
  );
  expect(opsJourney(d).errors).toEqual([]);
  stop();
  const last = d.ws.runtime.callCount;
  const expected = endState(d);
  expectBaselineRight(d, expected);
  expect(violations(d, expected, expected)).toEqual([]);
  return { first, last, calls, expected };
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
  // One row per staged file, each naming its file in the staging folder.
  expect(end.stagedFiles).toHaveLength(files);
  for (const row of end.stagedFiles) {
    expect(row).toMatch(/ \| My Drive\/Exports Staging\/Export_[^/]*<batch 1>\/[^/]+\/[^/]+$/);
  }
  // One row per status change: 2 legacy rows; for each of the 11 tasks staged a claim and a
  // result, or one row for each the preview found would fail the file check (marked
  // staging_failed at the start, PLAN 2.2); a claim and a result for each of the 3 delivered.
  const failedAtStart = end.log.filter((row) => / \| not exported -> staging_failed \| /.test(row));
  expect(failedAtStart.length).toBeGreaterThan(0);
  expect(end.log).toHaveLength(2 + 11 * 2 - failedAtStart.length + valid.length * 2);
  expect(end.summaries.filter((s) => /^(staging|delivery): /.test(s))).toHaveLength(2);
}

/** Every call, killed before it acts and after it acted. */
export function everyCall(b: Baseline): KillPoint[] {
  return b.calls.flatMap(({ index }) => [
    { index, kill: 'before' as const },
    { index, kill: 'after' as const },
  ]);
}

/**
 * The kill points that differ in what they leave behind: before and after each write; before the
 * first call of each execution (nothing of it happened) and after its last (all of it happened,
 * its answer lost). A read changes nothing, so a kill before a read that follows a write of the
 * same execution leaves what a kill after that write leaves, and a kill after a read what a kill
 * before the next call leaves.
 */
export function writesAndEnds(b: Baseline): KillPoint[] {
  const points: KillPoint[] = [];
  b.calls.forEach((c, i) => {
    const firstOfExecution = b.calls[i - 1]?.executionId !== c.executionId;
    const lastOfExecution = b.calls[i + 1]?.executionId !== c.executionId;
    if (c.kind === 'write' || firstOfExecution) points.push({ index: c.index, kill: 'before' });
    if (c.kind === 'write' || lastOfExecution) points.push({ index: c.index, kill: 'after' });
  });
  return points;
}

/**
 * Each fetchAll of two requests or more, killed once each of its first 1 to n-1 requests acted
 * (its requests pass the gate at one instant, one after the other).
 */
export function fetchAllPartWay(b: Baseline): KillPoint[] {
  const points: KillPoint[] = [];
  let i = 0;
  while (i < b.calls.length) {
    let n = 1;
    const c = b.calls[i];
    while (
      c.service === 'UrlFetchApp' &&
      b.calls[i + n]?.service === 'UrlFetchApp' &&
      b.calls[i + n].executionId === c.executionId &&
      b.calls[i + n].at === c.at
    ) {
      n += 1;
    }
    for (let k = 1; k < n; k++) points.push({ index: c.index, kill: { partial: k } });
    i += n;
  }
  return points;
}

/**
 * The same first kills, each followed by a second one: at the `nth` write of what follows, `nth`
 * going round 1 to `upTo` and before/after in turn from one point to the next, so that every
 * second kill among the first writes of a resume (its lease, continuation, claim and commit)
 * comes after first kills all along the journey.
 */
export function withSecondKills(points: readonly KillPoint[], upTo: number): KillPoint[] {
  return points.map((p, i) => ({
    ...p,
    then: { nth: 1 + (i % upTo), after: Math.floor(i / upTo) % 2 === 1 },
  }));
}

/**
 * Every `n`th of the kill points, and all of those at the copier's own Drive writes (a copy, a
 * folder made, a description cleared, a move): for the DriveApp journey, whose status and job code
 * is the REST journey's.
 */
export function copierWritesAndEvery(
  b: Baseline,
  points: readonly KillPoint[],
  n: number,
): KillPoint[] {
  const byIndex = new Map(b.calls.map((c) => [c.index, c]));
  const copier = (p: KillPoint) => {
    const c = byIndex.get(p.index)!;
    return c.kind === 'write' && (c.service === 'DriveApp' || c.service === 'UrlFetchApp');
  };
  return points.filter((p, i) => copier(p) || i % n === 0);
}

/** Only the kill points at the calls SWEEP_ONLY names, when it is set. */
function onlyAsked(points: readonly KillPoint[]): KillPoint[] {
  const only = process.env.SWEEP_ONLY;
  if (!only) return [...points];
  const wanted = new Set(only.split(',').map(Number));
  return points.filter((p) => wanted.has(p.index));
}

/** One run killed at `point`: the broken promises, each with where the kill landed. */
function sweepOne(setup: SweepSetup, point: KillPoint, expected: EndState): string[] {
  const d = sweepWorkspace(setup);
  const { index, kill, then } = point;
  d.ws.faults.killAt(index, kill === 'before' ? false : kill === 'after' ? true : kill);
  if (then) {
    const killedIn = () => kills(d)[0]?.call.executionId;
    d.ws.faults.add({
      kind: then.after ? 'killAfter' : 'kill',
      nth: then.nth,
      match: (c) => c.kind === 'write' && killedIn() !== undefined && c.executionId > killedIn()!,
    });
  }
  let found: string[];
  let seen: string[] = [];
  // Half the runs the person starts again at once after an error, half waits for the triggers.
  const manner = { patient: index % 2 === 0 };
  try {
    seen = opsJourney(d, manner).errors;
    found = violations(d, endState(d), expected);
  } catch (e) {
    found = [`the journey stopped: ${(e as Error).message}`];
  }
  const label = `${describePoint(point)} (${manner.patient ? 'patient' : 'impatient'}) at ${whereKilled(d)}`;
  if (process.env.SWEEP_ONLY) {
    process.stdout.write(
      `kill point ${label}\n  errors seen: ${JSON.stringify(seen)}\n  violations: ${JSON.stringify(found)}\n  executions: ${d.ws.runtime.executions.map((e) => `${e.fn}:${e.outcome}`).join(', ')}\n`,
    );
  }
  return found.map((v) => `kill point ${label}: ${v}`);
}

function describePoint({ index, kill, then }: KillPoint): string {
  const first =
    kill === 'before'
      ? `${index}`
      : kill === 'after'
        ? `${index} (after)`
        : `${index} (after ${kill.partial} of its fetchAll)`;
  return then ? `${first}, then write ${then.nth}${then.after ? ' (after)' : ''}` : first;
}

/** The kills that fired, without the faults that only answered an error. */
function kills(d: Demo) {
  return d.ws.faults.fired.filter((f) => f.kind === 'kill' || f.kind === 'killAfter');
}

function whereKilled(d: Demo): string {
  if (kills(d).length === 0) return 'a call never made';
  return kills(d)
    .map(({ call }) => {
      const ex = d.ws.runtime.executions[call.executionId - 1];
      return `${call.service}.${call.method} in ${ex.fn}`;
    })
    .join(', then ');
}

/**
 * Runs the journey killed at each point, prints the sweep's figures and returns the violations
 * found (the test expects none).
 */
function sweep(title: string, setup: SweepSetup, b: Baseline, points: KillPoint[]): string[] {
  const started = Date.now();
  const found: string[] = [];
  for (const point of points) found.push(...sweepOne(setup, point, b.expected));
  const failing = [...new Set(found.map((f) => f.split(' ')[2].replace(/,$/, '')))];
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  process.stdout.write(
    `crash sweep (${title}, ${setup.copier} copier): ${points.length} kill points tried (calls ${b.first}-${b.last}), ${found.length} violations found, ${seconds} s${failing.length ? `; replay with SWEEP_ONLY=${failing.join(',')}` : ''}\n`,
  );
  return found;
}

/** A sweep takes up to a few minutes; jest's default would cut it short. */
const SWEEP_TIMEOUT_MS = 15 * 60_000;

/**
 * One sweep as a test: the undisturbed run of `setup`, then a run killed at each point `pick`
 * chooses from it (narrowed by SWEEP_ONLY), none of which may end otherwise.
 */
export function sweepTest(
  name: string,
  title: string,
  setup: SweepSetup,
  pick: (b: Baseline) => KillPoint[],
): void {
  test(
    name,
    () => {
      const b = baseline(setup);
      expect(sweep(title, setup, b, onlyAsked(pick(b)))).toEqual([]);
    },
    SWEEP_TIMEOUT_MS,
  );
}
