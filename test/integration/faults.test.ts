/**
 * Fault storms (issue 7): Drive answering 5xx now and then, refusing writes for going too fast,
 * and answering an error for a copy it made. Through all of them an ops person stages and delivers
 * the demo batch as in the crash sweep; every task must end as it does undisturbed (staged tasks
 * delivered, the others failed with their reason), with each file exactly once in staging and in
 * the client folder.
 */
import type { FaultRule } from '../../emulator';
import { Demo, duplicatesIn, rowOf, tree } from '../helpers/workspace';
import {
  EndState,
  Journey,
  SweepSetup,
  opsJourney,
  sweepWorkspace,
  departuresFrom,
  undisturbedEnd,
} from '../helpers/sweep';

type Rule = Omit<FaultRule, 'match'> & { match: NonNullable<FaultRule['match']> };

const DRIVE_SERVICES = ['UrlFetchApp', 'DriveApp'];
const driveCall: Rule['match'] = (c) => DRIVE_SERVICES.includes(c.service);
const driveWrite: Rule['match'] = (c) => driveCall(c) && c.kind === 'write';
const copy: Rule['match'] = (c) => c.method === 'drive.files.copy' || c.method === 'File.makeCopy';
const folderCreate: Rule['match'] = (c) =>
  c.method === 'drive.files.create' || c.method === 'Folder.createFolder';

const REST: SweepSetup = { demo: { tasks: 24, filesPerTask: 8 } };
const DRIVEAPP: SweepSetup = { ...REST, copier: 'driveapp' };

const baselines = new Map<string, EndState>();

/** The end of the undisturbed journey for a setup and seed (each seed draws its own demo). */
function baseline(setup: SweepSetup): EndState {
  const key = JSON.stringify(setup);
  let end = baselines.get(key);
  if (!end) {
    const d = sweepWorkspace(setup);
    end = undisturbedEnd(d);
    baselines.set(key, end);
  }
  return end;
}

interface Storm {
  journey: Journey;
  fired: number;
}

/** The journey with `rules` in force from the first call to the last. */
function storm(base: SweepSetup, rules: Rule[], seed = 11): Storm {
  const setup = { ...base, ws: { ...base.ws, seed } };
  return finish(sweepWorkspace(setup), rules, baseline(setup));
}

function finish(d: Demo, rules: Rule[], expected: EndState): Storm {
  for (const rule of rules) d.ws.faults.add(rule);
  const journey = opsJourney(d);
  d.ws.faults.clear();
  expect(departuresFrom(d, expected)).toEqual([]);
  for (const t of d.demo.tasks.filter((t) => t.kind === 'valid')) {
    expect(rowOf(d, t.taskId)['Export Status']).toBe('delivered');
  }
  expect(duplicatesIn(tree(d, d.demo.folders.staging))).toEqual([]);
  expect(duplicatesIn(tree(d, d.demo.folders.clientAcme))).toEqual([]);
  return { journey, fired: d.ws.faults.fired.length };
}

/** What the person read on the way: plain words, never a raw service error. */
function expectPlainErrors(journey: Journey): void {
  for (const error of journey.errors) {
    expect(error).not.toMatch(/Service error|server error occurred|rate limit exceeded/i);
  }
}

describe('fault storms', () => {
  test.each([11, 12, 13])(
    '10%% of Drive calls answer 500/503 (seed %i): every task ends right, no file twice',
    (seed) => {
      const { journey, fired } = storm(
        REST,
        [{ kind: 'transient5xx', probability: 0.1, match: driveCall }],
        seed,
      );
      expect(fired).toBeGreaterThan(20);
      expectPlainErrors(journey);
    },
  );

  test('a rate-limit storm: 40 Drive writes in a row refused, then 30% of them', () => {
    // One rule per refusal: the 12th to the 51st Drive write of the journey.
    const inARow = Array.from({ length: 40 }, (_, i): Rule => ({
      kind: 'rateLimit',
      nth: 12 + i,
      match: driveWrite,
    }));
    const { fired, journey } = storm(REST, [
      ...inARow,
      { kind: 'rateLimit', probability: 0.3, match: driveWrite },
    ]);
    expect(fired).toBeGreaterThan(60);
    expectPlainErrors(journey);
  });

  test('Drive makes the copy but answers an error, for 20% of copies', () => {
    const { fired } = storm(REST, [{ kind: 'successWithError', probability: 0.2, match: copy }]);
    expect(fired).toBeGreaterThan(10);
  });

  test('Drive makes the folder but answers an error, for half the folder creations', () => {
    const { fired, journey } = storm(REST, [
      { kind: 'successWithError', probability: 0.5, match: folderCreate },
    ]);
    expect(fired).toBeGreaterThan(3);
    expectPlainErrors(journey);
  });

  // DriveApp spends one call per getter (a file's name, size, type...) where one REST request
  // answers for a hundred files, so the same share of failing requests is a smaller share of calls.
  test('with the DriveApp copier: 3% of Drive calls fail with a service error', () => {
    const { fired, journey } = storm(DRIVEAPP, [
      { kind: 'transient5xx', probability: 0.03, match: driveCall },
    ]);
    expect(fired).toBeGreaterThan(30);
    expectPlainErrors(journey);
  });

  test('with the DriveApp copier: copies made but answered as errors, 5xx and refusals', () => {
    const { fired, journey } = storm(DRIVEAPP, [
      { kind: 'successWithError', probability: 0.2, match: copy },
      { kind: 'transient5xx', probability: 0.02, match: driveCall },
      { kind: 'rateLimit', probability: 0.05, match: driveWrite },
    ]);
    expect(fired).toBeGreaterThan(10);
    expectPlainErrors(journey);
  });

  test('with the DriveApp copier: 20% of copies made but answered as errors', () => {
    const { fired } = storm(DRIVEAPP, [
      { kind: 'successWithError', probability: 0.2, match: copy },
    ]);
    expect(fired).toBeGreaterThan(10);
  });
});
